import http from 'http';
import { AddressInfo } from 'net';
import { HTTPRoute, Ingress } from './manifests';

export interface Backend {
  service: string;
  port: number | undefined;
}

/**
 * The backend ingress-nginx picks for a path under use-regex: each path is a case-insensitive
 * regex anchored at the start, and longer paths are tried first.
 */
export const ingressBackend = (ingress: Ingress, host: string, path: string): Backend | undefined => {
  const paths = ingress.spec.rules
    .filter((r) => r.host === undefined || r.host === host)
    .flatMap((r) => r.http.paths)
    .sort((a, b) => b.path.length - a.path.length);
  const hit = paths.find((p) => new RegExp(`^${p.path}`, 'i').test(path));
  return hit && { service: hit.backend.service.name, port: hit.backend.service.port.number };
};

/** The backend a Gateway API implementation picks: the longest PathPrefix matching whole path segments. */
export const gatewayBackend = (routes: HTTPRoute[], host: string, path: string): Backend | undefined => {
  const candidates = routes
    .filter((r) => !r.spec.hostnames || r.spec.hostnames.includes(host))
    .flatMap((r) => r.spec.rules)
    .flatMap((rule) =>
      (rule.matches ?? [{ path: { type: 'PathPrefix', value: '/' } }]).map((m) => ({ match: m.path, rule })),
    )
    .filter(({ match }) => {
      if (!match) return true;
      if (match.type === 'Exact') return path === match.value;
      const prefix = match.value.replace(/\/$/, '');
      return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
    })
    .sort((a, b) => (b.match?.value.length ?? 0) - (a.match?.value.length ?? 0));
  const backend = candidates[0]?.rule.backendRefs?.[0];
  return backend && { service: backend.name, port: backend.port };
};

/**
 * A stand-in for the ingress controller on 127.0.0.1: routes each request as `ingress` would
 * (by its Host header and path) to the local port of the Service it picks; 404 when none.
 */
export const startIngressProxy = async (
  ingress: Ingress,
  servicePorts: Record<string, number>,
): Promise<{ url: string; close(): Promise<void> }> => {
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const backend = ingressBackend(ingress, host, (req.url ?? '/').split('?')[0]);
    const port = backend && servicePorts[backend.service];
    if (!port) {
      res.writeHead(404).end();
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
