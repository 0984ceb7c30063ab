import TicketForm from '../../components/ticket-form';
import redirect from '../../lib/redirect';
import type { TicketingPage } from '../../types/page';

const NewTicket: TicketingPage = () => (
  <TicketForm heading="Sell a Ticket" submitLabel="Create Ticket" url="/api/tickets" method="post" successPath="/" />
);

// Only signed-in users can sell; send everyone else to sign in first.
NewTicket.getInitialProps = async (ctx, _client, currentUser) => {
  if (!currentUser) redirect(ctx, '/auth/signin');
  return {};
};

export default NewTicket;
