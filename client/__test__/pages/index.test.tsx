import { render, screen, within } from '@testing-library/react';
import LandingPage from '../../pages/index';
import { apiError, ok, serverContext, stubClient, ticket, user } from '../../test/api-stubs';

const tickets = [ticket, { ...ticket, id: '6560f1b2c3d4e5f601234568', title: 'Theatre', price: 12.5 }];

it('lists every ticket with its price and a link to it', () => {
  render(<LandingPage tickets={tickets} before={null} currentUser={null} />);

  const rows = screen.getAllByRole('row').slice(1);
  expect(rows).toHaveLength(2);
  expect(within(rows[0]).getByText('Concert')).toBeInTheDocument();
  expect(within(rows[0]).getByText('$20.00')).toBeInTheDocument();
  expect(within(rows[1]).getByText('$12.50')).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'View Theatre' })).toHaveAttribute(
    'href',
    '/tickets/6560f1b2c3d4e5f601234568',
  );
});

it('says so when there are no tickets', () => {
  render(<LandingPage tickets={[]} before={null} currentUser={null} />);

  expect(screen.getByText('No tickets are for sale yet.')).toBeInTheDocument();
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
});

it('links to the next page when there is one, and not on the last page', () => {
  const { unmount } = render(<LandingPage tickets={tickets} before="ticket-2" currentUser={null} />);
  expect(screen.getByRole('link', { name: 'More tickets' })).toHaveAttribute('href', '/?before=ticket-2');
  unmount();

  render(<LandingPage tickets={tickets} before={null} currentUser={null} />);
  expect(screen.queryByRole('link', { name: 'More tickets' })).not.toBeInTheDocument();
});

it('fetches the first page in getInitialProps; no Link header means no next page', async () => {
  const { client, get } = stubClient({ '/api/tickets': ok(tickets) });

  const props = await LandingPage.getInitialProps!(serverContext().ctx, client, user);

  expect(get).toHaveBeenCalledWith('/api/tickets');
  expect(props).toEqual({ tickets, before: null });
});

it("fetches the page the query's cursor names and takes the next cursor from the Link header", async () => {
  const link = '</api/tickets?limit=20&before=ticket-2>; rel="next"';
  const { client, get } = stubClient({ '/api/tickets?before=ticket-9': { ...ok(tickets), headers: { link } } });

  const props = await LandingPage.getInitialProps!(serverContext({ before: 'ticket-9' }).ctx, client, user);

  expect(get).toHaveBeenCalledWith('/api/tickets?before=ticket-9');
  expect(props).toEqual({ tickets, before: 'ticket-2' });
});

it('answers 404 with a notice when the API refuses the cursor', async () => {
  const { client } = stubClient({
    '/api/tickets?before=nonsense': apiError(400, [{ message: 'before must be a ticket id', field: 'before' }]),
  });
  const { ctx, res } = serverContext({ before: 'nonsense' });

  const props = await LandingPage.getInitialProps!(ctx, client, user);
  render(<LandingPage {...props} currentUser={null} />);

  expect(res.statusCode).toBe(404);
  expect(screen.getByText('This page of tickets does not exist.')).toBeInTheDocument();
});
