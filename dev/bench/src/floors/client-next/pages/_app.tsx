import type { AppContext, AppProps } from 'next/app';
import Head from 'next/head';
import { forwardedHeaders, getJson } from '../../get-json';

interface AppOwnProps {
  currentUser: unknown;
}

// The client's layout as plain elements: its header's links are <a>, not next/link.
const App = ({ Component, pageProps }: AppProps & AppOwnProps) => (
  <>
    <Head>
      <title>GitTix</title>
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </Head>
    <nav className="navbar navbar-expand navbar-light bg-white border-bottom shadow-sm mb-4">
      <div className="container">
        <a href="/" className="navbar-brand fw-bold">
          GitTix
        </a>
        <ul className="navbar-nav ms-auto">
          <li className="nav-item">
            <a href="/auth/signup" className="nav-link">
              Sign Up
            </a>
          </li>
          <li className="nav-item">
            <a href="/auth/signin" className="nav-link">
              Sign In
            </a>
          </li>
        </ul>
      </div>
    </nav>
    <main className="container pb-5">
      <Component {...pageProps} />
    </main>
  </>
);

// The client's order: the current user first, then the page's own data.
App.getInitialProps = async ({ Component, ctx }: AppContext): Promise<{ pageProps: object } & AppOwnProps> => {
  const { currentUser } = await getJson<AppOwnProps>('/api/users/currentuser', forwardedHeaders(ctx.req?.headers));
  const pageProps = Component.getInitialProps ? await Component.getInitialProps(ctx) : {};
  return { pageProps, currentUser };
};

export default App;
