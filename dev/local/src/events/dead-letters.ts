import { NatsConnection } from 'nats';
import { Message, Stan } from 'node-nats-streaming';
import { DeadLetter, EventClient, isStan, Subjects } from '@ticketing/common';
import { observe } from './observe';

/** A dead letter and its own position in the dead-letter subject, by which `replay` names it. */
export interface StoredDeadLetter {
  position: number;
  letter: DeadLetter;
}

/**
 * Reads every stored dead letter, oldest first, as an observer (no queue group, no durable
 * name, so the broker keeps nothing for us). The position is the message's sequence: in the
 * dead-letter channel on NATS Streaming, in the stream on JetStream.
 */
export const readDeadLetters = (client: EventClient): Promise<StoredDeadLetter[]> =>
  isStan(client) ? readFromChannel(client) : readFromStream(client);

/** NATS Streaming tells no count up front: done once nothing more has arrived for `idleMs`. */
const readFromChannel = (client: Stan, idleMs = 500): Promise<StoredDeadLetter[]> =>
  new Promise((resolve) => {
    const letters: StoredDeadLetter[] = [];
    const subscription = client.subscribe(Subjects.DeadLetter, client.subscriptionOptions().setDeliverAllAvailable());
    let timer: NodeJS.Timeout;
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        subscription.unsubscribe();
        resolve(letters);
      }, idleMs);
    };
    subscription.on('ready', idle);
    subscription.on('message', (msg: Message) => {
      letters.push({ position: msg.getSequence(), letter: JSON.parse(String(msg.getData())) as DeadLetter });
      idle();
    });
  });

/** JetStream counts what the consumer has to deliver: read exactly that many. */
const readFromStream = async (nc: NatsConnection): Promise<StoredDeadLetter[]> => {
  const { consumer, pending } = await observe(nc, Subjects.DeadLetter, { all: true });
  const letters: StoredDeadLetter[] = [];
  if (!pending) return letters;
  const messages = await consumer.consume();
  for await (const msg of messages) {
    const letter = JSON.parse(Buffer.from(msg.data).toString('utf8')) as DeadLetter;
    letters.push({ position: msg.info.streamSequence, letter });
    if (letters.length === pending) break;
  }
  messages.stop();
  return letters;
};

/**
 * Publishes a dead letter's payload again on its original subject, as it was first published
 * (on JetStream, resolved by the stream's publish ack).
 */
export const replayDeadLetter = async (client: EventClient, { letter }: StoredDeadLetter): Promise<void> => {
  // A payload that was not JSON is kept as its raw text: send that text back as it was.
  const payload = typeof letter.data === 'string' ? letter.data : JSON.stringify(letter.data);
  if (!isStan(client)) {
    await client.jetstream().publish(letter.subject, Buffer.from(payload));
    return;
  }
  return new Promise((resolve, reject) =>
    client.publish(letter.subject, payload, (err) => (err ? reject(err) : resolve())),
  );
};

export const formatDeadLetter = ({ position, letter }: StoredDeadLetter): string =>
  `#${position} ${letter.failedAt} ${letter.subject} #${letter.sequence} ` +
  `(queue group ${letter.queueGroup}, ${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}): ${letter.error}\n` +
  `    ${JSON.stringify(letter.data)}`;
