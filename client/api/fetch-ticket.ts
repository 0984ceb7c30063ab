import axios from 'axios';
import type { NextPageContext } from 'next';
import { isTicketId } from '@ticketing/common/rules';
import type { Ticket } from '../types/api';
import type { ApiClient } from '../types/api-client';

// The ticket named by the page's [ticketId] segment, or null when there is no such ticket: the
// page then shows the 404 page, with status 404 during server rendering. A segment that is not
// a ticket id is not asked for at all: /api/tickets/healthz, for one, answers 200 with no ticket.
const fetchTicket = async (
  { query, res }: Pick<NextPageContext, 'query' | 'res'>,
  client: ApiClient,
): Promise<Ticket | null> => {
  const ticketId = String(query.ticketId ?? '');
  const notFound = () => {
    if (res) res.statusCode = 404;
    return null;
  };
  if (!isTicketId(ticketId)) return notFound();
  try {
    const { data } = await client.get<Ticket>(`/api/tickets/${encodeURIComponent(ticketId)}`);
    return data;
  } catch (err) {
    if (!axios.isAxiosError(err) || err.response?.status !== 404) throw err;
    return notFound();
  }
};

export default fetchTicket;
