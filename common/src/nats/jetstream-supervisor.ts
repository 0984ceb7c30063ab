import { connect, NatsConnection } from 'nats';
import { logger } from '../logger';
import { ensureStream } from './jetstream';
import { NatsSettings } from './nats-supervisor';

export interface JetStreamSupervisorHooks {
  /** Runs after every (re)connection, e.g. so an outbox relay catches up at once. */
  onConnect?: () => void;
}

/**
 * NatsSupervisor's counterpart on JetStream (EVENT_TRANSPORT=jetstream): the service's one NATS
 * connection, made in the background and retried with backoff until the server answers, with the
 * events' stream in place. Once connected, the client itself reconnects for as long as it takes.
 * It never exits the process. `clusterId` is not used: it is a NATS Streaming notion.
 */
export class JetStreamSupervisor {
  #nc?: NatsConnection;
  #connected = false;
  #stopped = true;
  #attempts = 0;
  #timer?: NodeJS.Timeout;
  #connecting?: Promise<void>;

  /** The connection; the same one for as long as the service runs. */
  get client(): NatsConnection {
    if (!this.#nc) throw new Error('Cannot access NATS client before connecting');
    return this.#nc;
  }

  /** True while the server is reachable: what readiness reports. */
  get isConnected(): boolean {
    return this.#connected;
  }

  /** Starts connecting in the background; returns at once. */
  start(settings: NatsSettings, hooks: JetStreamSupervisorHooks = {}): void {
    this.#stopped = false;
    this.#attempts = 0;
    this.#connect(settings, hooks.onConnect ?? (() => {}));
  }

  /** Stops retrying and closes the connection. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#connecting;
    this.#connected = false;
    const nc = this.#nc;
    this.#nc = undefined;
    await nc?.close();
  }

  #connect(settings: NatsSettings, onConnect: () => void): void {
    this.#connecting = this.#open(settings)
      .then((nc) => {
        if (this.#stopped) return nc.close();
        this.#nc = nc;
        this.#connected = true;
        this.#attempts = 0;
        void this.#follow(nc, onConnect);
        logger.info({ url: settings.url, clientId: settings.clientId }, 'Connected to NATS JetStream');
        onConnect();
      })
      .catch((err: unknown) => {
        this.#attempts += 1;
        logger.warn({ err, attempts: this.#attempts }, 'Could not connect to NATS JetStream; retrying');
        if (this.#stopped) return;
        const delay = Math.min(250 * 2 ** this.#attempts, 5000);
        this.#timer = setTimeout(() => this.#connect(settings, onConnect), delay);
      })
      .finally(() => {
        this.#connecting = undefined;
      });
  }

  async #open(settings: NatsSettings): Promise<NatsConnection> {
    const nc = await connect({
      servers: settings.url,
      name: settings.clientId,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
    });
    try {
      await ensureStream(nc);
      return nc;
    } catch (err) {
      await nc.close();
      throw err;
    }
  }

  async #follow(nc: NatsConnection, onConnect: () => void): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') {
        this.#connected = false;
        logger.warn('NATS disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.#connected = true;
        logger.info('NATS reconnected');
        onConnect();
      }
    }
  }
}
