import express from 'express';
import { logger } from '../../logger';
import { createApp } from '../create-app';
import { runService } from '../run-service';
import { setTimeout as sleep } from 'timers/promises';

let info: jest.SpyInstance;
let fatal: jest.SpyInstance;

beforeEach(() => {
  process.env.PORT = '0';
  info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  fatal = jest.spyOn(logger, 'fatal').mockImplementation(() => undefined);
});

afterEach(() => {
  delete process.env.PORT;
  jest.restoreAllMocks();
});

const listeningPort = async (): Promise<number> => {
  for (let i = 0; i < 200; i++) {
    const call = info.mock.calls.find(([, message]) => message === 'test listening');
    if (call) return (call[0] as { port: number }).port;
    await sleep(10);
  }
  throw new Error('never listened');
};

it('starts, serves on PORT, and on SIGTERM finishes the request in flight, then stops and resolves 0', async () => {
  const order: string[] = [];
  let release!: () => void;
  const app = express().get('/slow', async (_req, res) => {
    await new Promise<void>((resolve) => (release = resolve));
    order.push('request answered');
    res.send('done');
  });
  const listenersBefore = process.listenerCount('SIGTERM');
  const running = runService({
    name: 'test',
    app,
    start: async () => {
      order.push('started');
    },
    stop: async () => {
      order.push('stopped');
    },
  });
  const port = await listeningPort();

  const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
  await sleep(100);
  process.emit('SIGTERM', 'SIGTERM');
  expect(info).toHaveBeenCalledWith({ signal: 'SIGTERM', drainSeconds: 0 }, 'test shutting down');
  release();

  expect(await (await inFlight).text()).toBe('done');
  expect(await running).toBe(0);
  expect(order).toEqual(['started', 'request answered', 'stopped']);
  await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
  expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
});

it('resolves 1 and logs why when start-up fails, without serving', async () => {
  const stop = jest.fn();
  const code = await runService({
    name: 'test',
    app: express(),
    start: () => Promise.reject(new Error('Missing required environment variable: JWT_KEY')),
    stop,
  });
  expect(code).toBe(1);
  expect(fatal).toHaveBeenCalledWith(expect.anything(), 'Missing required environment variable: JWT_KEY');
  expect(info).not.toHaveBeenCalledWith(expect.anything(), 'test listening');
  expect(stop).not.toHaveBeenCalled();
});

it('stops cleanly on SIGINT during start-up: no serving, and the interrupted start is no error', async () => {
  let failStart!: (err: Error) => void;
  const stop = jest.fn(async () => failStart(new Error('connection closed')));
  const running = runService({
    name: 'test',
    app: express(),
    start: () => new Promise<void>((_resolve, reject) => (failStart = reject)),
    stop,
  });
  await sleep(50);
  process.emit('SIGINT', 'SIGINT');
  expect(await running).toBe(0);
  expect(stop).toHaveBeenCalledTimes(1);
  expect(fatal).not.toHaveBeenCalled();
  expect(info).not.toHaveBeenCalledWith(expect.anything(), 'test listening');
});

it('resolves 1 and logs when stopping fails', async () => {
  const err = new Error('disconnect failed');
  const running = runService({ name: 'test', app: express(), start: async () => {}, stop: () => Promise.reject(err) });
  await listeningPort();
  process.emit('SIGTERM', 'SIGTERM');
  expect(await running).toBe(1);
  expect(fatal).toHaveBeenCalledWith({ err }, 'test shutdown failed');
});

describe('draining (DRAIN_SECONDS)', () => {
  afterEach(() => {
    delete process.env.DRAIN_SECONDS;
  });

  it('turns readiness 503 at once, keeps serving new requests for the drain period, then closes and stops', async () => {
    process.env.DRAIN_SECONDS = '0.5';
    const order: string[] = [];
    const app = createApp({ healthPrefix: '/api/test', readiness: {}, routes: [] });
    const running = runService({
      name: 'test',
      app,
      start: async () => undefined,
      stop: async () => {
        order.push('stopped');
      },
    });
    const port = await listeningPort();
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    expect((await fetch(url('/api/test/readyz'))).status).toBe(200);

    const signalledAt = Date.now();
    process.emit('SIGTERM', 'SIGTERM');
    const notReady = await fetch(url('/api/test/readyz'));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ errors: [{ message: 'Not ready: shutting down' }] });
    // A request that arrives during the drain period is still answered.
    await sleep(250);
    expect((await fetch(url('/api/test/healthz'))).status).toBe(200);
    order.push('served while draining');

    expect(await running).toBe(0);
    expect(Date.now() - signalledAt).toBeGreaterThanOrEqual(500);
    expect(order).toEqual(['served while draining', 'stopped']);
    await expect(fetch(url('/api/test/healthz'))).rejects.toThrow();
  });

  it('refuses to start with a DRAIN_SECONDS that is not a number of seconds', async () => {
    process.env.DRAIN_SECONDS = 'soon';
    const start = jest.fn(async () => undefined);
    expect(await runService({ name: 'test', app: express(), start, stop: async () => undefined })).toBe(1);
    expect(start).not.toHaveBeenCalled();
    expect(fatal).toHaveBeenCalledWith(expect.anything(), 'DRAIN_SECONDS must be a number of seconds, 0 or more');
  });
});
