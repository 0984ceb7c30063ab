import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios from 'axios';
import NewTicket from '../../../pages/tickets/new';
import { apiError, ok, serverContext, stubClient, ticket, user } from '../../../test/api-stubs';
import { router } from '../../../test/router';

const request = jest.spyOn(axios, 'request');

afterEach(() => request.mockReset());

describe('getInitialProps', () => {
  it('lets signed-in users in', async () => {
    const { ctx, res } = serverContext();

    await expect(NewTicket.getInitialProps!(ctx, stubClient({}).client, user)).resolves.toEqual({});
    expect(res.writeHead).not.toHaveBeenCalled();
  });

  it('sends visitors to sign in with a 302 during server rendering', async () => {
    const { ctx, res } = serverContext();

    await NewTicket.getInitialProps!(ctx, stubClient({}).client, null);

    expect(res.writeHead).toHaveBeenCalledWith(302, { Location: '/auth/signin' });
    expect(res.end).toHaveBeenCalled();
  });

  it('sends visitors to sign in with client-side navigation in the browser', async () => {
    const { ctx } = serverContext();

    await NewTicket.getInitialProps!({ ...ctx, res: undefined }, stubClient({}).client, null);

    expect(router.replace).toHaveBeenCalledWith('/auth/signin');
  });
});

describe('form', () => {
  it('tidies the price to two decimals when leaving the field', async () => {
    render(<NewTicket currentUser={user} />);
    const price = screen.getByLabelText('Price');

    await userEvent.type(price, '12.5');
    fireEvent.blur(price);

    expect(price).toHaveValue('12.50');
  });

  it('leaves a price that is not a number for the API to judge', async () => {
    render(<NewTicket currentUser={user} />);
    const price = screen.getByLabelText('Price');

    await userEvent.type(price, 'abc');
    fireEvent.blur(price);

    expect(price).toHaveValue('abc');
  });

  it('creates the ticket with a numeric price and goes home', async () => {
    request.mockResolvedValue(ok(ticket));
    render(<NewTicket currentUser={user} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Concert');
    await userEvent.type(screen.getByLabelText('Price'), '20');
    await userEvent.click(screen.getByRole('button', { name: 'Create Ticket' }));

    expect(request).toHaveBeenCalledWith({
      url: '/api/tickets',
      method: 'post',
      data: { title: 'Concert', price: 20 },
    });
    expect(router.push).toHaveBeenCalledWith('/');
  });

  it("shows the API's validation errors beside title and price", async () => {
    request.mockRejectedValue(
      apiError(400, [
        { message: 'Title is required', field: 'title' },
        { message: 'Price must be greater than 0', field: 'price' },
      ]),
    );
    render(<NewTicket currentUser={user} />);

    await userEvent.type(screen.getByLabelText('Title'), 'Concert');
    await userEvent.type(screen.getByLabelText('Price'), '20');
    await userEvent.click(screen.getByRole('button', { name: 'Create Ticket' }));

    expect(screen.getByLabelText('Title')).toHaveAccessibleDescription('Title is required');
    expect(screen.getByLabelText('Price')).toHaveAccessibleDescription('Price must be greater than 0');
    expect(router.push).not.toHaveBeenCalled();
  });

  it.each([
    ['', '20', 'title', 'Title is required'],
    ['\u200b\u200b', '20', 'title', 'Title is required'],
    ['Concert \u202eevil', '20', 'title', 'Title must not contain control or text-direction characters'],
    ['🎟'.repeat(201), '20', 'title', 'Title must be at most 200 characters'],
    ['Concert', '', 'price', 'Price must be a number'],
    ['Concert', '0', 'price', 'Price must be greater than 0'],
    ['Concert', '20.001', 'price', 'Price must have at most two decimals'],
    ['Concert', '1e-9', 'price', 'Price must have at most two decimals'],
    ['Concert', '1000000.01', 'price', 'Price must be at most 1000000'],
  ])("checks title %j and price %j with the API's rules before sending", async (title, price, field, message) => {
    render(<NewTicket currentUser={user} />);

    // fireEvent, not userEvent.type: the test types characters userEvent would treat as keys.
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: title } });
    fireEvent.change(screen.getByLabelText('Price'), { target: { value: price } });
    await userEvent.click(screen.getByRole('button', { name: 'Create Ticket' }));

    expect(screen.getByLabelText(field === 'title' ? 'Title' : 'Price')).toHaveAccessibleDescription(message);
    expect(request).not.toHaveBeenCalled();
  });
});
