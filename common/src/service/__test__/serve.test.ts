import express from 'express';
import http from 'http';
import { AddressInfo } from 'net';
import { serve } from '../serve';

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
  await new Promise((r) => setTimeout(r, 100));
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
