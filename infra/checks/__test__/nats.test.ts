import { randomBytes } from 'crypto';
import nats, { Stan } from 'node-nats-streaming';
import { natsStreamingBinary } from '@ticketing/toolkit';
import { Deployment, loadManifests, ofKind } from '../manifests';
import { localBroker } from './fixtures/local-broker';

// Runs the real nats-streaming-server (the release the manifest's image pins) with the
// manifest's own arguments, so a wrong flag, probe path or store setting fails here.
const natsDepl = ofKind<Deployment>(loadManifests(), 'Deployment').find(
  (d) => d.metadata.name === 'nats-depl',
) as Deployment;
const broker = localBroker(natsDepl, natsStreamingBinary, '--dir');
const { manifestArgs, argAfter } = broker;

const connect = (): Promise<Stan> =>
  new Promise((resolve, reject) => {
    const client = nats.connect(argAfter('-cid'), `infra-${randomBytes(4).toString('hex')}`, {
      url: broker.url(),
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });

const close = (client: Stan): Promise<void> =>
  new Promise((resolve) => {
    client.once('close', () => resolve());
    client.close();
  });

beforeAll(() => broker.prepare());
afterAll(() => broker.dispose());

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
  expect(broker.storeClaim()).toBe('nats-pvc');
});

it('starts with those arguments and answers its readiness and liveness probes', async () => {
  await broker.start();
  expect(await broker.readinessStatus()).toBe(200);
  expect(await broker.livenessStatus()).toBe(200);
});

it('loses no event across a broker restart', async () => {
  const subject = `infra-check-${randomBytes(4).toString('hex')}`;
  const publisher = await connect();
  await new Promise<void>((resolve, reject) =>
    publisher.publish(subject, JSON.stringify({ n: 1 }), (err) => (err ? reject(err) : resolve())),
  );
  await close(publisher);

  await broker.stop();
  await broker.start();

  const listener = await connect();
  const received = await new Promise<string>((resolve) => {
    const sub = listener.subscribe(subject, listener.subscriptionOptions().setDeliverAllAvailable());
    sub.on('message', (msg: nats.Message) => resolve(String(msg.getData())));
  });
  await close(listener);
  expect(JSON.parse(received)).toEqual({ n: 1 });
});
