import { Event } from '../events/base-event';
import { EventClient, isStan } from './event-client';

export abstract class Publisher<T extends Event> {
  abstract subject: T['subject'];

  constructor(protected client: EventClient) {}

  /**
   * Resolves once the broker has acknowledged (stored) the message; rejects when it
   * refuses, times out or the connection is closed. On JetStream that is the publish ack
   * of the stream holding the subject.
   */
  async publish(data: T['data']): Promise<void> {
    const payload = JSON.stringify(data);
    const client = this.client;
    if (!isStan(client)) {
      await client.jetstream().publish(this.subject, Buffer.from(payload));
      return;
    }
    return new Promise((resolve, reject) => {
      try {
        client.publish(this.subject, payload, (err) => (err ? reject(err) : resolve()));
      } catch (err) {
        // node-nats-streaming throws synchronously on a closed connection.
        reject(err);
      }
    });
  }
}
