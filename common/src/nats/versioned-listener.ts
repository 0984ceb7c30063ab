import { Event } from '../events/base-event';
import { logger } from '../logger';
import { Listener, ListenerMessage } from './base-listener';

/** Events about one record at a numbered version, like the tickets' events. */
export type VersionedEvent = Event & { data: { id: string; version: number } };

/** Thrown (so the event is retried) when an event arrives before its predecessor was handled. */
export class VersionGapError extends Error {
  constructor(id: string, version: number, expected: number) {
    super(`Version ${version} of ${id} arrived before version ${expected}`);
  }
}

/**
 * A Listener for the course's version-ordered consumers: `apply` sees a record's events in
 * version order, exactly once each. An event older than the next expected version (a duplicate
 * or a stale redelivery) is acknowledged and skipped. One from further ahead is not acknowledged,
 * so it is retried until its predecessor has been applied, and dead-lettered after the retry
 * budget rather than tried forever. Events about different records are independent, so
 * `concurrency` above 1 is safe here.
 */
export abstract class VersionedListener<T extends VersionedEvent> extends Listener<T> {
  /** The version this consumer holds of the record, or undefined when it has none yet. */
  abstract currentVersion(data: T['data']): Promise<number | undefined>;
  /** Applies the record's next version (and stores that version). The message is acknowledged afterwards. */
  abstract apply(data: T['data'], msg: ListenerMessage): Promise<void>;
  /** The version a record's first event carries. */
  protected firstVersion = 0;

  async onMessage(data: T['data'], msg: ListenerMessage): Promise<void> {
    const current = await this.currentVersion(data);
    const expected = current === undefined ? this.firstVersion : current + 1;
    if (data.version < expected) {
      logger.debug({ subject: this.subject, id: data.id, version: data.version }, 'Skipping an event already applied');
      msg.ack();
      return;
    }
    if (data.version > expected) throw new VersionGapError(data.id, data.version, expected);
    await this.apply(data, msg);
    msg.ack();
  }
}
