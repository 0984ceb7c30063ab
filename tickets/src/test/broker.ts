import { BrokerOptions, startNatsServer, startNatsStreaming, testNats, uniqueId } from '@ticketing/toolkit';
import { eventSupervisor, EventSupervisor, eventTransport } from '@ticketing/common';
import { waitUntil } from './tickets';

// The transport these tests run on is EVENT_TRANSPORT, as the service reads it when its modules load:
// jest.config.js runs the outbox's suites once per transport by setting it.

export interface TestBroker {
  url: string;
  /** NATS Streaming's cluster; JetStream ignores it. */
  clusterId: string;
  port: number;
  monitorPort: number;
  stop(): Promise<void>;
}

/**
 * A broker of the test file's own on the tests' transport: nats-streaming-server, or nats-server with
 * JetStream. Pass the same store folder and ports to start it again with what it stored.
 */
export const startTestBroker = async (options: BrokerOptions = {}): Promise<TestBroker> =>
  eventTransport() === 'jetstream'
    ? { ...(await startNatsServer(options)), clusterId: '' }
    : startNatsStreaming(options);

/** Where the file's tests publish: the run's shared NATS Streaming broker, or a JetStream server of the file's own. */
export const fileBroker = async (): Promise<{ url: string; clusterId: string; stop(): Promise<void> }> =>
  eventTransport() === 'jetstream' ? startTestBroker() : { ...testNats(), stop: async () => {} };

/** A connection of its own to `broker`, kept up as a service's is; `stop()` closes it. */
export const connectTo = async (broker: { url: string; clusterId: string }): Promise<EventSupervisor> => {
  const connection = eventSupervisor(eventTransport());
  connection.start({ clusterId: broker.clusterId, clientId: uniqueId('tickets-test'), url: broker.url });
  await waitUntil(() => connection.isConnected, 20_000, 'a test connection to the broker');
  return connection;
};
