import type { NextPageContext } from 'next';
import Router from 'next/router';

// Sends the visitor elsewhere from getInitialProps: a 302 during server rendering, a client-side
// navigation in the browser.
const redirect = (ctx: Pick<NextPageContext, 'res'>, location: string): void => {
  if (ctx.res) {
    ctx.res.writeHead(302, { Location: location });
    ctx.res.end();
    return;
  }
  void Router.replace(location);
};

export default redirect;
