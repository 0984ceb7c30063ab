import express from 'express';
import http from 'http';
import { AddressInfo } from 'net';
import { REQUEST_TIMEOUT_MS, serve } from '../serve';
import { setTimeout as sleep } from 'timers/promises';

const get = (port: number, path: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: new http.Agent({ keepAlive: true }) }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });

it('finishes in-flight requests, then refuses new connections', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  app.get('/slow', async (_req, res) => {
    await released;
    res.send('done');
  });
  const running = await serve(app, 0);
  const { port } = running.server.address() as AddressInfo;

  const inFlight = get(port, '/slow');
  await sleep(100);
  const shutdown = running.shutdown();
  release();

  await expect(inFlight).resolves.toEqual({ status: 200, body: 'done' });
  await shutdown;
  await expect(get(port, '/slow')).rejects.toThrow(/ECONNREFUSED/);
});

it('rejects when the port is taken', async () => {
  const first = await serve(express(), 0);
  const { port } = first.server.address() as AddressInfo;
  await expect(serve(express(), port)).rejects.toThrow(/EADDRINUSE/);
  await first.shutdown();
});

it('limits how long a client may take to send a request, below the pods grace period', async () => {
  const { server, shutdown } = await serve(express(), 0);
  expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
  expect(server.headersTimeout).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS);
  // infra/k8s gives pods 30 s: drain (5 s) + this + closing the connections must fit.
  expect(REQUEST_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
  await shutdown();
});

it('closes a connection whose answer outlives the shutdown budget', async () => {
  const app = express().get('/hang', () => undefined);
  const { server, shutdown } = await serve(app, 0);
  const { port } = server.address() as AddressInfo;
  const hanging = get(port, '/hang').catch((err: NodeJS.ErrnoException) => err.code);
  await sleep(100);
  const started = Date.now();
  await shutdown(300);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(await hanging).toBe('ECONNRESET');
});
