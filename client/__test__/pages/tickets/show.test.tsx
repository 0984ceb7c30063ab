import { render, screen } from '@testing-library/react';
import ShowTicket from '../../../pages/tickets/[ticketId]/index';
import {
  apiError,
  networkError,
  ok,
  otherUser,
  serverContext,
  stubClient,
  ticket,
  user,
} from '../../../test/api-stubs';

describe('rendering', () => {
  it('shows the ticket with an Edit link for its owner', () => {
    render(<ShowTicket ticket={ticket} currentUser={user} />);

    expect(screen.getByRole('heading', { name: 'Concert' })).toBeInTheDocument();
    expect(screen.getByText('$20.00')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute(
      'href',
      '/tickets/6560f1b2c3d4e5f601234567/edit',
    );
  });

  it.each([
    ['another user', otherUser],
    ['a visitor', null],
  ])('shows no Edit link to %s', (_who, currentUser) => {
    render(<ShowTicket ticket={ticket} currentUser={currentUser} />);

    expect(screen.getByRole('heading', { name: 'Concert' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('says when the ticket does not exist', () => {
    render(<ShowTicket ticket={null} currentUser={null} />);

    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});

describe('getInitialProps', () => {
  it('fetches the ticket named in the URL', async () => {
    const { client, get } = stubClient({ '/api/tickets/6560f1b2c3d4e5f601234567': ok(ticket) });

    const props = await ShowTicket.getInitialProps!(
      serverContext({ ticketId: '6560f1b2c3d4e5f601234567' }).ctx,
      client,
      null,
    );

    expect(get).toHaveBeenCalledWith('/api/tickets/6560f1b2c3d4e5f601234567');
    expect(props).toEqual({ ticket });
  });

  it('answers 404 with no ticket when the API has none', async () => {
    const { client } = stubClient({
      '/api/tickets/6560f1b2c3d4e5f6deadbeef': apiError(404, [{ message: 'Not Found' }]),
    });
    const { ctx, res } = serverContext({ ticketId: '6560f1b2c3d4e5f6deadbeef' });

    const props = await ShowTicket.getInitialProps!(ctx, client, null);

    expect(props).toEqual({ ticket: null });
    expect(res.statusCode).toBe(404);
  });

  it.each(['healthz', 'readyz', 'not-a-ticket', '1234'])(
    'answers 404 for %p, which is not a ticket id, without asking the API',
    async (ticketId) => {
      const { client, get } = stubClient({});
      const { ctx, res } = serverContext({ ticketId });

      const props = await ShowTicket.getInitialProps!(ctx, client, null);

      expect(props).toEqual({ ticket: null });
      expect(res.statusCode).toBe(404);
      expect(get).not.toHaveBeenCalled();
    },
  );

  it('lets an unreachable API through for _app to report', async () => {
    const error = networkError();
    const { client } = stubClient({ '/api/tickets/6560f1b2c3d4e5f601234567': error });

    await expect(
      ShowTicket.getInitialProps!(serverContext({ ticketId: '6560f1b2c3d4e5f601234567' }).ctx, client, null),
    ).rejects.toBe(error);
  });
});
