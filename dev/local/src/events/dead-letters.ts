import { Message, Stan } from 'node-nats-streaming';
import { DeadLetter, Subjects } from '@ticketing/common';

/** A dead letter and its own position in the dead-letter subject, by which `replay` names it. */
export interface StoredDeadLetter {
  position: number;
  letter: DeadLetter;
}

/**
 * Reads every stored dead letter, oldest first, as an observer (no queue group, no durable
 * name, so the broker keeps nothing for us). Done once nothing more has arrived for `idleMs`.
 */
export const readDeadLetters = (client: Stan, idleMs = 500): Promise<StoredDeadLetter[]> =>
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

/** Publishes a dead letter's payload again on its original subject, as it was first published. */
export const replayDeadLetter = (client: Stan, { letter }: StoredDeadLetter): Promise<void> =>
  new Promise((resolve, reject) => {
    // A payload that was not JSON is kept as its raw text: send that text back as it was.
    const payload = typeof letter.data === 'string' ? letter.data : JSON.stringify(letter.data);
    client.publish(letter.subject, payload, (err) => (err ? reject(err) : resolve()));
  });

export const formatDeadLetter = ({ position, letter }: StoredDeadLetter): string =>
  `#${position} ${letter.failedAt} ${letter.subject} #${letter.sequence} ` +
  `(queue group ${letter.queueGroup}, ${letter.attempts} attempt${letter.attempts === 1 ? '' : 's'}): ${letter.error}\n` +
  `    ${JSON.stringify(letter.data)}`;
