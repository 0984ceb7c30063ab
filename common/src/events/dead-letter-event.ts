import { Subjects } from './subjects';

/** A message a listener gave up on, with what is needed to understand and replay it. */
export interface DeadLetter {
  /** The subject the message was published on, where a replay publishes it again. */
  subject: string;
  /** The consumer that gave up on it. */
  queueGroup: string;
  /** The message's sequence in its original subject. */
  sequence: number;
  /** The payload: parsed JSON, or the raw text when it was not JSON. */
  data: unknown;
  /** The last attempt's error message. */
  error: string;
  attempts: number;
  /** ISO time of the last attempt. */
  failedAt: string;
}

export interface DeadLetterEvent {
  subject: Subjects.DeadLetter;
  data: DeadLetter;
}
