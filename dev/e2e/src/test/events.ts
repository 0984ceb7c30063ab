import { randomBytes } from 'crypto';
import { Message, Stan } from 'node-nats-streaming';
import {
  Listener,
  NatsWrapper,
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
}

/** What a consumer does with one message; the log decides, the listener only carries it. */
type Handler = (subject: Subjects, data: TicketEventData, msg: Message) => void;

class RecordingListener<T extends TicketEvent> extends Listener<T> {
  // Short, so an event held back until its predecessor arrives is redelivered quickly.
  protected override ackWait = 1000;

  constructor(
    client: Stan,
    readonly subject: T['subject'],
    readonly queueGroupName: string,
    private readonly handler: Handler,
  ) {
    super(client);
  }

  onMessage(data: T['data'], msg: Message): void {
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
  /** Connection errors seen while riding out broker outages (for diagnosis). */
  readonly connectionErrors: string[] = [];

  private readonly acked = new Set<string>();
  private readonly latestVersion = new Map<string, number>();
  private nats?: NatsWrapper;
  private closing = false;
  private reconnects = 0;
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
    this.closing = false;
    this.session += 1;
    await this.connect();
    return this;
  }

  private async connect(): Promise<void> {
    const nats = new NatsWrapper();
    await nats.connect(
      this.settings.clusterId,
      `${this.durableName}-${randomBytes(4).toString('hex')}`,
      this.settings.url,
      {
        // Ride out a broker restart on the same port instead of giving up.
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
      },
    );
    this.nats = nats;
    // The client reports errors while it reconnects; unheard, an 'error' event would crash the test run.
    nats.client.on('error', (err: Error) => this.connectionErrors.push(err.message));
    // If the broker forgets this connection (a long outage), come back under a new client id:
    // the durable subscription resumes from the last acknowledged event.
    nats.client.once('connection_lost', () => void this.reconnect(nats));
    const handler: Handler = (subject, data, msg) => this.handle(subject, data, msg);
    new RecordingListener<TicketCreatedEvent>(nats.client, Subjects.TicketCreated, this.durableName, handler).listen();
    new RecordingListener<TicketUpdatedEvent>(nats.client, Subjects.TicketUpdated, this.durableName, handler).listen();
  }

  /** Leaves the subscriptions durable (close, not unsubscribe): a later start() resumes them. */
  async close(): Promise<void> {
    this.closing = true;
    const nats = this.nats;
    this.nats = undefined;
    // A broker that is down never confirms the close: do not wait for it forever.
    await Promise.race([nats?.close(), new Promise((r) => setTimeout(r, 5000).unref())]);
  }

  get reconnectCount(): number {
    return this.reconnects;
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

  private handle(subject: Subjects, data: TicketEventData, msg: Message): void {
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

  private async reconnect(lost: NatsWrapper): Promise<void> {
    if (this.closing || this.nats !== lost) return;
    this.reconnects += 1;
    this.nats = undefined;
    void lost.close().catch(() => undefined);
    for (;;) {
      if (this.closing) return;
      try {
        await this.connect();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
}
