import { TicketEventData } from '@ticketing/common';
import { HttpClient } from './http';

/** A ticket as the API answers it: the same fields its events carry. */
export type Ticket = TicketEventData;

export const createTicket = async (api: HttpClient, cookie: string, title: string, price: number): Promise<Ticket> => {
  const res = await api.post('/api/tickets', { title, price }, cookie);
  if (res.status !== 201) throw new Error(`create ticket answered ${res.status} ${res.text}`);
  return res.json as Ticket;
};

export const updateTicket = async (
  api: HttpClient,
  cookie: string,
  id: string,
  changes: { title: string; price: number },
): Promise<Ticket> => {
  const res = await api.put(`/api/tickets/${id}`, changes, cookie);
  if (res.status !== 200) throw new Error(`update ticket answered ${res.status} ${res.text}`);
  return res.json as Ticket;
};

export const listTickets = async (api: HttpClient): Promise<Ticket[]> => {
  const res = await api.get('/api/tickets');
  if (res.status !== 200) throw new Error(`list tickets answered ${res.status} ${res.text}`);
  return res.json as Ticket[];
};
