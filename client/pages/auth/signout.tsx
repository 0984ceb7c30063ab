import Router from 'next/router';
import { useEffect } from 'react';
import useRequest from '../../hooks/use-request';
import type { TicketingPage } from '../../types/page';

const SignOut: TicketingPage = () => {
  const { doRequest, errors } = useRequest({
    url: '/api/users/signout',
    method: 'post',
    body: {},
    onSuccess: () => Router.push('/'),
  });

  useEffect(() => {
    void doRequest();
    // Sign out once, when the page mounts.
  }, []);

  return errors ?? <p className="text-secondary">Signing you out...</p>;
};

export default SignOut;
