import { Stan } from 'node-nats-streaming';
import { Event } from '../events/base-event';

export abstract class Publisher<T extends Event> {
  abstract subject: T['subject'];

  constructor(protected client: Stan) {}

  /**
   * Resolves once the broker has acknowledged (stored) the message; rejects when it
   * refuses, times out (the connection's `ackTimeout`) or the connection is closed.
   */
  publish(data: T['data']): Promise<void> {
    return new Promise((resolve, reject) => {
      try {
        this.client.publish(this.subject, JSON.stringify(data), (err) => (err ? reject(err) : resolve()));
      } catch (err) {
        // node-nats-streaming throws synchronously on a closed connection.
        reject(err);
      }
    });
  }
}
