import { testNats, uniqueId } from '@ticketing/toolkit';
import { EventClient, EventSupervisor, Listener, ListenerMessage, NatsWrapper, Subjects } from '@ticketing/common';
import { nats } from '../nats';
import { TicketEvent } from '../outbox/ticket-events';
import { ticketRelay } from '../outbox/ticket-relay';
import { waitUntil } from './tickets';
import { connectTo, fileBroker } from './broker';

/** A NATS Streaming connection of its own to a broker (the run's shared one by default); close it with `close()`. */
export const connectNats = async ({ url, clusterId } = testNats()): Promise<NatsWrapper> => {
  const wrapper = new NatsWrapper();
  await wrapper.connect(clusterId, uniqueId('tickets-test'), url);
  return wrapper;
};

/** A real Listener, as another service would subscribe, handing what it receives to `record`. */
class RecordingListener<T extends TicketEvent> extends Listener<T> {
  constructor(
    client: EventClient,
    public subject: T['subject'],
    public queueGroupName: string,
    private record: (event: TicketEvent) => void,
  ) {
    super(client);
  }

  onMessage(data: T['data'], msg: ListenerMessage) {
    this.record({ subject: this.subject, data } as TicketEvent);
    msg.ack();
  }
}

/**
 * Subscribes to ticket:created and ticket:updated from the start of the channels, with a queue
 * group of its own. The broker is shared by all test files, so read events through `forTicket`.
 */
export class TicketEventRecorder {
  readonly received: TicketEvent[] = [];

  constructor(client: EventClient) {
    const group = uniqueId('recorder');
    const record = (event: TicketEvent) => this.received.push(event);
    new RecordingListener(client, Subjects.TicketCreated, group, record).listen();
    new RecordingListener(client, Subjects.TicketUpdated, group, record).listen();
  }

  forTicket(id: string): TicketEvent[] {
    return this.received.filter((event) => event.data.id === id);
  }

  /** Versions received for a ticket, in arrival order. */
  versions(id: string): number[] {
    return this.forTicket(id).map((event) => event.data.version);
  }

  waitForCount(id: string, count: number, timeoutMs = 10_000) {
    return waitUntil(() => this.forTicket(id).length >= count, timeoutMs, `${count} events for ticket ${id}`);
  }
}

/**
 * For a test file whose service publishes for real: connects `nats` to the file's broker (see
 * fileBroker), and records what a listener on a connection of its own receives (read
 * `events.recorder` in tests). After the file, stops the service relay and closes both connections.
 */
export const publishAndRecord = (): { recorder: TicketEventRecorder } => {
  const events = {} as { recorder: TicketEventRecorder };
  let broker: Awaited<ReturnType<typeof fileBroker>>;
  let listenerConnection: EventSupervisor;

  beforeAll(async () => {
    broker = await fileBroker();
    nats.start({ clusterId: broker.clusterId, clientId: uniqueId('tickets'), url: broker.url });
    await waitUntil(() => nats.isConnected, 20_000, 'the service to connect to NATS');
    listenerConnection = await connectTo(broker);
    events.recorder = new TicketEventRecorder(listenerConnection.client);
  });

  afterAll(async () => {
    await ticketRelay.stop();
    await nats.stop();
    await listenerConnection.stop();
    await broker.stop();
  });

  return events;
};
