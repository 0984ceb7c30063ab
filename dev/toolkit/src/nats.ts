import fs from 'fs';
import os from 'os';
import path from 'path';
import { ensureGoBinary, GoBinary } from './go-build';
import { freePort } from './ports';
import { waitForHttp } from './poll';
import { RunningProcess, startProcess, tail } from './process';

export const natsStreamingBinary: GoBinary = {
  name: 'nats-streaming-server',
  module: 'github.com/nats-io/nats-streaming-server',
  // The final release: NATS Streaming is end-of-life, this is what node-nats-streaming speaks to.
  version: 'v0.25.6',
  pkg: '.',
  envHint: 'NATS_URL',
};

export interface BrokerOptions {
  port?: number;
  monitorPort?: number;
  /** File store directory; a fresh temporary one when omitted. Reuse it to survive restarts. */
  storeDir?: string;
  logFile?: string;
}

export interface NatsStreamingOptions extends BrokerOptions {
  clusterId?: string;
}

/** A broker this package started: where to reach it, and how to stop it. */
export interface Broker {
  url: string;
  monitorUrl: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  source: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export interface NatsStreaming extends Broker {
  clusterId: string;
}

export type NatsServer = Broker;

interface BrokerKind {
  binary: GoBinary;
  /** Temporary store folders are named after it, and so are the log and pid files. */
  name: string;
  args: (ports: { port: number; monitorPort: number; storeDir: string }) => string[];
  /** The monitoring path that answers 200 once the broker can serve. */
  readyPath: string;
}

/** Starts a broker on free ports unless given, and resolves once its monitoring endpoint says it is up. */
const startBroker = async (kind: BrokerKind, options: BrokerOptions): Promise<Broker> => {
  const binary = ensureGoBinary(kind.binary);
  const port = options.port ?? (await freePort());
  const monitorPort = options.monitorPort ?? (await freePort());
  const storeDir = options.storeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `ticketing-${kind.name}-`));
  fs.mkdirSync(storeDir, { recursive: true });
  const logFile = options.logFile ?? path.join(storeDir, `${kind.name}.log`);
  const proc = startProcess(binary.path, kind.args({ port, monitorPort, storeDir }), logFile, {
    pidFile: options.storeDir && path.join(storeDir, `${kind.name}.pid`),
  });
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;
  try {
    await waitForHttp(`${monitorUrl}${kind.readyPath}`, {
      exited: proc.exited.then((how) => `${kind.binary.name} ${how}`),
    });
  } catch (err) {
    await proc.stop();
    throw new Error(`${kind.binary.name} did not come up (${(err as Error).message}). Its log:\n${tail(proc.logFile)}`);
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    monitorUrl,
    port,
    monitorPort,
    storeDir,
    source: binary.source,
    process: proc,
    stop: () => proc.stop(),
  };
};

/**
 * Starts a real nats-streaming-server with a file store and the monitoring endpoint,
 * on free ports unless given. Heartbeats as in the course's deployment.
 */
export const startNatsStreaming = async (options: NatsStreamingOptions = {}): Promise<NatsStreaming> => {
  const clusterId = options.clusterId ?? 'ticketing';
  const broker = await startBroker(
    {
      binary: natsStreamingBinary,
      name: 'nats-streaming',
      readyPath: '/streaming/serverz',
      args: ({ port, monitorPort, storeDir }) => [
        ...['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), '-cid', clusterId],
        ...['-st', 'FILE', '--dir', path.join(storeDir, 'store')],
        ...['-hbi', '5s', '-hbt', '5s', '-hbf', '2'],
      ],
    },
    options,
  );
  return { ...broker, clusterId };
};

export const natsServerBinary: GoBinary = {
  name: 'nats-server',
  module: 'github.com/nats-io/nats-server/v2',
  version: 'v2.15.3',
  // No variable: the JetStream tests always start a server of their own.
  pkg: '.',
};

/**
 * Starts a real nats-server with JetStream (file store) and the monitoring endpoint, on free
 * ports unless given: never the machine's own server on 4222.
 */
export const startNatsServer = (options: BrokerOptions = {}): Promise<NatsServer> =>
  startBroker(
    {
      binary: natsServerBinary,
      name: 'nats-server',
      // Healthy only once JetStream is up too.
      readyPath: '/healthz?js-enabled-only=true',
      args: ({ port, monitorPort, storeDir }) => [
        ...['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort)],
        ...['-js', '-sd', storeDir],
      ],
    },
    options,
  );
