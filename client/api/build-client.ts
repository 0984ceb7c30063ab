import axios from 'axios';
import type { NextPageContext } from 'next';
import type { ApiClient } from '../types/api-client';
import createServerClient from './server-client';

// The ingress controller's in-cluster name: it routes /api/* by host and path like it does for browsers.
export const DEFAULT_API_URL = 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local';

// Only these describe who is asking and for which site. Copying every incoming header would also
// copy hop-by-hop and body headers (connection, content-length, ...) that are wrong for our call.
const FORWARDED_HEADERS = ['cookie', 'host'] as const;

// A hung API must not hold a server render open forever; a timeout counts as "unavailable".
export const SERVER_TIMEOUT_MS = 5000;

const buildClient = ({ req }: Pick<NextPageContext, 'req'>): ApiClient => {
  if (typeof window !== 'undefined') {
    // In the browser the ingress is the page's own origin, and the browser sends the cookie itself.
    return axios.create({ baseURL: '/' });
  }

  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req?.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // API_URL is the ingress inside the cluster (the router locally), called directly: Node's http
  // never goes through a proxy that HTTP_PROXY in the pod's environment names.
  return createServerClient({
    baseURL: process.env.API_URL || DEFAULT_API_URL,
    headers,
    timeoutMs: SERVER_TIMEOUT_MS,
  });
};

export default buildClient;
