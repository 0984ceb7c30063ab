import { EventEmitter } from 'events';
import path from 'path';
import { repoRoot } from '@ticketing/toolkit';
import { EventTransport } from '@ticketing/common';
import { ExitInfo } from '../managed-process';

export type ServiceName = 'auth' | 'tickets';
export type AppName = ServiceName | 'client';
export type PortName = 'router' | 'auth' | 'tickets' | 'client' | 'nats' | 'natsMonitor' | 'authMongo' | 'ticketsMongo';
export type Ports = Record<PortName, number>;

/** A fixed port, or 0 / 'free' for one the kernel picks (tests). */
export type PortChoice = number | 'free';

export interface StackOptions {
  /** 'free' picks every port; otherwise per part, defaulting to `defaultPorts`. */
  ports?: 'free' | Partial<Record<PortName, PortChoice>>;
  /** Databases and the NATS file store live here between runs. Default `<repo>/.data`. */
  dataDir?: string;
  /** Restart auth and tickets when their source or common's changes. Default false. */
  watch?: boolean;
  /**
   * `next dev` (hot reload), `next build` + `next start`, or no client at all (for suites
   * that only call the APIs; the router then answers 502 for pages). Default 'dev'.
   */
  client?: 'dev' | 'prod' | 'none';
  jwtKey: string;
  /**
   * The event bus: NATS Streaming ('stan', the default) or nats-server with JetStream, which the
   * services then use through EVENT_TRANSPORT=jetstream.
   */
  transport?: EventTransport;
  /** NATS Streaming's cluster id (not used on JetStream). */
  clusterId?: string;
  /** The Ingress manifest the router follows. */
  ingressManifest?: string;
  /** Child output and the stack's own messages (name 'dev'). Default: prefixed lines on stdout. */
  output?: (name: string, line: string) => void;
  /** Extra environment for auth, tickets and the client (e.g. LOG_LEVEL). */
  env?: Record<string, string>;
  /**
   * The caller is shutting down (Ctrl-C): during start-up, stop what has started and reject;
   * at any time, stop reporting exits (a terminal's Ctrl-C reaches the database and NATS
   * processes directly, and their exit is then expected).
   */
  signal?: AbortSignal;
}

/** Defaults for `npm run dev`; database ports are picked freely unless given. */
export const defaultPorts: Record<PortName, PortChoice> = {
  router: 8080,
  auth: 3001,
  tickets: 3002,
  client: 3000,
  // 4222 is the usual NATS port, often taken by a plain NATS server: use the next one.
  nats: 4223,
  natsMonitor: 8222,
  authMongo: 'free',
  ticketsMongo: 'free',
};

export const defaultDataDir = path.join(repoRoot, '.data');

export interface StackUrls {
  /** The router: the app as a browser sees it. */
  app: string;
  auth: string;
  tickets: string;
  client: string;
  nats: string;
  natsMonitor: string;
  authMongo: string;
  ticketsMongo: string;
}

export interface StackEvents {
  /** A process exited (or a database stopped answering) without being asked to. */
  exit: [ExitInfo];
}

export interface Stack extends EventEmitter<StackEvents> {
  urls: StackUrls;
  ports: Ports;
  dataDir: string;
  transport: EventTransport;
  clusterId: string;
  /** Process id of a running part (for fault tests that kill it), else undefined. */
  pid(name: AppName): number | undefined;
  /** Stops everything: router first, then the apps, then NATS and the databases. */
  stop(): Promise<void>;
  stopService(name: AppName): Promise<void>;
  /** Starts a stopped part and waits until it is ready. */
  startService(name: AppName): Promise<void>;
  restartService(name: AppName): Promise<void>;
  stopNats(): Promise<void>;
  /** Starts the broker again on the same ports and file store. */
  startNats(): Promise<void>;
  stopMongo(service: ServiceName): Promise<void>;
  /** Starts a service's database again on the same port and data folder. */
  startMongo(service: ServiceName): Promise<void>;
}

/** What every part of the stack is given: where it lives, its ports, and how to report. */
export interface StackContext {
  options: StackOptions;
  dataDir: string;
  ports: Ports;
  clusterId: string;
  output: (name: string, line: string) => void;
  /** A part exited (or stopped answering) without being asked to: says so, once, unless stopping. */
  reportExit(info: ExitInfo, message?: string): void;
}
