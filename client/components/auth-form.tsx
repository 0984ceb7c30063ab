import Router from 'next/router';
import { useState, type FormEvent } from 'react';
import useRequest from '../hooks/use-request';
import FormField from './form-field';

interface AuthFormProps {
  heading: string;
  submitLabel: string;
  url: string;
  passwordAutoComplete: 'new-password' | 'current-password';
}

// Sign up and sign in ask for the same two fields; only the endpoint and the wording differ.
const AuthForm = ({ heading, submitLabel, url, passwordAutoComplete }: AuthFormProps) => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { doRequest, errors, fieldErrors } = useRequest({
    url,
    method: 'post',
    body: { email, password },
    fields: ['email', 'password'],
    onSuccess: () => Router.push('/'),
  });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await doRequest();
  };

  return (
    <div className="row justify-content-center">
      <div className="col-md-7 col-lg-5">
        <div className="card shadow-sm">
          <div className="card-body p-4">
            <h1 className="h3 mb-4">{heading}</h1>
            {/* noValidate: the API's messages are the single source of validation feedback. */}
            <form onSubmit={onSubmit} noValidate>
              <FormField
                id="email"
                label="Email Address"
                type="email"
                autoComplete="email"
                value={email}
                onChange={setEmail}
                error={fieldErrors.email}
              />
              <FormField
                id="password"
                label="Password"
                type="password"
                autoComplete={passwordAutoComplete}
                value={password}
                onChange={setPassword}
                error={fieldErrors.password}
              />
              {errors}
              <button type="submit" className="btn btn-primary w-100">
                {submitLabel}
              </button>
            </form>
          </div>
        </div>
      </div>
    </div>
  );
};

export default AuthForm;
