import { randomBytes } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { MongoClient } from 'mongodb';
import { ServiceName, Stack, startStack } from '@ticketing/local/src/stack';
import { httpClient, HttpClient } from './http';
import { EventTransport } from '@ticketing/common';
import { NatsSettings } from './events';

export interface LogLine {
  name: string;
  line: string;
}

export interface E2eStack {
  stack: Stack;
  /** The router: requests take the same path as in the cluster. */
  api: HttpClient;
  /** The secret the services sign sessions with (tests forge tokens and look for leaks). */
  jwtKey: string;
  nats: NatsSettings;
  /** Every line every process wrote, in order. */
  logs: LogLine[];
  /** Documents in a service's collection, straight from its database. */
  count(service: ServiceName, collection: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * One whole stack per test file: its own databases, broker file store (in a temporary folder),
 * services, client and router, all on free ports. Output is kept in `logs`, and echoed when
 * E2E_VERBOSE is set.
 */
export const startE2eStack = async (
  client: 'prod' | 'dev' | 'none' = 'none',
  /** Extra environment for auth, tickets and the client (e.g. DRAIN_SECONDS, or smaller rate limits). */
  env?: Record<string, string>,
  transport: EventTransport = 'stan',
): Promise<E2eStack> => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ticketing-e2e-'));
  const jwtKey = `e2e-jwt-key-${randomBytes(16).toString('hex')}`;
  const logs: LogLine[] = [];
  const verbose = Boolean(process.env.E2E_VERBOSE);
  let stack: Stack;
  try {
    stack = await startStack({
      ports: 'free',
      dataDir,
      client,
      jwtKey,
      env,
      transport,
      output: (name, line) => {
        logs.push({ name, line });
        if (verbose) process.stdout.write(`[${name}] ${line}\n`);
      },
    });
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const recent = logs
      .slice(-40)
      .map(({ name, line }) => `[${name}] ${line}`)
      .join('\n');
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nLast output:\n${recent}`);
  }

  const mongoClients = new Map<ServiceName, MongoClient>();
  const database = (service: ServiceName) => {
    let mongo = mongoClients.get(service);
    if (!mongo) {
      const uri = service === 'auth' ? stack.urls.authMongo : stack.urls.ticketsMongo;
      mongo = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      mongoClients.set(service, mongo);
    }
    // The stack names each service's database after the service.
    return mongo.db(service);
  };

  return {
    stack,
    api: httpClient(stack.urls.app),
    jwtKey,
    nats: { url: stack.urls.nats, clusterId: stack.clusterId, transport },
    logs,
    count: (service, collection) => database(service).collection(collection).countDocuments(),
    stop: async () => {
      await Promise.all([...mongoClients.values()].map((mongo) => mongo.close()));
      await stack.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
