import axios, { type AxiosInstance } from 'axios';
import type { NextPageContext } from 'next';

// The ingress controller's in-cluster name: it routes /api/* by host and path like it does for browsers.
export const DEFAULT_API_URL = 'http://ingress-nginx-controller.ingress-nginx.svc.cluster.local';

// Only these describe who is asking and for which site. Copying every incoming header would also
// copy hop-by-hop and body headers (connection, content-length, ...) that are wrong for our call.
const FORWARDED_HEADERS = ['cookie', 'host'] as const;

// A hung API must not hold a server render open forever; a timeout counts as "unavailable".
const SERVER_TIMEOUT_MS = 5000;

// axios turns on TCP keep-alive probes after 60 s on every request's socket. Node's global agent
// (keep-alive since Node 19) sets them back to its own 1 s each time a socket returns to the pool,
// so every API call paid two setsockopt calls. One agent for all renders, with axios's delay: the
// pooled connections are reused and their settings left alone. Created once, on the server only;
// getBuiltinModule rather than an import, or the bundler would put an http polyfill in the
// browser's bundle (180 kB).
export const KEEP_ALIVE_PROBE_MS = 60_000;
const apiAgent =
  typeof window === 'undefined'
    ? new (process.getBuiltinModule('http').Agent)({ keepAlive: true, keepAliveMsecs: KEEP_ALIVE_PROBE_MS })
    : undefined;

const buildClient = ({ req }: Pick<NextPageContext, 'req'>): AxiosInstance => {
  if (typeof window !== 'undefined') {
    // In the browser the ingress is the page's own origin, and the browser sends the cookie itself.
    return axios.create({ baseURL: '/' });
  }

  const headers: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req?.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }

  return axios.create({
    baseURL: process.env.API_URL || DEFAULT_API_URL,
    headers,
    timeout: SERVER_TIMEOUT_MS,
    // The API never redirects. With redirects allowed, axios sends every request through the
    // follow-redirects wrapper, which cost 5% of a server render in the bench's profile.
    maxRedirects: 0,
    // API_URL is the ingress inside the cluster (the router locally): never through a proxy that
    // HTTP_PROXY in the pod's environment names for outbound traffic. Without this, axios also
    // reads and matches the proxy variables on every call (1.7% of a server render).
    proxy: false,
    httpAgent: apiAgent,
  });
};

export default buildClient;
