import 'bootstrap/dist/css/bootstrap.css';
import type { AppContext, AppProps } from 'next/app';
import Head from 'next/head';
import buildClient from '../api/build-client';
import isServiceUnavailable, { SERVICE_UNAVAILABLE_MESSAGE } from '../api/is-service-unavailable';
import Header from '../components/header';
import type { CurrentUser, CurrentUserResponse } from '../types/api';
import type { TicketingPage } from '../types/page';

interface AppOwnProps {
  currentUser: CurrentUser | null;
  serviceUnavailable?: boolean;
}

type PageProps = Record<string, unknown>;

const AppComponent = ({ Component, pageProps, currentUser, serviceUnavailable }: AppProps<PageProps> & AppOwnProps) => (
  <>
    <Head>
      <title>GitTix</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </Head>
    <Header currentUser={currentUser} />
    <main className="container pb-5">
      {serviceUnavailable && (
        <div className="alert alert-warning" role="alert">
          {SERVICE_UNAVAILABLE_MESSAGE}
        </div>
      )}
      {/* Pages that need no data (the forms, 404) still work; the others have no props to show. */}
      {(!serviceUnavailable || !Component.getInitialProps) && <Component currentUser={currentUser} {...pageProps} />}
    </main>
  </>
);

// Runs on the server for the first page and in the browser on every client-side navigation.
AppComponent.getInitialProps = async ({
  Component,
  ctx,
}: AppContext): Promise<{ pageProps: PageProps } & AppOwnProps> => {
  const client = buildClient(ctx);
  const page = Component as TicketingPage<PageProps>;
  try {
    const { data } = await client.get<CurrentUserResponse>('/api/users/currentuser');
    const pageProps = page.getInitialProps ? await page.getInitialProps(ctx, client, data.currentUser) : {};
    return { pageProps, currentUser: data.currentUser };
  } catch (err) {
    if (!isServiceUnavailable(err)) throw err;
    // Render a page that says so instead of Next's generic 500.
    if (ctx.res) ctx.res.statusCode = 503;
    return { pageProps: {}, currentUser: null, serviceUnavailable: true };
  }
};

export default AppComponent;
