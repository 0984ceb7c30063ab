import { setTimeout as sleep } from 'timers/promises';
import { NatsConnection } from 'nats';
import { Message, Subscription } from 'node-nats-streaming';
import { logger } from '../logger';
import { Event } from '../events/base-event';
import { KeyedLock } from '../keyed-lock';
import { DeadLetterPublisher } from './dead-letter-publisher';
import { EventClient, isStan } from './event-client';
import { consumeJetStream } from './jetstream';

/**
 * What `onMessage` is given, on either transport. On NATS Streaming it is the client's Message
 * (all its methods work); on JetStream a JetStreamMessage, whose sequence is the stream's.
 */
export interface ListenerMessage {
  /** Marks the message handled. Until then the listener retries it (see `Listener.retry`). */
  ack(): void;
  getSubject(): string;
  /** The message's position in its subject. */
  getSequence(): number;
  /** A string or a Buffer (as node-nats-streaming types it); `parseMessage` reads either. */
  getData(): ReturnType<Message['getData']>;
  getTimestamp(): Date;
  /**
   * True when this message was delivered before: a retry after the handler failed, or a
   * redelivery by the broker (e.g. its consumer stopped before acknowledging it).
   */
  isRedelivered(): boolean;
  /**
   * JetStream only: tells the server the message is still being handled, which restarts its ackWait.
   * The Listener calls it while the handler runs, so on JetStream a slow handler's message is not
   * redelivered meanwhile; NATS Streaming has no such call, redelivers it, and the Listener ignores that copy.
   */
  working?(): void;
}

/** How often one message is tried before it goes to the dead-letter subject, and the waits between tries. */
export interface RetryPolicy {
  attempts: number;
  /** The wait after the first failure; it doubles after each further one, up to `maxDelayMs`. */
  delayMs: number;
  maxDelayMs: number;
}

/** What `listen()` returns on JetStream: resolves once consuming; `close` stops it (the durable consumer stays). */
export interface JetStreamListening {
  ready: Promise<void>;
  close(): Promise<void>;
  /** Resolves once consuming has stopped: after `close()`, or once the connection closed. */
  closed: Promise<void>;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The course's Listener, safe under redelivery and backlogs:
 * - messages are handled one at a time, in order (`concurrency` opts into more, in order per `orderingKey`);
 * - a message is never handled twice at once, so a handler slower than `ackWait` is not re-run meanwhile;
 * - a handler that throws, or returns without `msg.ack()`, is retried with backoff, and after
 *   `retry.attempts` the message goes to the dead-letter subject, is acknowledged and an error is logged;
 * - a payload that is not JSON goes to the dead-letter subject at once.
 */
export abstract class Listener<T extends Event> {
  abstract subject: T['subject'];
  abstract queueGroupName: string;
  /** Acknowledge with `msg.ack()` once handled; throw (or return without acknowledging) to have it retried. */
  abstract onMessage(data: T['data'], msg: ListenerMessage): void | Promise<void>;
  /**
   * How long the broker waits for an acknowledgement before delivering the message again. Retries
   * happen here, not through redelivery, so this only decides how soon a message comes back after
   * its consumer died holding it; a redelivery of a message still being handled is ignored.
   */
  protected ackWait = 30 * 1000;
  /** Messages handled at once. Above 1, messages with the same `orderingKey` still run one at a time, in order. */
  protected concurrency = 1;
  protected retry: RetryPolicy = { attempts: 5, delayMs: 1000, maxDelayMs: 10_000 };

  readonly #inFlight = new Set<number>();
  readonly #keys = new KeyedLock();
  #subscription?: Subscription;
  #closed = false;

  constructor(protected client: EventClient) {}

  /** Which messages keep their order among themselves when `concurrency` is above 1: by default, a record's `id`. */
  protected orderingKey(data: T['data']): string {
    const id = (data as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : '';
  }

  /** NATS Streaming only. */
  subscriptionOptions() {
    if (!isStan(this.client)) throw new Error('subscriptionOptions() is for NATS Streaming');
    return this.client
      .subscriptionOptions()
      .setDeliverAllAvailable()
      .setManualAckMode(true)
      .setAckWait(this.ackWait)
      .setMaxInFlight(this.concurrency)
      .setDurableName(this.queueGroupName);
  }

  /** Subscribes; on NATS Streaming returns the Subscription, on JetStream a JetStreamListening. */
  listen(): Subscription | JetStreamListening {
    const client = this.client;
    if (!isStan(client)) return this.#listenJetStream();
    this.#subscription = client.subscribe(this.subject, this.queueGroupName, this.subscriptionOptions());
    this.#subscription.on('message', (msg: Message) => this.#deliver(msg));
    return this.#subscription;
  }

  #listenJetStream(): JetStreamListening {
    const options = {
      subject: this.subject,
      queueGroup: this.queueGroupName,
      ackWait: this.ackWait,
      concurrency: this.concurrency,
      maxDeliver: Math.max(this.retry.attempts, 2),
    };
    const consuming = consumeJetStream(this.client as NatsConnection, options, (msg) => this.#deliver(msg));
    const ready = consuming.then(() => undefined);
    // listen() is not awaited in the course's style: a failure to subscribe must not go unheard.
    ready.catch((err: unknown) => logger.error({ subject: this.subject, err }, 'Could not subscribe on JetStream'));
    return {
      ready,
      // Also when it never started (that failure is logged above): never an unhandled rejection.
      closed: consuming
        .then((messages) => messages.closed())
        .then(
          () => undefined,
          () => undefined,
        ),
      close: async () => {
        this.#closed = true;
        await (await consuming).close();
      },
    };
  }

  parseMessage(msg: ListenerMessage): T['data'] {
    return JSON.parse(this.#text(msg));
  }

  #text(msg: ListenerMessage): string {
    const data = msg.getData();
    return Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
  }

  #context(msg: ListenerMessage) {
    return { subject: this.subject, queueGroup: this.queueGroupName, sequence: msg.getSequence() };
  }

  #deliver(msg: ListenerMessage): void {
    // E.g. an ack on a connection closed meanwhile: log it, never an unhandled rejection (which ends the process).
    this.#handle(msg).catch((err: unknown) =>
      logger.error({ ...this.#context(msg), err }, 'Handling an event failed unexpectedly'),
    );
  }

  async #handle(msg: ListenerMessage): Promise<void> {
    const sequence = msg.getSequence();
    if (this.#inFlight.has(sequence)) {
      logger.debug(this.#context(msg), 'Ignoring a redelivery of an event still being handled');
      return;
    }
    this.#inFlight.add(sequence);
    // JetStream: keep the server from redelivering while the handler (or its retries) runs.
    const working = msg.working && setInterval(() => msg.working?.(), Math.max(this.ackWait / 2, 100));
    try {
      let data: T['data'];
      try {
        data = this.parseMessage(msg);
      } catch (err) {
        // It can never be handled: retrying would only delay the messages behind it.
        await this.#deadLetter(msg, this.#text(msg), new Error(`Payload is not valid JSON: ${errorText(err)}`), 1);
        return;
      }
      await this.#keys.run(this.orderingKey(data), () => this.#attempt(msg, data));
    } finally {
      clearInterval(working);
      this.#inFlight.delete(sequence);
    }
  }

  async #attempt(msg: ListenerMessage, data: T['data']): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let acked = false;
      // The message as the subclass knows it (every Message method), noting whether it acknowledged.
      const tracked: ListenerMessage = Object.create(msg, {
        ack: {
          value: () => {
            acked = true;
            msg.ack();
          },
        },
        isRedelivered: { value: () => attempt > 1 || msg.isRedelivered() },
      });
      let failure: unknown;
      try {
        await this.onMessage(data, tracked);
        if (acked) return;
        failure = new Error('The handler returned without acknowledging the message');
      } catch (err) {
        failure = err;
      }
      if (acked) {
        // Acknowledged, so the broker will not send it again: a retry could only repeat its effects.
        logger.error({ ...this.#context(msg), err: failure }, 'Event handler failed after acknowledging the event');
        return;
      }
      if (attempt >= this.retry.attempts) return this.#deadLetter(msg, data, failure, attempt);
      // Stopped listening: the broker gives the message to whoever listens next.
      if (this.#stopped()) return;
      logger.warn({ ...this.#context(msg), err: failure, attempt }, 'Event handler failed; retrying');
      await sleep(Math.min(this.retry.delayMs * 2 ** (attempt - 1), this.retry.maxDelayMs));
      if (this.#stopped()) return;
    }
  }

  #stopped(): boolean {
    const client = this.client as { isClosed(): boolean };
    return Boolean(this.#closed || this.#subscription?.isClosed() || client.isClosed());
  }

  async #deadLetter(msg: ListenerMessage, data: unknown, err: unknown, attempts: number): Promise<void> {
    const context = this.#context(msg);
    try {
      await new DeadLetterPublisher(this.client).publish({
        subject: msg.getSubject(),
        queueGroup: this.queueGroupName,
        sequence: msg.getSequence(),
        data,
        error: errorText(err),
        attempts,
        failedAt: new Date().toISOString(),
      });
    } catch (publishErr) {
      // Not acknowledged: the broker delivers it again after ackWait, and it gets a new budget.
      logger.error({ ...context, err: publishErr }, 'Could not dead-letter the event; it will be redelivered');
      return;
    }
    msg.ack();
    logger.error({ ...context, err, attempts }, 'Event moved to the dead-letter subject');
  }
}
