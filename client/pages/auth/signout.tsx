import Router from 'next/router';
import { useEffect, useEffectEvent } from 'react';
import useRequest from '../../hooks/use-request';
import type { TicketingPage } from '../../types/page';

const SignOut: TicketingPage = () => {
  const { doRequest, errors } = useRequest({
    url: '/api/users/signout',
    method: 'post',
    body: {},
    onSuccess: () => Router.push('/'),
  });

  // Sign out once, when the page mounts (an effect event is not a dependency).
  const signOut = useEffectEvent(() => void doRequest());
  useEffect(() => signOut(), []);

  return errors ?? <p className="text-secondary">Signing you out...</p>;
};

export default SignOut;
