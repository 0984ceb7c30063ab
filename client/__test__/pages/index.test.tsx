import { render, screen, within } from '@testing-library/react';
import LandingPage from '../../pages/index';
import { ok, serverContext, stubClient, ticket, user } from '../../test/api-stubs';

const tickets = [ticket, { ...ticket, id: '6560f1b2c3d4e5f601234568', title: 'Theatre', price: 12.5 }];

it('lists every ticket with its price and a link to it', () => {
  render(<LandingPage tickets={tickets} currentUser={null} />);

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
  render(<LandingPage tickets={[]} currentUser={null} />);

  expect(screen.getByText('No tickets are for sale yet.')).toBeInTheDocument();
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
});

it('fetches the tickets in getInitialProps', async () => {
  const { client, get } = stubClient({ '/api/tickets': ok(tickets) });

  const props = await LandingPage.getInitialProps!(serverContext().ctx, client, user);

  expect(get).toHaveBeenCalledWith('/api/tickets');
  expect(props).toEqual({ tickets });
});
