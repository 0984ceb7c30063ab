import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios from 'axios';
import useRequest from '../use-request';
import { apiError, networkError, ok } from '../../test/api-stubs';

// A minimal form around the hook, the way pages use it: an email input, the alert, a button.
const Probe = ({ onSuccess }: { onSuccess: (data: unknown) => void }) => {
  const { doRequest, errors, fieldErrors } = useRequest({
    url: '/api/users/signup',
    method: 'post',
    body: { email: 'a@b.com', password: 'pw' },
    fields: ['email'],
    onSuccess,
  });
  return (
    <>
      <p data-testid="email-error">{fieldErrors.email}</p>
      {errors}
      <button onClick={() => void doRequest()}>Go</button>
    </>
  );
};

const request = jest.spyOn(axios, 'request');

afterEach(() => request.mockReset());

it('sends the request and calls onSuccess with the response data', async () => {
  request.mockResolvedValue(ok({ id: 'user-1' }));
  const onSuccess = jest.fn();
  render(<Probe onSuccess={onSuccess} />);

  await userEvent.click(screen.getByRole('button', { name: 'Go' }));

  expect(request).toHaveBeenCalledWith({
    url: '/api/users/signup',
    method: 'post',
    data: { email: 'a@b.com', password: 'pw' },
  });
  expect(onSuccess).toHaveBeenCalledWith({ id: 'user-1' });
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

it('shows API errors without a known field in an alert and does not call onSuccess', async () => {
  request.mockRejectedValue(
    apiError(400, [{ message: 'Invalid credentials' }, { message: 'Bad thing', field: 'other' }]),
  );
  const onSuccess = jest.fn();
  render(<Probe onSuccess={onSuccess} />);

  await userEvent.click(screen.getByRole('button', { name: 'Go' }));

  const alert = await screen.findByRole('alert');
  expect(alert).toHaveClass('alert', 'alert-danger');
  expect(alert).toHaveTextContent('Invalid credentials');
  expect(alert).toHaveTextContent('Bad thing');
  expect(onSuccess).not.toHaveBeenCalled();
});

it('puts errors for a field of the form beside that field, not in the alert', async () => {
  request.mockRejectedValue(apiError(400, [{ message: 'Email must be valid', field: 'email' }]));
  render(<Probe onSuccess={jest.fn()} />);

  await userEvent.click(screen.getByRole('button', { name: 'Go' }));

  expect(await screen.findByTestId('email-error')).toHaveTextContent('Email must be valid');
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

it('clears old errors when the next request succeeds', async () => {
  request.mockRejectedValueOnce(apiError(400, [{ message: 'Invalid credentials' }]));
  request.mockResolvedValueOnce(ok({}));
  render(<Probe onSuccess={jest.fn()} />);

  await userEvent.click(screen.getByRole('button', { name: 'Go' }));
  await screen.findByRole('alert');
  await userEvent.click(screen.getByRole('button', { name: 'Go' }));

  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

it('says the service is unavailable when nothing answers', async () => {
  request.mockRejectedValue(networkError());
  render(<Probe onSuccess={jest.fn()} />);

  await userEvent.click(screen.getByRole('button', { name: 'Go' }));

  expect(await screen.findByRole('alert')).toHaveTextContent('The service is unavailable right now');
});
