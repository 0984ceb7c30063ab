import { render, screen } from '@testing-library/react';
import NotFound from '../../pages/404';

it('says the page was not found and links home', () => {
  render(<NotFound currentUser={null} />);

  expect(screen.getByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'Back to all tickets' })).toHaveAttribute('href', '/');
});
