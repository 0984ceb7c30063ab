import Link from 'next/link';
import fetchTicket from '../../../api/fetch-ticket';
import NotFound from '../../404';
import formatPrice from '../../../lib/format-price';
import type { Ticket } from '../../../types/api';
import type { TicketingPage } from '../../../types/page';

interface ShowTicketProps {
  ticket: Ticket | null;
}

const ShowTicket: TicketingPage<ShowTicketProps> = ({ ticket, currentUser }) => {
  if (!ticket) return <NotFound currentUser={currentUser} />;

  const isOwner = currentUser?.id === ticket.userId;
  return (
    <div className="row justify-content-center">
      <div className="col-md-8 col-lg-6">
        <div className="card shadow-sm">
          <div className="card-body p-4">
            <h1 className="h3 card-title">{ticket.title}</h1>
            <p className="fs-4 mb-4">{formatPrice(ticket.price)}</p>
            {isOwner && (
              <Link href={`/tickets/${ticket.id}/edit`} className="btn btn-outline-primary">
                Edit
              </Link>
            )}
          </div>
        </div>
      </div>
    </div>
  );
};

ShowTicket.getInitialProps = async (ctx, client) => {
  return { ticket: await fetchTicket(ctx, client) };
};

export default ShowTicket;
