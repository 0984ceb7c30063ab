import fs from 'fs';
import path from 'path';
import { REQUEST_TIMEOUT_MS } from '@ticketing/common';
import { Deployment, imageName, loadManifests, loadSkaffold, Manifest, ofKind, repoRoot } from '../manifests';
import { renderKustomization } from '../kustomize';
import { allows, ingressController, NetworkPolicy, policyProblems } from '../policies';
import { deployModes, effectiveSkaffold, modeManifests } from '../profiles';
import {
  apiUrlProblems,
  backendProblems,
  envProblems,
  gracePeriodProblems,
  hardeningProblems,
  imageProblems,
  probeProblems,
  selectorProblems,
  serviceProblems,
  skaffoldProblems,
} from '../references';
import { schemaProblems, unknownFieldProblems } from '../schema';

/*
 * Every way skaffold.yaml deploys (`skaffold dev`, and each profile) rendered offline, with the
 * kustomize binary dev/toolkit builds from the Go module proxy, then put through every check the
 * plain manifests get, plus what each profile promises.
 */
jest.setTimeout(10 * 60_000);

const skaffold = loadSkaffold();
const modes = deployModes(skaffold);
const rendered = new Map<string, Manifest[]>(modes.map((m) => [m, modeManifests(skaffold, m)]));
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const builtImages = new Set(skaffold.build.artifacts.map((a) => a.image));
const builtContainers = (ms: Manifest[]) =>
  ofKind<Deployment>(ms, 'Deployment').flatMap((d) =>
    d.spec.template.spec.containers.filter((c) => builtImages.has(c.image.replace(/:[^/:]+$/, ''))),
  );

it('offers the dev loop, production, both with the Gateway API, and the dev loop on JetStream', () => {
  expect(modes).toEqual(['dev', 'prod', 'prod-gateway', 'gateway', 'jetstream']);
});

it('infra/k8s/Kustomization lists exactly the plain manifests of infra/k8s', () => {
  const names = (ms: Manifest[]) => ms.map((m) => `${m.kind}/${m.metadata.name}`).sort();
  expect(names(renderKustomization('infra/k8s'))).toEqual(names(loadManifests([path.join(repoRoot, 'infra/k8s')])));
});

describe.each(modes)('%s', (mode) => {
  const manifests = rendered.get(mode) as Manifest[];
  const config = effectiveSkaffold(skaffold, mode === 'dev' ? undefined : mode);

  it('renders every object the app needs', () => {
    const names = manifests.map((m) => `${m.kind}/${m.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining(
        ['auth', 'auth-mongo', 'tickets', 'tickets-mongo', 'client', 'nats'].flatMap((n) => [
          `Deployment/${n}-depl`,
          `Service/${n}-srv`,
        ]),
      ),
    );
  });

  it('passes the schemas', () => {
    expect(manifests.flatMap(schemaProblems)).toEqual([]);
    expect(unknownFieldProblems(manifests)).toEqual([]);
  });

  it('passes the cross-reference, probe and hardening checks', () => {
    expect([
      ...selectorProblems(manifests),
      ...serviceProblems(manifests),
      ...backendProblems(manifests),
      ...imageProblems(manifests, config),
      ...envProblems(manifests, config),
      ...probeProblems(manifests, config),
      ...hardeningProblems(manifests, config),
      ...skaffoldProblems(config, manifests),
      ...apiUrlProblems(manifests),
      ...gracePeriodProblems(manifests, config, REQUEST_TIMEOUT_MS),
    ]).toEqual([]);
  });

  it('lets through every connection the app makes, and nothing else', () => {
    expect(ofKind(manifests, 'NetworkPolicy').length).toBeGreaterThan(0);
    expect(policyProblems(manifests)).toEqual([]);
  });

  const jetstream = mode === 'jetstream';
  it(jetstream ? 'probes as the dev loop does, but for the broker' : 'probes exactly as the dev loop does', () => {
    const probes = (ms: Manifest[]) =>
      ofKind<Deployment>(ms, 'Deployment')
        .filter((d) => !jetstream || d.metadata.name !== 'nats-depl')
        .map((d) => {
          const { readinessProbe, livenessProbe, startupProbe } = d.spec.template.spec.containers[0];
          return [d.metadata.name, readinessProbe, livenessProbe, startupProbe];
        });
    expect(probes(manifests)).toEqual(probes(rendered.get('dev') as Manifest[]));
  });

  it(
    jetstream
      ? 'runs the event bus on nats-server with JetStream, tickets on it'
      : 'runs the event bus on NATS Streaming',
    () => {
      const container = (name: string) =>
        ofKind<Deployment>(manifests, 'Deployment').find((d) => d.metadata.name === name)!.spec.template.spec
          .containers[0];
      const nats = container('nats-depl');
      const transport = container('tickets-depl').env?.find((e) => e.name === 'EVENT_TRANSPORT')?.value;
      expect([imageName(nats.image), nats.args?.includes('-js'), transport]).toEqual(
        jetstream ? ['nats', true, 'jetstream'] : ['nats-streaming', false, undefined],
      );
    },
  );

  const production = mode.startsWith('prod');
  it(
    production
      ? 'builds the production stages, NODE_ENV=production, read-only root filesystems'
      : 'builds the dev stages and syncs sources',
    () => {
      expect(config.build.artifacts.map((a) => [a.docker?.target, Boolean(a.sync)])).toEqual(
        config.build.artifacts.map(() => (production ? ['production', false] : ['dev', true])),
      );
      const containers = builtContainers(manifests);
      expect(containers).toHaveLength(3);
      for (const c of containers) {
        expect(c.securityContext?.readOnlyRootFilesystem).toBe(production);
        expect(c.env?.find((e) => e.name === 'NODE_ENV')?.value).toBe(production ? 'production' : undefined);
      }
    },
  );

  const gateway = mode.endsWith('gateway');
  it(gateway ? 'routes with the Gateway API, not the Ingress' : 'routes with the Ingress', () => {
    expect(ofKind(manifests, 'Ingress')).toHaveLength(gateway ? 0 : 1);
    expect(ofKind(manifests, 'Gateway')).toHaveLength(gateway ? 1 : 0);
    expect(ofKind(manifests, 'HTTPRoute')).toHaveLength(gateway ? 3 : 0);
  });
});

it('flags a grace period too short for draining and finishing requests', () => {
  const broken = clone(rendered.get('prod') as Manifest[]);
  const tickets = ofKind<Deployment>(broken, 'Deployment').find((d) => d.metadata.name === 'tickets-depl');
  tickets!.spec.template.spec.terminationGracePeriodSeconds = 10;
  expect(gracePeriodProblems(broken, skaffold, REQUEST_TIMEOUT_MS)).toEqual([
    'tickets-depl: draining, finishing and closing take up to 20000 ms, over the 10000 ms grace period',
  ]);
});

it('flags tickets on JetStream when the broker does not run it', () => {
  const broken = clone(rendered.get('jetstream') as Manifest[]);
  const nats = ofKind<Deployment>(broken, 'Deployment').find((d) => d.metadata.name === 'nats-depl');
  nats!.spec.template.spec.containers[0].args = ['-p', '4222', '-m', '8222'];
  expect(envProblems(broken, skaffold)).toEqual([
    'tickets-depl: EVENT_TRANSPORT=jetstream, but no broker runs JetStream (-js)',
  ]);
});

describe('the policy check itself', () => {
  const manifests = rendered.get('dev') as Manifest[];
  const policy = (ms: Manifest[], name: string) =>
    ofKind<NetworkPolicy>(ms, 'NetworkPolicy').find((p) => p.metadata.name === name) as NetworkPolicy;
  const depl = (name: string) =>
    ofKind<Deployment>(manifests, 'Deployment').find((d) => d.metadata.name === name) as Deployment;

  it('evaluates selectors, namespaces and named ports', () => {
    expect(allows(manifests, ingressController, depl('tickets-depl'), 3000)).toBe(true);
    expect(allows(manifests, ingressController, depl('tickets-mongo-depl'), 27017)).toBe(false);
  });

  it('flags a needed connection the policies block', () => {
    const broken = clone(manifests);
    policy(broken, 'nats-ingress').spec.ingress = [policy(broken, 'nats-ingress').spec.ingress?.[1] ?? {}];
    expect(policyProblems(broken)).toEqual(['blocks tickets-depl -> nats-depl:4222, which the app needs']);
  });

  it('flags a connection nothing needs', () => {
    const broken = clone(manifests);
    policy(broken, 'auth-mongo-ingress').spec.ingress = [{ from: [{ podSelector: {} }] }];
    expect(policyProblems(broken)).toEqual(
      expect.arrayContaining(['allows tickets-depl -> auth-mongo-depl:27017, which nothing needs']),
    );
  });
});

it('the README names the command of every mode', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  expect(readme).toContain('`skaffold dev`');
  for (const mode of modes.filter((m) => m !== 'dev'))
    expect(readme).toMatch(new RegExp(`\`skaffold (dev|run) -p ${mode}\``));
});
