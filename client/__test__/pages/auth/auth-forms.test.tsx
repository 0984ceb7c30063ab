import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axios from 'axios';
import SignIn from '../../../pages/auth/signin';
import SignUp from '../../../pages/auth/signup';
import { apiError, ok, user } from '../../../test/api-stubs';
import { router } from '../../../test/router';

const request = jest.spyOn(axios, 'request');

afterEach(() => {
  request.mockReset();
});

describe.each([
  { name: 'Sign Up', Page: SignUp, url: '/api/users/signup' },
  { name: 'Sign In', Page: SignIn, url: '/api/users/signin' },
])('$name page', ({ name, Page, url }) => {
  const fillIn = async () => {
    await userEvent.type(screen.getByLabelText('Email Address'), 'test@test.com');
    await userEvent.type(screen.getByLabelText('Password'), 'password');
    await userEvent.click(screen.getByRole('button', { name }));
  };

  it('has a heading and labelled inputs', () => {
    render(<Page currentUser={null} />);

    expect(screen.getByRole('heading', { name })).toBeInTheDocument();
    expect(screen.getByLabelText('Email Address')).toHaveAttribute('type', 'email');
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
  });

  it(`posts the credentials to ${url} and goes home`, async () => {
    request.mockResolvedValue(ok(user));
    render(<Page currentUser={null} />);

    await fillIn();

    expect(request).toHaveBeenCalledWith({
      url,
      method: 'post',
      data: { email: 'test@test.com', password: 'password' },
    });
    expect(router.push).toHaveBeenCalledWith('/');
  });

  it('shows field errors beside their inputs and stays on the page', async () => {
    request.mockRejectedValue(
      apiError(400, [{ message: 'Password must be between 4 and 20 characters', field: 'password' }]),
    );
    render(<Page currentUser={null} />);

    await fillIn();

    const password = screen.getByLabelText('Password');
    expect(password).toHaveClass('is-invalid');
    expect(password).toHaveAccessibleDescription('Password must be between 4 and 20 characters');
    expect(screen.getByLabelText('Email Address')).not.toHaveClass('is-invalid');
    expect(router.push).not.toHaveBeenCalled();
  });

  it('shows other errors in an alert', async () => {
    request.mockRejectedValue(apiError(400, [{ message: 'Invalid credentials' }]));
    render(<Page currentUser={null} />);

    await fillIn();

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid credentials');
  });
});

describe('the password rule', () => {
  const submit = async (Page: typeof SignUp, name: string, password: string) => {
    render(<Page currentUser={null} />);
    await userEvent.type(screen.getByLabelText('Email Address'), 'test@test.com');
    if (password) await userEvent.type(screen.getByLabelText('Password'), password);
    await userEvent.click(screen.getByRole('button', { name }));
  };

  it.each(['abc', 'x'.repeat(21)])('is checked on Sign Up before sending (%p)', async (password) => {
    await submit(SignUp, 'Sign Up', password);

    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(
      'Password must be between 4 and 20 characters',
    );
    expect(request).not.toHaveBeenCalled();
  });

  it('is left to the API on Sign In, where a password of any length is only right or wrong', async () => {
    request.mockRejectedValue(apiError(400, [{ message: 'Invalid credentials' }]));
    await submit(SignIn, 'Sign In', 'abc');

    expect(request).toHaveBeenCalledWith({
      url: '/api/users/signin',
      method: 'post',
      data: { email: 'test@test.com', password: 'abc' },
    });
  });
});
