import net from 'net';
import { poll, PollOptions } from './poll';

/** Asks the kernel for a free loopback port. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Whether something accepts TCP connections on the loopback port (within a second). */
export const isPortOpen = (port: number): Promise<boolean> =>
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

/** Polls until something accepts TCP connections on the port. */
export const waitForPort = (port: number, options?: PollOptions): Promise<void> =>
  poll(`something listened on 127.0.0.1:${port}`, () => isPortOpen(port), options).then(() => undefined);

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
