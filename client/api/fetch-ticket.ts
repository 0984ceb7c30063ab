import axios, { type AxiosInstance } from 'axios';
import type { NextPageContext } from 'next';
import type { Ticket } from '../types/api';

// The ticket named by the page's [ticketId] segment, or null when the API has no such ticket:
// the page then shows a notice, answered with status 404 during server rendering.
const fetchTicket = async (
  { query, res }: Pick<NextPageContext, 'query' | 'res'>,
  client: AxiosInstance,
): Promise<Ticket | null> => {
  const ticketId = String(query.ticketId ?? '');
  try {
    const { data } = await client.get<Ticket>(`/api/tickets/${encodeURIComponent(ticketId)}`);
    return data;
  } catch (err) {
    if (!axios.isAxiosError(err) || err.response?.status !== 404) throw err;
    if (res) res.statusCode = 404;
    return null;
  }
};

export default fetchTicket;
