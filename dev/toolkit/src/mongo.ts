import fs from 'fs';
import os from 'os';
import path from 'path';
import type { MongoMemoryServer } from 'mongodb-memory-server-core';
import { ensureGoBinary, GoBinary } from './go-build';
import { cacheDir } from './paths';
import { freePort, waitForPort } from './ports';
import { startProcess, tail } from './process';

export const ferretDbBinary: GoBinary = {
  name: 'ferretdb',
  module: 'github.com/FerretDB/FerretDB',
  version: 'v1.24.2',
  pkg: './cmd/ferretdb',
  envHint: 'MONGO_URI',
  // A plain build panics at start-up unless the version file exists.
  prepare: (srcDir) => fs.writeFileSync(path.join(srcDir, 'build', 'version', 'version.txt'), 'v1.24.2\n'),
};

export interface MongoOptions {
  /** Keep data here between runs; a fresh temporary folder when omitted. */
  dataDir?: string;
  port?: number;
  /** FerretDB only: serve Go's profiler (net/http/pprof) on this port of 127.0.0.1, to profile the database itself. */
  debugPort?: number;
}

export interface Mongo {
  /** Server URI without a database name, e.g. mongodb://127.0.0.1:27017 */
  uri: string;
  /** Human-readable: which server this is and where it came from. */
  source: string;
  /** FerretDB's profiler, e.g. http://127.0.0.1:8088/debug/pprof, when `debugPort` was given. */
  pprofUrl?: string;
  stop(): Promise<void>;
}

/** Written once when mongod cannot be had, so later runs skip the failing download. */
export const mongodUnavailableMarker = path.join(cacheDir, 'mongod-unavailable');

const stripDb = (uri: string): string => uri.replace(/\/[^/?]*(\?|$)/, '$1').replace(/\/$/, '');

const startMongod = async (options: MongoOptions): Promise<Mongo> => {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server: MongoMemoryServer = await MongoMemoryServer.create({
    instance: {
      ip: '127.0.0.1',
      port: options.port,
      dbPath: options.dataDir,
      storageEngine: options.dataDir ? 'wiredTiger' : undefined,
    },
  });
  return {
    uri: stripDb(server.getUri()),
    source: 'mongod (mongodb-memory-server)',
    stop: async () => {
      await server.stop({ doCleanup: !options.dataDir });
    },
  };
};

const startFerretDb = async (options: MongoOptions): Promise<Mongo> => {
  const binary = ensureGoBinary(ferretDbBinary);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-ferretdb-'));
  fs.mkdirSync(path.join(dataDir, 'sqlite'), { recursive: true });
  const port = options.port ?? (await freePort());
  const logFile = path.join(dataDir, 'ferretdb.log');
  const proc = startProcess(
    binary.path,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${path.join(dataDir, 'sqlite')}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      options.debugPort ? `--debug-addr=127.0.0.1:${options.debugPort}` : '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    logFile,
    { pidFile: options.dataDir && path.join(dataDir, 'ferretdb.pid') },
  );
  try {
    await waitForPort(port, { exited: proc.exited.then((how) => `FerretDB ${how}`) });
  } catch {
    await proc.stop();
    throw new Error(`FerretDB did not come up. Its log:\n${tail(logFile)}`);
  }
  return {
    uri: `mongodb://127.0.0.1:${port}`,
    source: `FerretDB ${ferretDbBinary.version} with SQLite (${binary.source})`,
    pprofUrl: options.debugPort ? `http://127.0.0.1:${options.debugPort}/debug/pprof` : undefined,
    stop: async () => {
      await proc.stop();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/**
 * Whether mongod can be had: the download (or cached binary) is tried once per process, however
 * many databases start in parallel, and once per cache when it fails (the marker file). A failed
 * download is an expected condition here: one line says what is used instead.
 */
let mongodChecked: Promise<boolean> | undefined;
export const mongodAvailable = (): Promise<boolean> =>
  (mongodChecked ??= (async () => {
    if (fs.existsSync(mongodUnavailableMarker)) return false;
    try {
      const { MongoBinary } = await import('mongodb-memory-server-core');
      return Boolean(await MongoBinary.getPath());
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
      fs.mkdirSync(cacheDir, { recursive: true });
      fs.writeFileSync(
        mongodUnavailableMarker,
        `${new Date().toISOString()}: ${reason}\nDelete this file to try mongod again.\n`,
      );
      process.stderr.write(
        `[servers] mongod could not be downloaded (${reason}): using FerretDB (delete ${mongodUnavailableMarker} to try again)\n`,
      );
      return false;
    }
  })());

/**
 * A MongoDB-compatible server: MONGO_URI when set; else a real mongod through
 * mongodb-memory-server; where no mongod can be had, FerretDB built from the Go module proxy.
 */
export const startMongo = async (options: MongoOptions = {}): Promise<Mongo> => {
  if (process.env.MONGO_URI) {
    return {
      uri: stripDb(process.env.MONGO_URI),
      source: `MONGO_URI (${process.env.MONGO_URI})`,
      stop: async () => {},
    };
  }
  if (await mongodAvailable()) return startMongod(options);
  try {
    return await startFerretDb(options);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `No MongoDB-compatible server could be provided: mongod could not be downloaded and FerretDB failed (${reason}). ` +
        'Set MONGO_URI to a running MongoDB (e.g. mongodb://127.0.0.1:27017).',
    );
  }
};
