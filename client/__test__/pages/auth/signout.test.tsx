import { render, screen, waitFor } from '@testing-library/react';
import axios from 'axios';
import SignOut from '../../../pages/auth/signout';
import { networkError, ok } from '../../../test/api-stubs';
import { router } from '../../../test/router';

const request = jest.spyOn(axios, 'request');

afterEach(() => {
  request.mockReset();
});

it('signs out on arrival and goes home', async () => {
  request.mockResolvedValue(ok({}));

  render(<SignOut currentUser={null} />);

  expect(screen.getByText('Signing you out...')).toBeInTheDocument();
  await waitFor(() => expect(router.push).toHaveBeenCalledWith('/'));
  expect(request).toHaveBeenCalledWith({ url: '/api/users/signout', method: 'post', data: {} });
});

it('says what went wrong when signing out fails', async () => {
  request.mockRejectedValue(networkError());

  render(<SignOut currentUser={null} />);

  expect(await screen.findByRole('alert')).toHaveTextContent('The service is unavailable right now');
  expect(router.push).not.toHaveBeenCalled();
});
