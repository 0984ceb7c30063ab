import mongoose from 'mongoose';
import { logger } from '@ticketing/common';

/** What the relay needs of an outbox entry: the version orders a document's events. */
export interface OutboxEvent {
  subject: string;
  data: { version: number };
  /** When the write queued it (entries from before this field existed have none). */
  queuedAt?: Date;
}

/** Events still waiting for the broker: how many, and how long the oldest has waited. */
export interface OutboxBacklog {
  pending: number;
  /** null when nothing is pending. */
  oldestAgeMs: number | null;
}

export interface OutboxRelayOptions<E extends OutboxEvent> {
  /** Names the relay in logs. */
  name: string;
  /** The collection whose documents hold their unpublished events in a `pendingEvents` array. */
  collection: mongoose.mongo.Collection;
  /** Resolves once the broker has acknowledged the event. */
  publish(event: E): Promise<void>;
  /**
   * How often to sweep the whole collection for pending events nobody woke the relay for
   * (left by a process that died between its write and its publish). A sweep reads every
   * document, so it is rare; writes wake the relay for their own document instead.
   */
  sweepIntervalMs?: number;
  /** The first wait after a failed attempt; it doubles with each further failure. */
  retryBaseMs?: number;
  /** The longest wait between attempts while publishing keeps failing. */
  maxBackoffMs?: number;
  /** Runs the removal of a published event in step with other writes to that document. */
  serializeWrite?: <T>(documentId: string, write: () => Promise<T>) => Promise<T>;
}

const PENDING = { 'pendingEvents.0': { $exists: true } };
/** Documents handled per pass, concurrently (each document's events one after another). */
const BATCH_SIZE = 50;

/**
 * Publishes the events documents keep in their `pendingEvents` outbox, oldest first per
 * document, and removes each one only after the broker acknowledged it — with a `$pop`
 * conditional on that event still being first, so it never removes an event it did not
 * publish. Delivery is at-least-once: a crash between the acknowledgement and the `$pop`
 * publishes that event again, and consumers drop it by its version.
 *
 * It runs when woken for a document (right after a write), sweeps every `sweepIntervalMs`,
 * and at start picks up whatever is still pending. While publishing fails it backs off exponentially.
 */
export class OutboxRelay<E extends OutboxEvent> {
  private readonly sweepIntervalMs: number;
  private readonly retryBaseMs: number;
  private readonly maxBackoffMs: number;
  private stopped = true;
  private failures = 0;
  private rerun = false;
  /** Whether the next pass reads the whole collection rather than just the woken documents. */
  private sweepDue = true;
  private readonly woken = new Set<string>();
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: OutboxRelayOptions<E>) {
    this.sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.failures = 0;
    this.sweepDue = true;
    this.run();
  }

  /** A write just queued an event on this document: publish it now, unless backing off from a failing broker. */
  wake(documentId: string): void {
    this.woken.add(documentId);
    if (this.stopped || this.failures > 0) return;
    this.run();
  }

  /** The broker is back: retry at once instead of waiting out the backoff. */
  retryNow(): void {
    if (this.stopped) return;
    this.failures = 0;
    this.sweepDue = true;
    this.run();
  }

  /** Stops scheduling and waits for the pass in progress; pending events stay for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * What operators need to see while the broker is away. Reads every document with pending
   * events (as a sweep does), streaming, so a long outage's backlog never sits in memory at once.
   */
  async backlog(): Promise<OutboxBacklog> {
    let pending = 0;
    let oldest: number | undefined;
    const cursor = this.options.collection.find(PENDING, { projection: { pendingEvents: 1 } });
    for await (const doc of cursor) {
      const events = doc.pendingEvents as E[];
      pending += events.length;
      // A document's events are in the order they were queued: its first is its oldest.
      const queuedAt = events[0]?.queuedAt?.getTime();
      if (queuedAt !== undefined) oldest = Math.min(oldest ?? queuedAt, queuedAt);
    }
    return { pending, oldestAgeMs: oldest === undefined ? (pending ? 0 : null) : Date.now() - oldest };
  }

  private run(): void {
    if (this.running) {
      // One pass at a time, so a document's events never go out concurrently; run again after it.
      this.rerun = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.passes().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async passes(): Promise<void> {
    do {
      this.rerun = false;
      try {
        await this.drain();
        this.failures = 0;
      } catch (err) {
        this.failures += 1;
        // What failed is still pending, wherever it came from: the retry looks everywhere.
        this.sweepDue = true;
        logger.warn(
          { err, relay: this.options.name, failures: this.failures },
          'Publishing pending events failed; will retry',
        );
      }
    } while (this.rerun && !this.stopped);
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.failures
      ? Math.min(this.retryBaseMs * 2 ** (this.failures - 1), this.maxBackoffMs)
      : this.sweepIntervalMs;
    this.timer = setTimeout(() => {
      this.sweepDue = true;
      this.run();
    }, delay);
  }

  /**
   * Publishes until nothing is pending, or until a pass makes no progress. A sweep reads the
   * whole collection (no index serves "has pending events" on FerretDB); otherwise only the
   * woken documents are read, by _id.
   */
  private async drain(): Promise<void> {
    const { collection } = this.options;
    const sweep = this.sweepDue;
    this.sweepDue = false;
    // A sweep finds the woken documents too.
    if (sweep) this.woken.clear();
    while (!this.stopped) {
      let filter: mongoose.mongo.Filter<mongoose.mongo.Document> = PENDING;
      if (!sweep) {
        // A batch at a time, so a burst of writes never floods the database with relay work.
        const ids = [...this.woken].slice(0, BATCH_SIZE);
        if (!ids.length) return;
        ids.forEach((id) => this.woken.delete(id));
        filter = { _id: { $in: ids.map((id) => new mongoose.Types.ObjectId(id)) }, ...PENDING };
      }
      const docs = await collection
        .find(filter, { projection: { pendingEvents: 1 } })
        .limit(BATCH_SIZE)
        .toArray();
      if (!docs.length) {
        if (sweep) return;
        continue;
      }
      const results = await Promise.allSettled(
        docs.map((doc) => this.relayDocument(doc._id, doc.pendingEvents as E[])),
      );
      const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failure) throw failure.reason;
      const published = results.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
      // Another relay (another replica) took these over: let the next pass look again.
      if (!published && sweep) return;
    }
  }

  /** Publishes one document's events in order; returns how many it removed. */
  private async relayDocument(_id: mongoose.Types.ObjectId, events: E[]): Promise<number> {
    let removed = 0;
    for (const event of events) {
      if (this.stopped) break;
      await this.options.publish(event);
      const remove = () =>
        this.options.collection.updateOne(
          { _id, 'pendingEvents.0.data.version': event.data.version },
          { $pop: { pendingEvents: -1 } },
        );
      const result = await (this.options.serializeWrite ? this.options.serializeWrite(String(_id), remove) : remove());
      if (!result.modifiedCount) break;
      removed += 1;
    }
    return removed;
  }
}
