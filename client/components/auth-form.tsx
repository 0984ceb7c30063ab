import Router from 'next/router';
import { useState } from 'react';
import { passwordError } from '@ticketing/common/rules';
import useRequest from '../hooks/use-request';
import FormCard from './form-card';
import FormField from './form-field';
import fieldErrors from '../lib/field-errors';

interface AuthFormProps {
  heading: string;
  submitLabel: string;
  url: string;
  // A new password (signup) is checked against the password rule before it is sent; a current
  // one (signin) is only checked by the API.
  passwordAutoComplete: 'new-password' | 'current-password';
}

// Sign up and sign in ask for the same two fields; only the endpoint and the wording differ.
const AuthForm = ({ heading, submitLabel, url, passwordAutoComplete }: AuthFormProps) => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const {
    doRequest,
    errors,
    fieldErrors: shown,
  } = useRequest({
    url,
    method: 'post',
    body: { email, password },
    fields: ['email', 'password'],
    validate: () =>
      fieldErrors({ password: passwordAutoComplete === 'new-password' ? passwordError(password) : undefined }),
    onSuccess: () => Router.push('/'),
  });

  return (
    <FormCard heading={heading} columns="col-md-7 col-lg-5" onSubmit={doRequest}>
      <FormField
        id="email"
        label="Email Address"
        type="email"
        autoComplete="email"
        value={email}
        onChange={setEmail}
        error={shown.email}
      />
      <FormField
        id="password"
        label="Password"
        type="password"
        autoComplete={passwordAutoComplete}
        value={password}
        onChange={setPassword}
        error={shown.password}
      />
      {errors}
      <button type="submit" className="btn btn-primary w-100">
        {submitLabel}
      </button>
    </FormCard>
  );
};

export default AuthForm;
