import { render, screen } from '@testing-library/react';
import type { AppContext } from 'next/app';
import type { Router } from 'next/router';
import buildClient from '../../api/build-client';
import AppComponent from '../../pages/_app';
import { apiError, networkError, ok, serverContext, stubClient, user } from '../../test/api-stubs';
import type { GetInitialProps, PageBaseProps, TicketingPage } from '../../types/page';

jest.mock('../../api/build-client');

type Props = { greeting: string };

const Page: TicketingPage<Props> = ({ greeting, currentUser }: Props & PageBaseProps) => (
  <p>
    {greeting} {currentUser?.email ?? 'visitor'}
  </p>
);

const appContext = (page: TicketingPage<Props>) => {
  const { ctx, res } = serverContext();
  return {
    appContext: { Component: page, ctx, router: {} as Router, AppTree: () => null } as unknown as AppContext,
    ctx,
    res,
  };
};

afterEach(() => {
  Page.getInitialProps = undefined;
});

describe('getInitialProps', () => {
  it('fetches the current user and hands it, with the same client, to the page', async () => {
    const { client, get } = stubClient({ '/api/users/currentuser': ok({ currentUser: user }) });
    jest.mocked(buildClient).mockReturnValue(client);
    const pageGetInitialProps = jest.fn<ReturnType<GetInitialProps<Props>>, Parameters<GetInitialProps<Props>>>(
      async () => ({ greeting: 'hi' }),
    );
    Page.getInitialProps = pageGetInitialProps;
    const { appContext: context, ctx } = appContext(Page);

    const props = await AppComponent.getInitialProps(context);

    expect(buildClient).toHaveBeenCalledWith(ctx);
    expect(get).toHaveBeenCalledWith('/api/users/currentuser');
    expect(pageGetInitialProps).toHaveBeenCalledWith(ctx, client, user);
    expect(props).toEqual({ pageProps: { greeting: 'hi' }, currentUser: user });
  });

  it('gives pages without getInitialProps empty props', async () => {
    jest
      .mocked(buildClient)
      .mockReturnValue(stubClient({ '/api/users/currentuser': ok({ currentUser: null }) }).client);

    const props = await AppComponent.getInitialProps(appContext(Page).appContext);

    expect(props).toEqual({ pageProps: {}, currentUser: null });
  });

  it('reports the service unavailable, with status 503, when the API cannot be reached', async () => {
    jest.mocked(buildClient).mockReturnValue(stubClient({ '/api/users/currentuser': networkError() }).client);
    const { appContext: context, res } = appContext(Page);

    const props = await AppComponent.getInitialProps(context);

    expect(props).toEqual({ pageProps: {}, currentUser: null, serviceUnavailable: true });
    expect(res.statusCode).toBe(503);
  });

  it('reports the service unavailable when the page data fails with a 5xx', async () => {
    jest
      .mocked(buildClient)
      .mockReturnValue(stubClient({ '/api/users/currentuser': ok({ currentUser: null }) }).client);
    Page.getInitialProps = async () => {
      throw apiError(502, [{ message: 'Bad Gateway' }]);
    };

    const props = await AppComponent.getInitialProps(appContext(Page).appContext);

    expect(props.serviceUnavailable).toBe(true);
  });

  it('lets other failures through to Next error handling', async () => {
    jest
      .mocked(buildClient)
      .mockReturnValue(stubClient({ '/api/users/currentuser': ok({ currentUser: null }) }).client);
    Page.getInitialProps = async () => {
      throw new Error('bug');
    };

    await expect(AppComponent.getInitialProps(appContext(Page).appContext)).rejects.toThrow('bug');
  });
});

describe('rendering', () => {
  const renderApp = (props: { currentUser: typeof user | null; serviceUnavailable?: boolean }) =>
    render(
      <AppComponent Component={Page as never} pageProps={{ greeting: 'hello' }} router={{} as Router} {...props} />,
    );

  it('renders the header and the page with the current user', () => {
    renderApp({ currentUser: user });

    expect(screen.getByRole('link', { name: 'Sign Out' })).toBeInTheDocument();
    expect(screen.getByText(`hello ${user.email}`)).toBeInTheDocument();
  });

  it('renders a clear message instead of a page that needs data when the service is unavailable', () => {
    Page.getInitialProps = async () => ({ greeting: 'hi' });

    renderApp({ currentUser: null, serviceUnavailable: true });

    expect(screen.getByRole('alert')).toHaveTextContent('The service is unavailable right now');
    expect(screen.queryByText(/hello/)).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'GitTix' })).toBeInTheDocument();
  });

  it('still renders a page that needs no data, below the message, when the service is unavailable', () => {
    renderApp({ currentUser: null, serviceUnavailable: true });

    expect(screen.getByRole('alert')).toHaveTextContent('The service is unavailable right now');
    expect(screen.getByText('hello visitor')).toBeInTheDocument();
  });
});
