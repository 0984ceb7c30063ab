import { connect, JSONCodec } from 'nats';
import { ensureStream, eventStream, Subjects } from '@ticketing/common';
import { natsServerBinary } from '@ticketing/toolkit';
import { renderKustomization } from '../kustomize';
import { Deployment, ofKind } from '../manifests';
import { localBroker } from './fixtures/local-broker';

// Runs nats-server (JetStream) with the arguments and probes of the JetStream overlay's broker,
// so a wrong flag, probe path or store directory in the overlay fails here, not in a cluster.
const natsDepl = ofKind<Deployment>(renderKustomization('infra/overlays/jetstream'), 'Deployment').find(
  (d) => d.metadata.name === 'nats-depl',
) as Deployment;
const broker = localBroker(natsDepl, natsServerBinary, '-sd');

beforeAll(() => broker.prepare());
afterAll(() => broker.dispose());

it('runs nats-server with JetStream, its store on the mounted volume', () => {
  expect(broker.manifestArgs).toContain('-js');
  expect(broker.storeClaim()).toBe('nats-pvc');
});

it('starts with those arguments and answers its readiness and liveness probes', async () => {
  await broker.start();
  expect(await broker.readinessStatus()).toBe(200);
  expect(await broker.livenessStatus()).toBe(200);
});

it("keeps the ticket stream's events across a broker restart", async () => {
  const codec = JSONCodec<{ n: number }>();
  const publisher = await connect({ servers: broker.url() });
  await ensureStream(publisher);
  await publisher.jetstream().publish(Subjects.TicketCreated, codec.encode({ n: 1 }));
  await publisher.close();

  await broker.stop();
  await broker.start();

  const reader = await connect({ servers: broker.url() });
  try {
    const jsm = await reader.jetstreamManager();
    const stored = await jsm.streams.getMessage(eventStream.name, { last_by_subj: Subjects.TicketCreated });
    expect(codec.decode(stored.data)).toEqual({ n: 1 });
    expect((await jsm.streams.info(eventStream.name)).config.storage).toBe(eventStream.storage);
  } finally {
    await reader.close();
  }
});
