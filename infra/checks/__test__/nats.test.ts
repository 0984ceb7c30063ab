import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import nats, { Stan } from 'node-nats-streaming';
import {
  ensureGoBinary,
  freePort,
  natsStreamingBinary,
  RunningProcess,
  startProcess,
  tail,
  waitForHttp,
} from '@ticketing/toolkit';
import { Deployment, loadManifests, ofKind } from '../manifests';

// Runs the real nats-streaming-server (the release the manifest's image pins) with the
// manifest's own arguments, so a wrong flag, probe path or store setting fails here.
const natsDepl = ofKind<Deployment>(loadManifests(), 'Deployment').find(
  (d) => d.metadata.name === 'nats-depl',
) as Deployment;
const container = natsDepl.spec.template.spec.containers[0];
const manifestArgs = container.args ?? [];
const argAfter = (flag: string): string => manifestArgs[manifestArgs.indexOf(flag) + 1];

let storeRoot: string;
let ports: { client: number; monitoring: number };
let server: RunningProcess | undefined;

/** The manifest's arguments with local ports, a local store directory, and loopback only. */
const localArgs = (): string[] =>
  manifestArgs.map((arg, i) => {
    const flag = manifestArgs[i - 1];
    if (flag === '-p') return String(ports.client);
    if (flag === '-m') return String(ports.monitoring);
    if (flag === '--dir') return path.join(storeRoot, arg);
    return arg;
  });

const probe = async (p: string): Promise<number> => (await fetch(`http://127.0.0.1:${ports.monitoring}${p}`)).status;

const startBroker = async (): Promise<void> => {
  const broker = startProcess(
    ensureGoBinary(natsStreamingBinary).path,
    ['-a', '127.0.0.1', ...localArgs()],
    path.join(storeRoot, 'log'),
  );
  server = broker;
  const readyPath = container.readinessProbe?.httpGet?.path ?? '';
  await waitForHttp(`http://127.0.0.1:${ports.monitoring}${readyPath}`, {
    timeoutMs: 20_000,
    exited: broker.exited,
  }).catch((err: Error) => {
    throw new Error(`broker never became ready (${err.message}):\n${tail(broker.logFile)}`);
  });
};

const connect = (): Promise<Stan> =>
  new Promise((resolve, reject) => {
    const client = nats.connect(argAfter('-cid'), `infra-${randomBytes(4).toString('hex')}`, {
      url: `nats://127.0.0.1:${ports.client}`,
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

const close = (client: Stan): Promise<void> =>
  new Promise((resolve) => {
    client.once('close', () => resolve());
    client.close();
  });

beforeAll(async () => {
  storeRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-nats-'));
  ports = { client: await freePort(), monitoring: await freePort() };
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(storeRoot, { recursive: true, force: true });
});

it('keeps the course arguments and adds a file store on the mounted volume', () => {
  expect(manifestArgs.slice(0, 13)).toEqual([
    '-p',
    '4222',
    '-m',
    '8222',
    '-hbi',
    '5s',
    '-hbt',
    '5s',
    '-hbf',
    '2',
    '-SD',
    '-cid',
    'ticketing',
  ]);
  expect(argAfter('-st')).toBe('FILE');
  const mount = container.volumeMounts?.find((m) => argAfter('--dir').startsWith(`${m.mountPath}/`));
  const volume = natsDepl.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
  expect(volume?.persistentVolumeClaim?.claimName).toBe('nats-pvc');
});

it('starts with those arguments and answers its readiness and liveness probes', async () => {
  await startBroker();
  expect(await probe(container.readinessProbe?.httpGet?.path ?? '')).toBe(200);
  expect(await probe(container.livenessProbe?.httpGet?.path ?? '')).toBe(200);
});

it('loses no event across a broker restart', async () => {
  const subject = `infra-check-${randomBytes(4).toString('hex')}`;
  const publisher = await connect();
  await new Promise<void>((resolve, reject) =>
    publisher.publish(subject, JSON.stringify({ n: 1 }), (err) => (err ? reject(err) : resolve())),
  );
  await close(publisher);

  await server?.stop();
  await startBroker();

  const listener = await connect();
  const received = await new Promise<string>((resolve) => {
    const sub = listener.subscribe(subject, listener.subscriptionOptions().setDeliverAllAvailable());
    sub.on('message', (msg: nats.Message) => resolve(String(msg.getData())));
  });
  await close(listener);
  expect(JSON.parse(received)).toEqual({ n: 1 });
});
