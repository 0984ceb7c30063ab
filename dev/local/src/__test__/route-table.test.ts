import { buildRouteTable, ingressManifestPath, loadRouteTable, matchRoute, normalizePath, Route } from '../route-table';

const ingress = (annotations: Record<string, string>, paths: [string, string, string?][], host = 'example.test') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: test
  annotations: ${JSON.stringify(annotations)}
spec:
  rules:
    - host: ${host}
      http:
        paths:
${paths
  .map(
    ([path, service, pathType = 'ImplementationSpecific']) => `          - path: ${JSON.stringify(path)}
            pathType: ${pathType}
            backend: { service: { name: ${service}, port: { number: 3000 } } }`,
  )
  .join('\n')}
`;

const serviceFor = (routes: Route[], url: string, host = 'ticketing.dev') => matchRoute(routes, host, url)?.service;

describe('the route table from the real Ingress manifest', () => {
  const routes = loadRouteTable(ingressManifestPath);

  it('holds the three rules for ticketing.dev with their services', () => {
    expect(routes.map(({ host, path, service, servicePort }) => ({ host, path, service, servicePort }))).toEqual(
      expect.arrayContaining([
        { host: 'ticketing.dev', path: '/api/users/?(.*)', service: 'auth-srv', servicePort: 3000 },
        { host: 'ticketing.dev', path: '/api/tickets/?(.*)', service: 'tickets-srv', servicePort: 3000 },
        { host: 'ticketing.dev', path: '/?(.*)', service: 'client-srv', servicePort: 3000 },
      ]),
    );
    expect(routes).toHaveLength(3);
  });

  it.each([
    ['/api/users/signup', 'auth-srv'],
    ['/api/users/currentuser?x=1', 'auth-srv'],
    ['/api/users', 'auth-srv'],
    ['/API/Users/signin', 'auth-srv'], // ~* is case-insensitive
    ['/api/usersfoo', 'auth-srv'], // the optional slash makes this match too, as in nginx
    ['/api/tickets', 'tickets-srv'],
    ['/api/tickets/', 'tickets-srv'],
    ['/api/tickets/64b7f0c2a1e4c3d2b1a09f8e', 'tickets-srv'],
    ['/', 'client-srv'],
    ['/tickets/new', 'client-srv'],
    ['/auth/signup', 'client-srv'],
    ['/_next/static/chunks/main.js', 'client-srv'],
    ['/_next/hmr', 'client-srv'],
    ['/api/orders', 'client-srv'], // no rule for it: the catch-all takes it
    ['/api/tickets/../users/signup', 'auth-srv'], // matched on the normalized path
    ['//api//tickets', 'tickets-srv'],
  ])('routes %s to %s', (url, service) => {
    expect(serviceFor(routes, url)).toBe(service);
  });

  it('serves loopback hosts as ticketing.dev and other hosts with nothing (nginx default backend)', () => {
    expect(serviceFor(routes, '/api/users/signup', 'localhost:8080')).toBe('auth-srv');
    expect(serviceFor(routes, '/api/users/signup', '127.0.0.1:8080')).toBe('auth-srv');
    expect(serviceFor(routes, '/api/users/signup', '[::1]:8080')).toBe('auth-srv');
    expect(serviceFor(routes, '/api/users/signup', 'TICKETING.DEV')).toBe('auth-srv');
    expect(serviceFor(routes, '/api/users/signup', 'evil.example')).toBeUndefined();
  });
});

describe('buildRouteTable', () => {
  it('tries longer paths first, as ingress-nginx orders regex locations, whatever the manifest order', () => {
    const routes = buildRouteTable(
      ingress({ 'nginx.ingress.kubernetes.io/use-regex': 'true' }, [
        ['/?(.*)', 'client'],
        ['/api/a/?(.*)', 'a'],
        ['/api/b/?(.*)', 'b'],
      ]),
    );
    expect(routes.map((route) => route.service)).toEqual(['a', 'b', 'client']);
    expect(serviceFor(routes, '/api/b/1', 'example.test')).toBe('b');
    expect(serviceFor(routes, '/other', 'example.test')).toBe('client');
  });

  it('keeps manifest order among paths of equal length (nginx: first match wins)', () => {
    const routes = buildRouteTable(
      ingress({ 'nginx.ingress.kubernetes.io/use-regex': 'true' }, [
        ['/x/.*', 'first'],
        ['/x/.+', 'second'],
      ]),
    );
    expect(serviceFor(routes, '/x/1', 'example.test')).toBe('first');
  });

  it('without use-regex treats Prefix as whole path segments and Exact as the whole path', () => {
    const routes = buildRouteTable(
      ingress({}, [
        ['/api', 'api', 'Prefix'],
        ['/exact', 'exact', 'Exact'],
        ['/', 'root', 'Prefix'],
      ]),
    );
    expect(serviceFor(routes, '/api/x', 'example.test')).toBe('api');
    expect(serviceFor(routes, '/api', 'example.test')).toBe('api');
    expect(serviceFor(routes, '/apix', 'example.test')).toBe('root');
    expect(serviceFor(routes, '/exact', 'example.test')).toBe('exact');
    expect(serviceFor(routes, '/exact/more', 'example.test')).toBe('root');
    // Regex characters are literal without use-regex.
    expect(buildRouteTable(ingress({}, [['/a.c', 's', 'Prefix']]))[0].pattern.test('/abc')).toBe(false);
  });

  it('applies regex mode to a host once any of its Ingresses asks for it', () => {
    const routes = buildRouteTable(
      `${ingress({}, [['/plain.+', 'plain', 'Prefix']])}\n---\n${ingress({ 'nginx.ingress.kubernetes.io/use-regex': 'true' }, [['/r/?(.*)', 'regex']])}`,
    );
    expect(serviceFor(routes, '/plainXYZ', 'example.test')).toBe('plain');
  });

  it('ignores other kinds in the file and rejects a file without an Ingress or a backend', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\n';
    expect(buildRouteTable(`${service}---\n${ingress({}, [['/', 'root', 'Prefix']])}`)).toHaveLength(1);
    expect(() => buildRouteTable(service)).toThrow('The manifest holds no Ingress');
    expect(() =>
      buildRouteTable('kind: Ingress\nspec: { rules: [ { http: { paths: [ { path: /x } ] } } ] }\n'),
    ).toThrow('path /x has no backend service');
  });
});

describe('normalizePath', () => {
  it.each([
    ['/a/b?c=d', '/a/b'],
    ['/a//b', '/a/b'],
    ['/a/./b/../c', '/a/c'],
    ['/%61pi/users', '/api/users'],
    ['/bad%zz', '/bad%zz'],
    ['/', '/'],
  ])('%s -> %s', (url, expected) => {
    expect(normalizePath(url)).toBe(expected);
  });
});
