import { randomBytes } from 'crypto';
import {
  EventClient,
  eventSupervisor,
  EventSupervisor,
  EventTransport,
  Listener,
  ListenerMessage,
  Subjects,
  TicketCreatedEvent,
  TicketEventData,
  TicketUpdatedEvent,
} from '@ticketing/common';
import { poll } from '@ticketing/toolkit';

type TicketEvent = TicketCreatedEvent | TicketUpdatedEvent;

export interface Delivery {
  /** Which start() of the log received it: 1 for the first connection, 2 after a close and start, ... */
  session: number;
  subject: Subjects;
  sequence: number;
  redelivered: boolean;
  data: TicketEventData;
}

export interface NatsSettings {
  url: string;
  clusterId: string;
  transport: EventTransport;
}

/** What a consumer does with one message; the log decides, the listener only carries it. */
type Handler = (subject: Subjects, data: TicketEventData, msg: ListenerMessage) => void;

class RecordingListener<T extends TicketEvent> extends Listener<T> {
  // Short, so an event held back until its predecessor arrives is redelivered quickly.
  protected override ackWait = 1000;

  constructor(
    client: EventClient,
    readonly subject: T['subject'],
    readonly queueGroupName: string,
    private readonly handler: Handler,
  ) {
    super(client);
  }

  onMessage(data: T['data'], msg: ListenerMessage): void {
    this.handler(this.subject, data, msg);
  }
}

/**
 * A durable consumer of ticket events built on the common Listener, behaving as the course's
 * consumers do: it processes a ticket's events strictly in version order (an event that arrives
 * before its predecessor is left unacknowledged, so the broker redelivers it later) and
 * acknowledges duplicates without processing them. It records every delivery, so tests can
 * check that nothing is lost, nothing is processed twice, and nothing acknowledged comes back.
 */
export class TicketEventLog {
  /** Every message as the broker delivered it, in arrival order. */
  readonly deliveries: Delivery[] = [];
  /** Events processed (and acknowledged), in processing order. */
  readonly processed: (TicketEventData & { subject: Subjects })[] = [];
  /** Events whose ticket version had already been processed (published twice). */
  readonly duplicates: Delivery[] = [];
  /** Messages the broker delivered again after this consumer had acknowledged them. */
  readonly redeliveredAfterAck: Delivery[] = [];

  private readonly acked = new Set<string>();
  private readonly latestVersion = new Map<string, number>();
  private connection?: EventSupervisor;
  private session = 0;

  constructor(
    private readonly settings: NatsSettings,
    readonly durableName = `e2e-${randomBytes(4).toString('hex')}`,
  ) {}

  /**
   * Connects (a fresh client id each time) and joins the durable subscriptions. After close(),
   * calling it again resumes the same durable consumer with everything it has processed so far.
   */
  async start(): Promise<this> {
    this.session += 1;
    // Kept up as a service's connection is, riding out broker outages and restarts.
    const connection = eventSupervisor(this.settings.transport);
    this.connection = connection;
    let subscribedOn: EventClient | undefined;
    const { url, clusterId } = this.settings;
    connection.start(
      { url, clusterId, clientId: `${this.durableName}-${randomBytes(4).toString('hex')}` },
      {
        // After every (re)connection. A NATS Streaming session the broker forgot (a long outage) is made
        // anew, with a new client: subscribe on it, and the durable subscriptions resume from the last ack.
        onConnect: () => {
          if (connection.client === subscribedOn) return;
          subscribedOn = connection.client;
          const handler: Handler = (subject, data, msg) => this.handle(subject, data, msg);
          new RecordingListener<TicketCreatedEvent>(
            subscribedOn,
            Subjects.TicketCreated,
            this.durableName,
            handler,
          ).listen();
          new RecordingListener<TicketUpdatedEvent>(
            subscribedOn,
            Subjects.TicketUpdated,
            this.durableName,
            handler,
          ).listen();
        },
      },
    );
    await poll('the event log to connect', async () => connection.isConnected, { timeoutMs: 30_000 });
    return this;
  }

  /** Leaves the subscriptions durable (close, not unsubscribe): a later start() resumes them. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    // A broker that is down never confirms the close: do not wait for it forever.
    await Promise.race([connection?.stop(), new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  /** Processed events of one ticket, in processing order. */
  processedFor(ticketId: string): (TicketEventData & { subject: Subjects })[] {
    return this.processed.filter((event) => event.id === ticketId);
  }

  /** First deliveries of one ticket's events on one subject, in arrival order. */
  firstDeliveriesFor(ticketId: string, subject: Subjects): Delivery[] {
    return this.deliveries.filter((d) => d.data.id === ticketId && d.subject === subject && !d.redelivered);
  }

  /** Resolves once `done()` holds, polling; rejects with `describe()` after the timeout. */
  async waitFor(done: () => boolean, timeoutMs = 60_000, describe = () => ''): Promise<void> {
    await poll('the events', async () => done(), { timeoutMs }).catch((err: Error) => {
      throw new Error(`${err.message}. ${describe()}\nProcessed: ${JSON.stringify(this.processed)}`);
    });
  }

  /** Waits until each ticket has processed exactly up to its expected version. */
  waitForVersions(expected: Map<string, number>, timeoutMs = 60_000): Promise<void> {
    const reached = () => [...expected].every(([id, version]) => (this.latestVersion.get(id) ?? -1) >= version);
    const missing = () =>
      [...expected]
        .filter(([id, version]) => (this.latestVersion.get(id) ?? -1) < version)
        .map(([id, version]) => `${id}: have ${this.latestVersion.get(id) ?? 'none'}, want ${version}`)
        .join('; ');
    return this.waitFor(reached, timeoutMs, () => `Missing: ${missing()}`);
  }

  private handle(subject: Subjects, data: TicketEventData, msg: ListenerMessage): void {
    const delivery: Delivery = {
      session: this.session,
      subject,
      sequence: msg.getSequence(),
      redelivered: msg.isRedelivered(),
      data,
    };
    this.deliveries.push(delivery);
    const key = `${subject}#${delivery.sequence}`;
    if (this.acked.has(key)) this.redeliveredAfterAck.push(delivery);

    const latest = this.latestVersion.get(data.id);
    const next = latest === undefined ? subject === Subjects.TicketCreated : data.version === latest + 1;
    if (latest !== undefined && data.version <= latest) {
      this.duplicates.push(delivery);
    } else if (next) {
      this.latestVersion.set(data.id, data.version);
      this.processed.push({ subject, ...data });
    } else {
      return; // a predecessor is still missing: no ack, the broker redelivers this one later
    }
    msg.ack();
    this.acked.add(key);
  }
}
