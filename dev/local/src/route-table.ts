import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '@ticketing/toolkit';

/** The Ingress the cluster uses: the local router reads it so the two can never drift apart. */
export const ingressManifestPath = path.join(repoRoot, 'infra', 'k8s', 'ingress-srv.yaml');

export interface Route {
  /** Host of the Ingress rule; undefined for a rule without a host (any host). */
  host?: string;
  /** The path exactly as written in the manifest. */
  path: string;
  pathType: string;
  /** How ingress-nginx matches the path, as a JS regex over the normalized request path. */
  pattern: RegExp;
  /** Kubernetes Service name, e.g. auth-srv. */
  service: string;
  servicePort: number | string;
}

interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: { service?: { name?: string; port?: { number?: number; name?: string } } };
}

interface Ingress {
  kind?: string;
  metadata?: { name?: string; annotations?: Record<string, string> };
  spec?: { rules?: { host?: string; http?: { paths?: IngressPath[] } }[] };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const usesRegex = (ingress: Ingress): boolean => {
  const annotations = ingress.metadata?.annotations ?? {};
  return (
    annotations['nginx.ingress.kubernetes.io/use-regex'] === 'true' ||
    annotations['nginx.ingress.kubernetes.io/rewrite-target'] !== undefined
  );
};

/**
 * The regex ingress-nginx effectively applies. In regex mode a path becomes
 * `location ~* "^<path>"`: case-insensitive and anchored at the start only. Otherwise
 * Exact matches the whole path and Prefix matches whole path segments.
 */
const patternFor = (pathText: string, pathType: string, regexMode: boolean): RegExp => {
  if (regexMode) return new RegExp(`^${pathText}`, 'i');
  if (pathType === 'Exact') return new RegExp(`^${escapeRegex(pathText)}$`);
  const prefix = escapeRegex(pathText.replace(/\/+$/, ''));
  return new RegExp(`^${prefix}(/|$)`);
};

/**
 * Builds the route table from an Ingress manifest (one or more YAML documents; documents of
 * other kinds are ignored), ordered the way ingress-nginx writes its location blocks.
 *
 * Ordering: ingress-nginx sorts a host's paths by descending length and NGINX takes the first
 * regex location that matches (its documented "Path Priority"). Paths of equal length keep
 * their manifest order. For the course's manifest this gives the same result as the manifest
 * order (/api/tickets/?(.*), /api/users/?(.*), then the catch-all /?(.*)), but it also stays
 * right if someone lists the catch-all first, exactly as the cluster would.
 *
 * Regex mode applies to every path of a host once any Ingress for that host sets the
 * use-regex or rewrite-target annotation, as ingress-nginx does.
 */
export const buildRouteTable = (manifest: string): Route[] => {
  const ingresses = parseAllDocuments(manifest)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`Invalid Ingress manifest: ${doc.errors[0].message}`);
      return doc.toJS() as Ingress | null;
    })
    .filter((doc): doc is Ingress => doc?.kind === 'Ingress');
  if (!ingresses.length) throw new Error('The manifest holds no Ingress');

  const regexHosts = new Set<string | undefined>();
  for (const ingress of ingresses) {
    if (!usesRegex(ingress)) continue;
    for (const rule of ingress.spec?.rules ?? []) regexHosts.add(rule.host);
  }

  const routes: Route[] = [];
  for (const ingress of ingresses) {
    for (const rule of ingress.spec?.rules ?? []) {
      for (const entry of rule.http?.paths ?? []) {
        const service = entry.backend?.service;
        if (!service?.name) {
          throw new Error(`Ingress ${ingress.metadata?.name ?? ''}: path ${entry.path} has no backend service`);
        }
        const pathText = entry.path ?? '/';
        const pathType = entry.pathType ?? 'ImplementationSpecific';
        routes.push({
          host: rule.host,
          path: pathText,
          pathType,
          pattern: patternFor(pathText, pathType, regexHosts.has(rule.host)),
          service: service.name,
          servicePort: service.port?.number ?? service.port?.name ?? 80,
        });
      }
    }
  }
  // Array.prototype.sort is stable: equal lengths keep manifest order.
  return routes.sort((a, b) => b.path.length - a.path.length);
};

export const loadRouteTable = (file = ingressManifestPath): Route[] => buildRouteTable(fs.readFileSync(file, 'utf8'));

/**
 * The path NGINX matches locations against ($uri): no query string, percent-decoded,
 * "." and ".." segments resolved and repeated slashes merged.
 */
export const normalizePath = (url: string): string => {
  const raw = url.split('?')[0].replace(/\/{2,}/g, '/');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const segments: string[] = [];
  for (const segment of decoded.split('/').slice(1)) {
    if (segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join('/')}`;
};

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Host header without its port, lower-cased. */
export const hostName = (hostHeader: string | undefined): string => {
  const host = (hostHeader ?? '').toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0];
};

/**
 * The route NGINX would pick for this request, or undefined (its default backend: 404).
 * NGINX first picks the server block by Host, then the location. Locally the app is reached
 * as localhost, so loopback names stand for the manifest's first host (ticketing.dev).
 */
export const matchRoute = (routes: Route[], hostHeader: string | undefined, url: string): Route | undefined => {
  let host: string | undefined = hostName(hostHeader);
  if (!routes.some((route) => route.host === host)) {
    host = loopbackHosts.has(host) ? routes.find((route) => route.host)?.host : undefined;
  }
  const requestPath = normalizePath(url);
  return routes.find((route) => route.host === host && route.pattern.test(requestPath));
};
