/**
 * How both client floors ask the API: Node's http with one keep-alive agent, forwarding only
 * cookie and host, as the client's server renders do (client/api/server-client.ts).
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'http';

export interface Ticket {
  id: string;
  title: string;
  price: number;
}

// Made on first use, through getBuiltinModule: the Next floor's _app is also bundled for the
// browser, where `import http` would pull in a polyfill; there it never runs.
let client: { http: typeof import('http'); agent: import('http').Agent; api: URL } | undefined;
const apiClient = () => {
  if (!client) {
    const http = process.getBuiltinModule('http');
    client = { http, agent: new http.Agent({ keepAlive: true }), api: new URL(process.env.API_URL!) };
  }
  return client;
};

export const forwardedHeaders = (incoming: IncomingHttpHeaders | undefined): OutgoingHttpHeaders => {
  const headers: OutgoingHttpHeaders = {};
  if (incoming?.cookie) headers.cookie = incoming.cookie;
  if (incoming?.host) headers.host = incoming.host;
  return headers;
};

export const getJson = <T>(path: string, headers: OutgoingHttpHeaders): Promise<T> =>
  new Promise((resolve, reject) => {
    const { http, agent, api } = apiClient();
    const req = http.get({ host: api.hostname, port: api.port, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
  });
