import type { NextPageContext } from 'next';
import { forwardedHeaders, getJson, Ticket } from '../../get-json';

interface LandingProps {
  tickets: Ticket[];
}

const Landing = ({ tickets }: LandingProps) => (
  <>
    <h1 className="h2 mb-4">Tickets</h1>
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
              <td>${ticket.price.toFixed(2)}</td>
              <td className="text-end">
                <a
                  href={`/tickets/${ticket.id}`}
                  className="btn btn-sm btn-outline-primary"
                  aria-label={`View ${ticket.title}`}
                >
                  View
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  </>
);

Landing.getInitialProps = async ({ req }: NextPageContext): Promise<LandingProps> => ({
  tickets: await getJson<Ticket[]>('/api/tickets', forwardedHeaders(req?.headers)),
});

export default Landing;
