import { Subjects } from './subjects';

/** What every event definition pairs: a subject and the shape of its data. */
export interface Event {
  subject: Subjects;
  data: unknown;
}
