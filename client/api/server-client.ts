import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios';
import type { Agent, ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'http';
import type { ApiClient, ApiResponse } from '../types/api-client';

// Server renders ask the API with Node's http rather than axios or fetch: per GET to a stand-in
// API with 20 tickets, axios (already without redirects and proxy lookup) took about 3 times the
// CPU of http.get, and Node 20's fetch as much as axios. Only GET is needed: forms post from the
// browser.

export interface ServerClientOptions {
  /** The API's base URL (http:); a path in it prefixes every request's. */
  baseURL: string;
  /** Sent with every request (the visitor's cookie and host). */
  headers: OutgoingHttpHeaders;
  /** Gives up when the socket is idle this long, so a hung API cannot hold a render open. */
  timeoutMs: number;
}

// One keep-alive pool for every render of this process. Made on first use, through
// getBuiltinModule: this module is also bundled for the browser (buildClient's other side), where
// `import http` would pull in a 180 kB polyfill; there it never runs.
let pool: { http: typeof import('http'); agent: Agent } | undefined;
const httpPool = () => {
  if (!pool) {
    const http = process.getBuiltinModule('http');
    pool = { http, agent: new http.Agent({ keepAlive: true }) };
  }
  return pool;
};

// The API answers JSON; a router's own error page (a 502 with HTML, say) stays text.
const parseBody = (res: IncomingMessage, text: string): unknown =>
  text && res.headers['content-type']?.includes('json') ? JSON.parse(text) : text;

// One request's answer: its status, data and headers for a 2xx, otherwise an AxiosError as the
// browser's axios reports it (with the response when the API answered), so pages handle one kind.
const settle = <T>(req: ClientRequest, res: IncomingMessage, text: string): ApiResponse<T> => {
  let data: unknown;
  try {
    data = parseBody(res, text);
  } catch (err) {
    throw AxiosError.from(err, AxiosError.ERR_BAD_RESPONSE, undefined, req);
  }
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return { status, data: data as T, headers: res.headers };
  const response: AxiosResponse = {
    status,
    statusText: res.statusMessage ?? '',
    data,
    headers: res.headers,
    config: { headers: new AxiosHeaders() },
  };
  const code = status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
  throw new AxiosError(`Request failed with status code ${status}`, code, undefined, req, response);
};

const createServerClient = ({ baseURL, headers, timeoutMs }: ServerClientOptions): ApiClient => {
  const base = new URL(baseURL);
  if (base.protocol !== 'http:') throw new Error(`API_URL must be an http: URL, not ${baseURL}`);
  const prefix = base.pathname.replace(/\/$/, '');
  const requestHeaders: OutgoingHttpHeaders = { accept: 'application/json', ...headers };

  const get = <T>(path: string) =>
    new Promise<ApiResponse<T>>((resolve, reject) => {
      const { http, agent } = httpPool();
      const req = http.get(
        {
          hostname: base.hostname,
          port: base.port,
          path: prefix + path,
          headers: requestHeaders,
          agent,
          timeout: timeoutMs,
        },
        (res) => {
          // Strings rather than Buffers: a Buffer here would put its 22 kB polyfill in the browser's bundle.
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            try {
              resolve(settle<T>(req, res, text));
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new AxiosError(`timeout of ${timeoutMs}ms exceeded`, AxiosError.ECONNABORTED, undefined, req)),
      );
      // Refused, reset, DNS: no response, which isServiceUnavailable counts as unavailable.
      req.on('error', (err: Error & { code?: string }) =>
        reject(err instanceof AxiosError ? err : AxiosError.from(err, err.code, undefined, req)),
      );
    });

  return { get };
};

export default createServerClient;
