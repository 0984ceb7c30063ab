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

export interface NatsStreamingOptions {
  clusterId?: string;
  port?: number;
  monitorPort?: number;
  /** File store directory; a fresh temporary one when omitted. Reuse it to survive restarts. */
  storeDir?: string;
  logFile?: string;
}

export interface NatsStreaming {
  url: string;
  monitorUrl: string;
  clusterId: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  source: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts a real nats-streaming-server with a file store and the monitoring endpoint,
 * on free ports unless given. Heartbeats as in the course's deployment.
 */
export const startNatsStreaming = async (options: NatsStreamingOptions = {}): Promise<NatsStreaming> => {
  const binary = ensureGoBinary(natsStreamingBinary);
  const clusterId = options.clusterId ?? 'ticketing';
  const port = options.port ?? (await freePort());
  const monitorPort = options.monitorPort ?? (await freePort());
  const storeDir = options.storeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-nats-'));
  fs.mkdirSync(storeDir, { recursive: true });
  const logFile = options.logFile ?? path.join(storeDir, 'nats-streaming.log');

  const args = [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    String(monitorPort),
    '-cid',
    clusterId,
    '-st',
    'FILE',
    '--dir',
    path.join(storeDir, 'store'),
    '-hbi',
    '5s',
    '-hbt',
    '5s',
    '-hbf',
    '2',
  ];
  const proc = startProcess(binary.path, args, logFile, {
    pidFile: options.storeDir && path.join(storeDir, 'nats-streaming.pid'),
  });
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;
  try {
    await waitForHttp(`${monitorUrl}/streaming/serverz`, {
      exited: proc.exited.then((how) => `nats-streaming-server ${how}`),
    });
  } catch (err) {
    await proc.stop();
    throw new Error(
      `nats-streaming-server did not come up (${(err as Error).message}). Its log:\n${tail(proc.logFile)}`,
    );
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    monitorUrl,
    clusterId,
    port,
    monitorPort,
    storeDir,
    source: binary.source,
    process: proc,
    stop: () => proc.stop(),
  };
};

export const natsServerBinary: GoBinary = {
  name: 'nats-server',
  module: 'github.com/nats-io/nats-server/v2',
  version: 'v2.15.3',
  pkg: '.',
  envHint: 'JETSTREAM_URL',
};

export interface NatsServerOptions {
  port?: number;
  monitorPort?: number;
  /** JetStream's file store directory; a fresh temporary one when omitted. Reuse it to survive restarts. */
  storeDir?: string;
  logFile?: string;
}

export interface NatsServer {
  url: string;
  monitorUrl: string;
  port: number;
  monitorPort: number;
  storeDir: string;
  source: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/**
 * Starts a real nats-server with JetStream (file store) and the monitoring endpoint, on free
 * ports unless given: never the machine's own server on 4222.
 */
export const startNatsServer = async (options: NatsServerOptions = {}): Promise<NatsServer> => {
  const binary = ensureGoBinary(natsServerBinary);
  const port = options.port ?? (await freePort());
  const monitorPort = options.monitorPort ?? (await freePort());
  const storeDir = options.storeDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-jetstream-'));
  fs.mkdirSync(storeDir, { recursive: true });
  const logFile = options.logFile ?? path.join(storeDir, 'nats-server.log');
  const args = ['-a', '127.0.0.1', '-p', String(port), '-m', String(monitorPort), '-js', '-sd', storeDir];
  const proc = startProcess(binary.path, args, logFile);
  const monitorUrl = `http://127.0.0.1:${monitorPort}`;
  try {
    // Healthy only once JetStream is up too.
    await waitForHttp(`${monitorUrl}/healthz?js-enabled-only=true`, {
      exited: proc.exited.then((how) => `nats-server ${how}`),
    });
  } catch (err) {
    await proc.stop();
    throw new Error(`nats-server did not come up (${(err as Error).message}). Its log:\n${tail(proc.logFile)}`);
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
