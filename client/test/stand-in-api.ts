import http, { type RequestListener } from 'http';
import net, { type AddressInfo } from 'net';

// A stand-in API on 127.0.0.1 for the tests of the server-side client (node test environment).
export const startStandInApi = async (handle: RequestListener) => {
  let connections = 0;
  const server = http.createServer(handle);
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Connections accepted so far. */
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The client's pooled keep-alive connections would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
};

// A port on 127.0.0.1 that nothing listens on: connecting to it is refused.
export const closedPort = async (): Promise<number> => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};
