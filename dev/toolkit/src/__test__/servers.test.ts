import fs from 'fs';
import mongoose from 'mongoose';
import os from 'os';
import path from 'path';
import { startMongo } from '../mongo';
import { startNatsServer, startNatsStreaming } from '../nats';
import { freePort } from '../ports';
import { testDatabaseUri } from '../jest/database';

it("gives each test file a database of its own on the run's server", () => {
  const uri = testDatabaseUri();
  expect(uri.startsWith(`${process.env.TEST_MONGO_URI}/test_`)).toBe(true);
  expect(testDatabaseUri()).not.toBe(uri);
});

it('starts a MongoDB-compatible server that stores and reads documents, and stops it', async () => {
  const mongo = await startMongo();
  const conn = await mongoose.createConnection(`${mongo.uri}/servers_test`).asPromise();
  await conn.collection('things').insertOne({ n: 1 });
  expect(await conn.collection('things').findOne({ n: 1 })).toMatchObject({ n: 1 });
  await conn.close();
  await mongo.stop();
  await expect(
    mongoose.createConnection(`${mongo.uri}/servers_test`, { serverSelectionTimeoutMS: 500 }).asPromise(),
  ).rejects.toThrow();
});

it('starts nats-streaming-server with monitoring, keeps its store across a restart, and stops it', async () => {
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servers-test-nats-'));
  const first = await startNatsStreaming({ storeDir });
  const serverz = (await (await fetch(`${first.monitorUrl}/streaming/serverz`)).json()) as { cluster_id: string };
  expect(serverz.cluster_id).toBe('ticketing');
  await first.stop();
  await expect(fetch(`${first.monitorUrl}/streaming/serverz`)).rejects.toThrow();

  const again = await startNatsStreaming({ storeDir, port: first.port, monitorPort: first.monitorPort });
  expect(again.url).toBe(first.url);
  expect(fs.existsSync(path.join(storeDir, 'store'))).toBe(true);
  await again.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((stop) => stop()));
});

it("serves FerretDB's Go profiler on the debug port asked for (a mongod has none)", async () => {
  const debugPort = await freePort();
  const mongo = await startMongo({ debugPort });
  cleanups.push(() => mongo.stop());
  if (!mongo.source.startsWith('FerretDB')) {
    expect(mongo.pprofUrl).toBeUndefined();
    return;
  }
  expect(mongo.pprofUrl).toBe(`http://127.0.0.1:${debugPort}/debug/pprof`);
  expect((await fetch(`${mongo.pprofUrl}/cmdline`)).status).toBe(200);
});

it('starts nats-server with JetStream, its file store and monitoring on ports of its own, restarts on the same ones, and stops', async () => {
  const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servers-test-jetstream-'));
  const first = await startNatsServer({ storeDir });
  cleanups.push(() => first.stop());
  expect(first.port).not.toBe(4222);
  const jsz = (await (await fetch(`${first.monitorUrl}/jsz`)).json()) as { config?: { store_dir: string } };
  expect(jsz.config?.store_dir).toBe(path.join(storeDir, 'jetstream'));
  await first.stop();
  await expect(fetch(`${first.monitorUrl}/jsz`)).rejects.toThrow();

  const again = await startNatsServer({ storeDir, port: first.port, monitorPort: first.monitorPort });
  cleanups.push(() => again.stop());
  expect(again.url).toBe(first.url);
  expect(fs.existsSync(path.join(storeDir, 'jetstream'))).toBe(true);
  await again.stop();
  fs.rmSync(storeDir, { recursive: true, force: true });
});
