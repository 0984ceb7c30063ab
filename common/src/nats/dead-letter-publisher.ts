import { DeadLetterEvent } from '../events/dead-letter-event';
import { Subjects } from '../events/subjects';
import { Publisher } from './base-publisher';

/** Used by Listener for messages it gives up on; `npm run events -- dead-letters` reads them back. */
export class DeadLetterPublisher extends Publisher<DeadLetterEvent> {
  subject: Subjects.DeadLetter = Subjects.DeadLetter;
}
