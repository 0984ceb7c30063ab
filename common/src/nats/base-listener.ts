import { Message, Stan, Subscription } from 'node-nats-streaming';
import { logger } from '../logger';
import { Event } from '../events/base-event';

export abstract class Listener<T extends Event> {
  abstract subject: T['subject'];
  abstract queueGroupName: string;
  /** Acknowledge with `msg.ack()` once handled; an unacknowledged message is redelivered after `ackWait`. */
  abstract onMessage(data: T['data'], msg: Message): void | Promise<void>;
  protected ackWait = 5 * 1000;

  constructor(protected client: Stan) {}

  subscriptionOptions() {
    return this.client
      .subscriptionOptions()
      .setDeliverAllAvailable()
      .setManualAckMode(true)
      .setAckWait(this.ackWait)
      .setDurableName(this.queueGroupName);
  }

  listen(): Subscription {
    const subscription = this.client.subscribe(this.subject, this.queueGroupName, this.subscriptionOptions());
    subscription.on('message', (msg: Message) => this.handle(msg));
    return subscription;
  }

  parseMessage(msg: Message): T['data'] {
    const data = msg.getData();
    return JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  }

  private async handle(msg: Message) {
    const context = { subject: this.subject, queueGroup: this.queueGroupName, sequence: msg.getSequence() };
    let data: T['data'];
    try {
      data = this.parseMessage(msg);
    } catch (err) {
      // A payload that is not JSON can never be handled: log it and acknowledge it,
      // so it is not redelivered forever.
      logger.error({ ...context, err }, 'Discarding event whose payload is not valid JSON');
      msg.ack();
      return;
    }
    try {
      await this.onMessage(data, msg);
    } catch (err) {
      // Not acknowledged: the broker redelivers it after ackWait.
      logger.error({ ...context, err }, 'Event handler failed; the event will be redelivered');
    }
  }
}
