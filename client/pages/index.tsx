import Link from 'next/link';
import formatPrice from '../lib/format-price';
import type { Ticket } from '../types/api';
import type { TicketingPage } from '../types/page';

interface LandingPageProps {
  tickets: Ticket[];
}

const LandingPage: TicketingPage<LandingPageProps> = ({ tickets }) => (
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
  </>
);

LandingPage.getInitialProps = async (_ctx, client) => {
  const { data } = await client.get<Ticket[]>('/api/tickets');
  return { tickets: data };
};

export default LandingPage;
