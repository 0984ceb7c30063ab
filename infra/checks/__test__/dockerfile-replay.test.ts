import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { freePort } from '@ticketing/toolkit';
import { Deployment, imageName, Ingress, loadManifests, loadSkaffold, Manifest, ofKind, Service } from '../manifests';
import { modeManifests } from '../profiles';
import { deploymentEnv, DockerfileReplay, RunningServer, startServer, waitForHttp } from '../replay';
import { isPortOpen } from '@ticketing/toolkit';
import { startIngressProxy } from '../routing';

/*
 * Slow on purpose (real `npm ci`, real builds): replays each skaffold artifact's Dockerfile, its
 * production stage (the default, with the Deployment of `skaffold run -p prod`) and its `dev` stage
 * (what `skaffold dev` runs, with infra/k8s's Deployment), starts the CMD with the environment its Deployment gives it, pointed at this run's MongoDB and NATS Streaming, and
 * checks that it answers its probes and stops within the pod's grace period on SIGTERM. The
 * client is started behind a stand-in for the ingress that routes to the auth and tickets replays.
 */
jest.setTimeout(15 * 60_000);

const skaffold = loadSkaffold();
const devManifests = loadManifests();
const prodManifests = modeManifests(skaffold, 'prod');
const manifestsFor = (target: string | undefined): Manifest[] => (target ? devManifests : prodManifests);
const manifests = devManifests;
const ingress = ofKind<Ingress>(manifests, 'Ingress')[0];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-replay-'));
const running: RunningServer[] = [];
const local = {
  mongoUri: process.env.TEST_MONGO_URI as string,
  natsHostPort: new URL(process.env.NATS_URL as string).host,
};
/** Production replays kept running for the client: Service name -> local port. */
const servicePorts: Record<string, number> = {};
const kept: { deployment: Deployment; server: RunningServer }[] = [];
let proxy: Awaited<ReturnType<typeof startIngressProxy>> | undefined;

afterAll(async () => {
  await Promise.all(running.map((s) => s.stop(5_000)));
  await proxy?.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const artifactFor = (dir: string, set: Manifest[] = manifests) => {
  const artifact = skaffold.build.artifacts.find((x) => x.docker?.dockerfile === `${dir}/Dockerfile`);
  if (!artifact) throw new Error(`skaffold builds no ${dir}/Dockerfile`);
  const deployment = ofKind<Deployment>(set, 'Deployment').find(
    (d) => imageName(d.spec.template.spec.containers[0].image) === artifact.image,
  );
  if (!deployment) throw new Error(`no Deployment runs ${artifact.image}`);
  const service = ofKind<Service>(set, 'Service').find((s) =>
    Object.entries(s.spec.selector ?? {}).every(([k, v]) => deployment.spec.template.metadata.labels[k] === v),
  );
  if (!service) throw new Error(`no Service selects ${deployment.metadata.name}`);
  return { artifact, deployment, service };
};

const graceMs = (deployment: Deployment): number =>
  (deployment.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;

const replays = new Map<string, DockerfileReplay>();

/** Builds `target`, starts it as its Deployment would, waits for its probes; returns its port. */
const replayAndProbe = async (
  dir: string,
  target: string | undefined,
): Promise<{ port: number; server: RunningServer }> => {
  const set = manifestsFor(target);
  const { deployment } = artifactFor(dir, set);
  const replay = replays.get(dir) ?? new DockerfileReplay(`${dir}/Dockerfile`, path.join(scratch, dir));
  replays.set(dir, replay);
  const built = replay.build(target);
  const container = deployment.spec.template.spec.containers[0];
  expect(built.exposed).toContain(container.ports?.[0].containerPort);
  // The production images run node itself as PID 1, so SIGTERM reaches the server.
  if (!target) expect(built.cmd[0]).toBe('node');

  const port = await freePort();
  const env = deploymentEnv(set, deployment, local, port);
  // API_URL names the ingress controller's Service; here the stand-in plays it.
  if ('API_URL' in env) {
    proxy ??= await startIngressProxy(ingress, servicePorts);
    env.API_URL = proxy.url;
  }
  const server = startServer(built, env);
  running.push(server);
  const base = `http://127.0.0.1:${port}`;

  const ready = container.readinessProbe?.httpGet?.path;
  if (!ready) throw new Error(`${deployment.metadata.name} has no HTTP readiness probe`);
  await waitForHttp(server, `${base}${ready}`, 180_000);
  const live = container.livenessProbe;
  if (live?.httpGet) await waitForHttp(server, `${base}${live.httpGet.path}`, 10_000);
  else expect(await isPortOpen(port)).toBe(true);
  return { port, server };
};

/** A pod that outlives its grace period after SIGTERM gets killed: it must stop in time. */
const expectGracefulStop = async (deployment: Deployment, server: RunningServer): Promise<void> => {
  expect(await server.stop(graceMs(deployment))).not.toBeNull();
};

describe.each(['auth', 'tickets'])('%s/Dockerfile', (dir) => {
  it('production stage builds, starts with its Deployment env, answers its probes', async () => {
    const { deployment, service } = artifactFor(dir);
    const { port, server } = await replayAndProbe(dir, undefined);
    // Kept running: the client replay reaches it through the ingress stand-in.
    servicePorts[service.metadata.name] = port;
    kept.push({ deployment, server });
  });

  it('dev stage (skaffold) starts the watcher and answers its probes', async () => {
    const { artifact, deployment } = artifactFor(dir);
    const { server } = await replayAndProbe(dir, artifact.docker?.target);
    await expectGracefulStop(deployment, server);
  });
});

describe('client/Dockerfile', () => {
  /**
   * GET / as the ingress passes it on, Host included (fetch() cannot set Host). The client
   * forwards that Host to API_URL, which routes by it. Any status but 200 comes with the output.
   */
  const landingPageThroughIngress = (port: number, server: RunningServer): Promise<string> =>
    new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { host: 'ticketing.dev' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : `${res.statusCode}\n${server.output()}`));
        })
        .on('error', reject);
    });

  it('production stage builds, starts with its Deployment env, answers its probes and renders with the APIs', async () => {
    const { deployment } = artifactFor('client');
    expect(Object.keys(servicePorts).sort()).toEqual(['auth-srv', 'tickets-srv']);
    const { port, server } = await replayAndProbe('client', undefined);
    expect(await landingPageThroughIngress(port, server)).toBe('ok');
    await expectGracefulStop(deployment, server);
  });

  it('dev stage (skaffold) starts next dev, answers its probes and renders with the APIs', async () => {
    const { artifact, deployment } = artifactFor('client');
    const { port, server } = await replayAndProbe('client', artifact.docker?.target);
    expect(await landingPageThroughIngress(port, server)).toBe('ok');
    await expectGracefulStop(deployment, server);
  });
});

it('the production auth and tickets replays stop within their grace period on SIGTERM', async () => {
  expect(kept.map((k) => k.deployment.metadata.name)).toEqual(['auth-depl', 'tickets-depl']);
  for (const { deployment, server } of kept) await expectGracefulStop(deployment, server);
});
