import { Message, Stan } from 'node-nats-streaming';
import { testNats, uniqueId } from '@ticketing/toolkit';
import { Listener, NatsWrapper, Subjects } from '@ticketing/common';
import { nats } from '../nats';
import { TicketEvent } from '../outbox/ticket-events';
import { ticketRelay } from '../outbox/ticket-relay';
import { waitUntil } from './tickets';

/** A connection of its own to a broker (the run's shared one by default); close it with `close()`. */
export const connectNats = async ({ url, clusterId } = testNats()): Promise<NatsWrapper> => {
  const wrapper = new NatsWrapper();
  await wrapper.connect(clusterId, uniqueId('tickets-test'), url);
  return wrapper;
};

/** A real Listener, as another service would subscribe, handing what it receives to `record`. */
class RecordingListener<T extends TicketEvent> extends Listener<T> {
  constructor(
    client: Stan,
    public subject: T['subject'],
    public queueGroupName: string,
    private record: (event: TicketEvent) => void,
  ) {
    super(client);
  }

  onMessage(data: T['data'], msg: Message) {
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

  constructor(client: Stan) {
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
 * For a test file whose service publishes for real: connects `nats` to the run's broker,
 * and records what a listener on a connection of its own receives (read `events.recorder` in
 * tests). After the file, stops the service relay and closes both connections.
 */
export const publishAndRecord = (): { recorder: TicketEventRecorder } => {
  const events = {} as { recorder: TicketEventRecorder };
  let listenerConnection: NatsWrapper;

  beforeAll(async () => {
    const { url, clusterId } = testNats();
    nats.start({ clusterId, clientId: uniqueId('tickets'), url });
    await waitUntil(() => nats.isConnected, 20_000, 'the service to connect to NATS');
    listenerConnection = await connectNats();
    events.recorder = new TicketEventRecorder(listenerConnection.client);
  });

  afterAll(async () => {
    await ticketRelay.stop();
    await nats.stop();
    await listenerConnection.close();
  });

  return events;
};
