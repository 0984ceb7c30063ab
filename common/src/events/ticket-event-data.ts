/** A ticket as events carry it: the saved document at `version`. */
export interface TicketEventData {
  id: string;
  version: number;
  title: string;
  price: number;
  userId: string;
}
