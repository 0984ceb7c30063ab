import type { ApiClient } from './api-client';
import type { NextPageContext } from 'next';
import type { ComponentType } from 'react';
import type { CurrentUser } from './api';

// Props every page receives from _app on top of its own initial props.
export interface PageBaseProps {
  currentUser: CurrentUser | null;
}

// Pages fetch through the client _app built for this request (cookies forwarded on the server)
// and get the already-known current user, instead of Next's one-argument getInitialProps.
export type GetInitialProps<P> = (
  ctx: NextPageContext,
  client: ApiClient,
  currentUser: CurrentUser | null,
) => Promise<P>;

export type TicketingPage<P = object> = ComponentType<P & PageBaseProps> & {
  getInitialProps?: GetInitialProps<P>;
};
