import { Stan, StanOptions } from 'node-nats-streaming';
import { logger } from '../logger';
import { NatsWrapper } from './nats-wrapper';

export interface NatsSettings {
  clusterId: string;
  clientId: string;
  url: string;
}

export interface NatsSupervisorHooks {
  /** Runs after every (re)connection, e.g. so an outbox relay catches up at once. */
  onConnect?: () => void;
  /** Passed to the client, over the defaults below. */
  options?: StanOptions;
}

// Publishes fail after 5 s without an acknowledgement (so callers can retry) instead of 30 s;
// the underlying NATS connection retries forever, every second.
const defaultOptions: StanOptions = { ackTimeout: 5000, reconnectTimeWait: 1000, maxReconnectAttempts: -1 };

/**
 * Keeps a service's one NATS Streaming connection (a NatsWrapper) up for as long as the service
 * runs: services hold one supervisor, not a wrapper of their own. The first connection is made
 * in the background (the service serves HTTP meanwhile); when the connection is lost for good
 * (NATS Streaming pings fail, or the connection closes), a new one is made, retrying with
 * backoff. It never exits the process.
 */
export class NatsSupervisor {
  private stopped = true;
  private connected = false;
  private attempts = 0;
  private connecting?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private settings?: NatsSettings;
  private options: StanOptions = defaultOptions;
  private onConnect: () => void = () => {};

  constructor(private readonly wrapper = new NatsWrapper()) {}

  /** The current client; once a lost session is made anew it is a new one, so read it at each use. */
  get client(): Stan {
    return this.wrapper.client;
  }

  /** True while the broker is reachable: what readiness reports. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Starts connecting in the background; returns at once. */
  start(settings: NatsSettings, hooks: NatsSupervisorHooks = {}): void {
    this.settings = settings;
    this.options = { ...defaultOptions, ...hooks.options };
    this.onConnect = hooks.onConnect ?? (() => {});
    this.stopped = false;
    this.attempts = 0;
    this.connect();
  }

  /** Stops reconnecting and closes the connection (so the broker forgets this client id). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.connecting;
    this.connected = false;
    await this.wrapper.close();
  }

  private connect(): void {
    const { clusterId, clientId, url } = this.settings!;
    this.connecting = this.wrapper
      .connect(clusterId, clientId, url, this.options)
      .then(() => this.handleConnected())
      .catch((err: unknown) => {
        this.attempts += 1;
        logger.warn({ err, attempts: this.attempts }, 'Could not connect to NATS; retrying');
        this.reconnectLater();
      })
      .finally(() => {
        this.connecting = undefined;
      });
  }

  private handleConnected(): void {
    const client = this.wrapper.client;
    this.connected = true;
    this.attempts = 0;
    client.on('disconnect', () => {
      this.connected = false;
      logger.warn('NATS disconnected; reconnecting');
    });
    client.on('reconnect', () => {
      this.connected = true;
      logger.info('NATS reconnected');
      this.onConnect();
    });
    client.on('connection_lost', (err: unknown) => logger.warn({ err }, 'NATS Streaming connection lost'));
    client.once('close', () => {
      this.connected = false;
      if (this.stopped) return;
      logger.warn('NATS connection closed; connecting again');
      this.reconnectLater();
    });
    logger.info({ url: this.settings!.url, clientId: this.settings!.clientId }, 'Connected to NATS');
    this.onConnect();
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    const delay = Math.min(250 * 2 ** this.attempts, 5000);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
