import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  Deployment,
  HTTPRoute,
  Ingress,
  loadManifests,
  loadSkaffold,
  Manifest,
  ofKind,
  repoRoot,
  Service,
} from '../manifests';
import {
  backendProblems,
  dockerfileProblems,
  envProblems,
  hardeningProblems,
  imageProblems,
  probeProblems,
  referencedSecrets,
  requiredEnv,
  selectorProblems,
  serviceProblems,
  skaffoldProblems,
} from '../references';
import { gatewayBackend, ingressBackend } from '../routing';

const manifests = loadManifests();
const skaffold = loadSkaffold();
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const deployment = (ms: Manifest[], name: string): Deployment =>
  ofKind<Deployment>(ms, 'Deployment').find((d) => d.metadata.name === name) as Deployment;

describe('selectors and services', () => {
  it('each Deployment selects its own pods', () => {
    expect(selectorProblems(manifests)).toEqual([]);
  });

  it('each Service selects one Deployment on a port its container has', () => {
    expect(serviceProblems(manifests)).toEqual([]);
  });

  it('flags a Service whose selector matches no pod', () => {
    const broken = clone(manifests);
    (ofKind<Service>(broken, 'Service').find((s) => s.metadata.name === 'auth-srv') as Service).spec.selector = {
      app: 'auht',
    };
    expect(serviceProblems(broken)).toEqual(['auth-srv: selects 0 Deployments, not 1']);
  });

  it('flags a Deployment selector that misses its pod labels', () => {
    const broken = clone(manifests);
    deployment(broken, 'nats-depl').spec.selector.matchLabels = { app: 'nat' };
    expect(selectorProblems(broken)).toEqual([expect.stringContaining('nats-depl')]);
  });
});

describe('ingress and gateway routes', () => {
  const ingress = ofKind<Ingress>(manifests, 'Ingress')[0];
  const routes = ofKind<HTTPRoute>(manifests, 'HTTPRoute');

  it('name existing Services and ports', () => {
    expect(backendProblems(manifests)).toEqual([]);
  });

  it('flag a backend port the Service does not have', () => {
    const broken = clone(manifests);
    ofKind<HTTPRoute>(broken, 'HTTPRoute')[0].spec.rules[0].backendRefs = [{ name: 'auth-srv', port: 4000 }];
    expect(backendProblems(broken)).toEqual(['auth-route: Service auth-srv has no port 4000']);
  });

  it('keeps the ingress exactly as the local router reads it', () => {
    expect(ingress.metadata.name).toBe('ingress-srv');
    expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/use-regex': 'true' });
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.spec.rules.map((r) => r.host)).toEqual(['ticketing.dev']);
    expect(
      ingress.spec.rules[0].http.paths.map((p) => [
        p.path,
        p.pathType,
        p.backend.service.name,
        p.backend.service.port.number,
      ]),
    ).toEqual([
      ['/api/users/?(.*)', 'ImplementationSpecific', 'auth-srv', 3000],
      ['/api/tickets/?(.*)', 'ImplementationSpecific', 'tickets-srv', 3000],
      ['/?(.*)', 'ImplementationSpecific', 'client-srv', 3000],
    ]);
  });

  it.each([
    ['/', 'client-srv'],
    ['/auth/signin', 'client-srv'],
    ['/tickets/new', 'client-srv'],
    ['/_next/static/chunks/main.js', 'client-srv'],
    ['/api/users', 'auth-srv'],
    ['/api/users/signup', 'auth-srv'],
    ['/api/users/currentuser', 'auth-srv'],
    ['/api/users/healthz', 'auth-srv'],
    ['/api/tickets', 'tickets-srv'],
    ['/api/tickets/5f0c2a1b9d3e4a0012345678', 'tickets-srv'],
    ['/api/tickets/readyz', 'tickets-srv'],
  ])('routes %s to %s through the Ingress and through the Gateway alike', (p, service) => {
    expect(ingressBackend(ingress, 'ticketing.dev', p)).toEqual({ service, port: 3000 });
    expect(gatewayBackend(routes, 'ticketing.dev', p)).toEqual({ service, port: 3000 });
  });

  it('answers other hosts through neither', () => {
    expect(ingressBackend(ingress, 'example.com', '/')).toBeUndefined();
    expect(gatewayBackend(routes, 'example.com', '/')).toBeUndefined();
  });
});

describe('images', () => {
  it('are built by skaffold or pinned to a tag', () => {
    expect(imageProblems(manifests, skaffold)).toEqual([]);
    const images = ofKind<Deployment>(manifests, 'Deployment').map((d) => d.spec.template.spec.containers[0].image);
    expect(images).toEqual(
      expect.arrayContaining([
        'nats-streaming:0.25.6',
        'ticketing/auth:dev',
        'ticketing/tickets:dev',
        'ticketing/client:dev',
      ]),
    );
  });

  it('flags an image of ours that a cluster could pull from a registry', () => {
    const broken = clone(manifests);
    deployment(broken, 'auth-depl').spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    deployment(broken, 'tickets-depl').spec.template.spec.containers[0].image = 'ticketing/tickets';
    expect(imageProblems(broken, skaffold)).toEqual([
      'auth-depl: image ticketing/auth:dev (built by skaffold) needs a local tag and imagePullPolicy Never',
      'tickets-depl: image ticketing/tickets (built by skaffold) needs a local tag and imagePullPolicy Never',
    ]);
  });

  it('flags an unpinned image', () => {
    const broken = clone(manifests);
    deployment(broken, 'auth-mongo-depl').spec.template.spec.containers[0].image = 'mongo:latest';
    expect(imageProblems(broken, skaffold)).toEqual([expect.stringContaining('mongo:latest')]);
  });

  it('Dockerfiles pin their bases, copy what exists, and run production as non-root on the Deployment port', () => {
    expect(dockerfileProblems(manifests, skaffold)).toEqual([]);
  });
});

describe('environment', () => {
  it('reads the variables each service requires from its sources', () => {
    expect(requiredEnv(path.join(repoRoot, 'auth'))).toEqual(expect.arrayContaining(['JWT_KEY', 'MONGO_URI']));
    expect(requiredEnv(path.join(repoRoot, 'tickets'))).toEqual(
      expect.arrayContaining(['JWT_KEY', 'MONGO_URI', 'NATS_URL', 'NATS_CLUSTER_ID', 'NATS_CLIENT_ID']),
    );
  });

  it('sets every required variable, pointing URLs at existing Services', () => {
    expect(envProblems(manifests, skaffold)).toEqual([]);
  });

  it('flags a required variable the Deployment lacks, and a URL to a missing Service', () => {
    const broken = clone(manifests);
    const env = deployment(broken, 'tickets-depl').spec.template.spec.containers[0].env ?? [];
    deployment(broken, 'tickets-depl').spec.template.spec.containers[0].env = env
      .filter((e) => e.name !== 'JWT_KEY')
      .map((e) => (e.name === 'NATS_URL' ? { ...e, value: 'nats://nats-service:4222' } : e))
      .map((e) => (e.name === 'MONGO_URI' ? { ...e, value: 'http://tickets-mongo-srv:27017/tickets' } : e));
    expect(envProblems(broken, skaffold)).toEqual(
      expect.arrayContaining([
        'tickets-depl: tickets requires JWT_KEY, which is not set',
        'tickets-depl NATS_URL: no Service nats-service',
        'tickets-depl MONGO_URI: http:// for tickets-mongo-srv, not mongodb://',
      ]),
    );
  });

  it('gives each tickets pod its own NATS client id', () => {
    const env = deployment(manifests, 'tickets-depl').spec.template.spec.containers[0].env ?? [];
    expect(env.find((e) => e.name === 'NATS_CLIENT_ID')?.valueFrom).toEqual({
      fieldRef: { fieldPath: 'metadata.name' },
    });
  });

  it('documents how to create every secret it reads', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'infra', 'README.md'), 'utf8');
    expect(referencedSecrets(manifests)).toEqual(['jwt-secret/JWT_KEY']);
    for (const ref of referencedSecrets(manifests)) {
      const [name, key] = ref.split('/');
      expect(readme).toContain(`kubectl create secret generic ${name} --from-literal=${key}=`);
    }
  });
});

describe('probes and hardening', () => {
  it('probe the health routes each service mounts (or a page the client has)', () => {
    expect(probeProblems(manifests, skaffold)).toEqual([]);
  });

  it('flags a probe path the service does not answer', () => {
    const broken = clone(manifests);
    const c = deployment(broken, 'auth-depl').spec.template.spec.containers[0];
    c.readinessProbe = { httpGet: { path: '/api/auth/readyz', port: 'http' } };
    expect(probeProblems(broken, skaffold)).toEqual([
      'auth-depl readinessProbe: path /api/auth/readyz is not /api/users/readyz',
    ]);
  });

  it('give every pod probes, resources and a restrictive security context', () => {
    expect(hardeningProblems(manifests, skaffold)).toEqual([]);
  });

  it('flags a container that may escalate privileges', () => {
    const broken = clone(manifests);
    const c = deployment(broken, 'nats-depl').spec.template.spec.containers[0];
    c.securityContext = { ...c.securityContext, allowPrivilegeEscalation: true, readOnlyRootFilesystem: false };
    expect(hardeningProblems(broken, skaffold)).toEqual([
      'nats-depl/nats: allowPrivilegeEscalation is not false',
      'nats-depl/nats: root filesystem is writable',
    ]);
  });
});

describe('skaffold', () => {
  it('builds every Deployment image from an existing Dockerfile stage, syncs real files, deploys every manifest', () => {
    expect(skaffoldProblems(skaffold, manifests)).toEqual([]);
    expect(skaffold.apiVersion).toBe('skaffold/v4beta14');
    expect(skaffold.build.artifacts.map((a) => [a.image, a.docker?.dockerfile, a.docker?.target])).toEqual([
      ['ticketing/auth', 'auth/Dockerfile', 'dev'],
      ['ticketing/tickets', 'tickets/Dockerfile', 'dev'],
      ['ticketing/client', 'client/Dockerfile', 'dev'],
    ]);
  });

  it('flags a sync rule that matches nothing and one that lands outside the copied sources', () => {
    const broken = clone(skaffold);
    broken.build.artifacts[0].sync = {
      manual: [
        { src: 'auth/source/**/*.ts', dest: '.' },
        { src: 'auth/src/app.ts', dest: 'src' },
      ],
    };
    expect(skaffoldProblems(broken, manifests)).toEqual([
      'ticketing/auth: sync auth/source/**/*.ts matches no file of the build context',
      'ticketing/auth: sync auth/src/app.ts writes auth/src/app.ts to /app/src/auth/src/app.ts, where the image has no copy of it',
    ]);
  });
});

describe('Dockerfile workspaces', () => {
  it('flags a Dockerfile that runs another service workspace', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-ws-'));
    try {
      for (const f of [
        'package.json',
        'package-lock.json',
        'tsconfig.base.json',
        '.dockerignore',
        'common/package.json',
        'tickets/package.json',
        'tickets/src/index.ts',
      ]) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.copyFileSync(path.join(repoRoot, f), path.join(root, f));
      }
      for (const ws of JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'))
        .workspaces as string[]) {
        fs.mkdirSync(path.join(root, ws), { recursive: true });
        fs.copyFileSync(path.join(repoRoot, ws, 'package.json'), path.join(root, ws, 'package.json'));
      }
      const dockerfile = fs
        .readFileSync(path.join(repoRoot, 'tickets', 'Dockerfile'), 'utf8')
        .replace('"dev", "-w", "tickets"', '"dev", "-w", "auth"');
      fs.writeFileSync(path.join(root, 'tickets', 'Dockerfile'), dockerfile);
      execFileSync('git', ['init', '-q'], { cwd: root });
      const onlyTickets = {
        ...skaffold,
        build: {
          ...skaffold.build,
          artifacts: skaffold.build.artifacts.filter((a) => a.image === 'ticketing/tickets'),
        },
      };
      expect(dockerfileProblems(manifests, onlyTickets, root)).toEqual([
        expect.stringMatching(/^tickets\/Dockerfile:\d+: names workspace auth, not tickets or common$/),
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
