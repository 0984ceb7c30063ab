import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios from 'axios';
import EditTicket from '../../../pages/tickets/[ticketId]/edit';
import { apiError, ok, otherUser, serverContext, stubClient, ticket, user } from '../../../test/api-stubs';
import { router } from '../../../test/router';

const request = jest.spyOn(axios, 'request');

afterEach(() => request.mockReset());

describe('getInitialProps', () => {
  it('fetches the ticket to edit', async () => {
    const { client, get } = stubClient({ '/api/tickets/6560f1b2c3d4e5f601234567': ok(ticket) });

    const props = await EditTicket.getInitialProps!(
      serverContext({ ticketId: '6560f1b2c3d4e5f601234567' }).ctx,
      client,
      user,
    );

    expect(get).toHaveBeenCalledWith('/api/tickets/6560f1b2c3d4e5f601234567');
    expect(props).toEqual({ ticket });
  });

  it('sends visitors to sign in without fetching', async () => {
    const { client, get } = stubClient({});
    const { ctx, res } = serverContext({ ticketId: '6560f1b2c3d4e5f601234567' });

    await EditTicket.getInitialProps!(ctx, client, null);

    expect(res.writeHead).toHaveBeenCalledWith(302, { Location: '/auth/signin' });
    expect(get).not.toHaveBeenCalled();
  });

  it('answers 404 when the ticket does not exist', async () => {
    const { client } = stubClient({
      '/api/tickets/6560f1b2c3d4e5f6deadbeef': apiError(404, [{ message: 'Not Found' }]),
    });
    const { ctx, res } = serverContext({ ticketId: '6560f1b2c3d4e5f6deadbeef' });

    await expect(EditTicket.getInitialProps!(ctx, client, user)).resolves.toEqual({ ticket: null });
    expect(res.statusCode).toBe(404);
  });
});

describe('form', () => {
  const save = async (title: string, price: string) => {
    const titleInput = screen.getByLabelText('Title');
    await userEvent.clear(titleInput);
    await userEvent.type(titleInput, title);
    const priceInput = screen.getByLabelText('Price');
    await userEvent.clear(priceInput);
    await userEvent.type(priceInput, price);
    await userEvent.click(screen.getByRole('button', { name: 'Save Changes' }));
  };

  it('starts from the current title and price', () => {
    render(<EditTicket ticket={ticket} currentUser={user} />);

    expect(screen.getByLabelText('Title')).toHaveValue('Concert');
    expect(screen.getByLabelText('Price')).toHaveValue('20.00');
  });

  it('saves the changes with PUT and shows the ticket', async () => {
    request.mockResolvedValue(ok({ ...ticket, title: 'Opera', price: 35 }));
    render(<EditTicket ticket={ticket} currentUser={user} />);

    await save('Opera', '35');

    expect(request).toHaveBeenCalledWith({
      url: '/api/tickets/6560f1b2c3d4e5f601234567',
      method: 'put',
      data: { title: 'Opera', price: 35 },
    });
    expect(router.push).toHaveBeenCalledWith('/tickets/6560f1b2c3d4e5f601234567');
  });

  it("shows the API's refusal when someone else's ticket is saved", async () => {
    request.mockRejectedValue(apiError(401, [{ message: 'Not authorized' }]));
    render(<EditTicket ticket={ticket} currentUser={otherUser} />);

    await save('Mine now', '1');

    expect(await screen.findByRole('alert')).toHaveTextContent('Not authorized');
    expect(router.push).not.toHaveBeenCalled();
  });

  it('says when the ticket does not exist', () => {
    render(<EditTicket ticket={null} currentUser={user} />);

    expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save Changes' })).not.toBeInTheDocument();
  });
});
