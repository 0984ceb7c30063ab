import axios from 'axios';
import Link from 'next/link';
import nextPageBefore from '../api/next-page';
import Notice from '../components/notice';
import formatPrice from '../lib/format-price';
import type { Ticket } from '../types/api';
import type { TicketingPage } from '../types/page';

interface LandingPageProps {
  /** One page of tickets, newest first, or null when the page asked for does not exist. */
  tickets: Ticket[] | null;
  /** Where the next (older) page starts; null on the last page. */
  before: string | null;
}

const LandingPage: TicketingPage<LandingPageProps> = ({ tickets, before }) => {
  if (!tickets) return <Notice heading="Page not found" message="This page of tickets does not exist." />;
  return (
    <>
      <h1 className="h2 mb-4">Tickets</h1>
      {tickets.length === 0 ? (
        <p className="text-secondary">No tickets are for sale yet.</p>
      ) : (
        <div className="card shadow-sm overflow-hidden">
          <table className="table table-hover align-middle mb-0">
            <thead className="table-light">
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Price</th>
                <th scope="col">
                  <span className="visually-hidden">Link</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id}>
                  <td>{ticket.title}</td>
                  <td>{formatPrice(ticket.price)}</td>
                  <td className="text-end">
                    <Link
                      href={`/tickets/${ticket.id}`}
                      className="btn btn-sm btn-outline-primary"
                      aria-label={`View ${ticket.title}`}
                    >
                      View
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {before && (
        <div className="text-end mt-3">
          <Link href={`/?before=${encodeURIComponent(before)}`} className="btn btn-outline-secondary">
            More tickets
          </Link>
        </div>
      )}
    </>
  );
};

LandingPage.getInitialProps = async ({ query, res }, client) => {
  const url =
    typeof query.before === 'string' ? `/api/tickets?before=${encodeURIComponent(query.before)}` : '/api/tickets';
  try {
    const { data, headers } = await client.get<Ticket[]>(url);
    return { tickets: data, before: nextPageBefore(headers.link) };
  } catch (err) {
    // A cursor the API refuses (edited by hand, or malformed) is a page that does not exist.
    if (!axios.isAxiosError(err) || err.response?.status !== 400) throw err;
    if (res) res.statusCode = 404;
    return { tickets: null, before: null };
  }
};

export default LandingPage;
