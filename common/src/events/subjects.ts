export enum Subjects {
  TicketCreated = 'ticket:created',
  TicketUpdated = 'ticket:updated',
  /** Where a Listener parks a message it gave up on (see DeadLetterEvent). */
  DeadLetter = 'dead-letter',
}
