import fetchTicket from '../../../api/fetch-ticket';
import NotFound from '../../404';
import TicketForm from '../../../components/ticket-form';
import redirect from '../../../lib/redirect';
import type { Ticket } from '../../../types/api';
import type { TicketingPage } from '../../../types/page';

interface EditTicketProps {
  ticket: Ticket | null;
}

// Anyone signed in may open the form; the tickets service decides who may save it, and its
// answer (401 'Not authorized' for someone else's ticket) is shown like any other error.
const EditTicket: TicketingPage<EditTicketProps> = ({ ticket, currentUser }) => {
  if (!ticket) return <NotFound currentUser={currentUser} />;

  return (
    <TicketForm
      heading="Edit Ticket"
      submitLabel="Save Changes"
      url={`/api/tickets/${ticket.id}`}
      method="put"
      successPath={`/tickets/${ticket.id}`}
      initialTitle={ticket.title}
      initialPrice={ticket.price}
    />
  );
};

EditTicket.getInitialProps = async (ctx, client, currentUser) => {
  if (!currentUser) {
    redirect(ctx, '/auth/signin');
    return { ticket: null };
  }
  return { ticket: await fetchTicket(ctx, client) };
};

export default EditTicket;
