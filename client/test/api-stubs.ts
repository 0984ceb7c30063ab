import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import type { NextPageContext } from 'next';
import type { ApiError, CurrentUser, Ticket } from '../types/api';
import type { ApiClient } from '../types/api-client';

export const user: CurrentUser = { id: 'user-1', email: 'test@test.com', iat: 1, exp: 2 };
export const otherUser: CurrentUser = { id: 'user-2', email: 'other@test.com', iat: 1, exp: 2 };

export const ticket: Ticket = {
  id: '6560f1b2c3d4e5f601234567',
  title: 'Concert',
  price: 20,
  userId: user.id,
  version: 0,
};

const response = <T>(status: number, data: T): AxiosResponse<T> => ({
  status,
  statusText: String(status),
  data,
  headers: {},
  config: { headers: new AxiosHeaders() },
});

export const ok = <T>(data: T): AxiosResponse<T> => response(200, data);

// What axios rejects with when the API answers with an error status.
export const apiError = (status: number, errors: ApiError[]): AxiosError =>
  new AxiosError(
    `Request failed with status code ${status}`,
    'ERR_BAD_RESPONSE',
    undefined,
    {},
    response(status, { errors }),
  );

// What axios rejects with when nothing answers at all.
export const networkError = (): AxiosError =>
  new AxiosError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED', undefined, {});

// The client _app hands to getInitialProps: GET answers come from `routes` by URL.
export const stubClient = (routes: Record<string, AxiosResponse | Error>) => {
  const get = jest.fn(async (url: string) => {
    const answer = routes[url];
    if (!answer) throw new Error(`unexpected GET ${url}`);
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { client: { get } as ApiClient, get };
};

// A NextPageContext as seen during server rendering, with a response whose status can be read back.
export const serverContext = (query: NextPageContext['query'] = {}) => {
  const res = { statusCode: 200, writeHead: jest.fn(), end: jest.fn() };
  const ctx = { query, res, pathname: '/', AppTree: () => null } as unknown as NextPageContext;
  return { ctx, res };
};
