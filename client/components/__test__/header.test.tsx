import { render, screen } from '@testing-library/react';
import Header from '../header';
import { user } from '../../test/api-stubs';

const linkTargets = () =>
  Object.fromEntries(screen.getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')]));

it('offers sign up and sign in to visitors', () => {
  render(<Header currentUser={null} />);

  expect(linkTargets()).toEqual({ GitTix: '/', 'Sign Up': '/auth/signup', 'Sign In': '/auth/signin' });
});

it('offers selling tickets and signing out to signed-in users', () => {
  render(<Header currentUser={user} />);

  expect(linkTargets()).toEqual({ GitTix: '/', 'Sell Tickets': '/tickets/new', 'Sign Out': '/auth/signout' });
  expect(screen.getByText(user.email)).toBeInTheDocument();
});
