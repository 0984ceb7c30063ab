import net from 'net';
import { readinessAgent } from './log-lines';
import { ExitInfo } from './managed-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const describeExit = ({ name, code, signal }: ExitInfo) =>
  signal ? `${name} was killed by ${signal}` : `${name} exited with code ${code}`;

/**
 * Polls `url` until it answers a status `isReady` accepts. Fails early when the process
 * behind it exits (`exited` settles), when `signal` aborts, and after `timeoutMs`.
 */
export const waitForHttp = async (
  url: string,
  {
    timeoutMs,
    exited,
    signal,
    isReady = (status) => status === 200,
  }: {
    timeoutMs: number;
    exited?: Promise<ExitInfo>;
    /** Gives up waiting (e.g. Ctrl-C during start-up). */
    signal?: AbortSignal;
    isReady?: (status: number) => boolean;
  },
): Promise<void> => {
  let exit: ExitInfo | undefined;
  void exited?.then((info) => (exit = info));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${describeExit(exit)} before it was ready (${url})`);
    signal?.throwIfAborted();
    try {
      const res = await fetch(url, {
        headers: { 'User-Agent': readinessAgent },
        signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())),
      });
      await res.arrayBuffer();
      if (isReady(res.status)) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(200);
  }
  throw new Error(`${url} was not ready after ${timeoutMs / 1000} s (last: ${last})`);
};

/** True when something accepts TCP connections on 127.0.0.1:port. */
export const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Resolves if the port can be bound on 127.0.0.1, else rejects naming what it was meant for. */
export const assertPortFree = (port: number, purpose: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `Port ${port} (${purpose}) is already in use: stop what uses it or choose another port`
            : `Port ${port} (${purpose}): ${err.message}`,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
