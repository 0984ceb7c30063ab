import nats, { Stan, StanOptions } from 'node-nats-streaming';
import { logger } from '../logger';

// Stan has isClosed() (true once close() has completed), but its typings leave it out.
type ClosableStan = Stan & { isClosed(): boolean };

/**
 * Holds one NATS Streaming connection for a service (the course's NatsWrapper). Create one
 * instance per service and share it; it never exits the process itself.
 */
export class NatsWrapper {
  private _client?: Stan;

  get client(): Stan {
    if (!this._client) {
      throw new Error('Cannot access NATS client before connecting');
    }
    return this._client;
  }

  /** Resolves once connected; rejects if the first connection attempt fails. */
  connect(clusterId: string, clientId: string, url: string, options: StanOptions = {}): Promise<void> {
    const client = nats.connect(clusterId, clientId, { url, ...options });
    this._client = client;
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        client.removeListener('connect', onConnect);
        this._client = undefined;
        // Stops the underlying NATS connection from retrying in the background.
        client.close();
        reject(err);
      };
      const onConnect = () => {
        client.removeListener('error', onError);
        // The NATS connection emits 'error' later too (e.g. while reconnecting); an 'error'
        // event without a listener would throw and crash the process.
        client.on('error', (err: unknown) => logger.error({ err, clientId }, 'NATS error'));
        resolve();
      };
      client.once('connect', onConnect);
      client.once('error', onError);
    });
  }

  /** Closes the connection, so the broker forgets this client id at once. */
  close(): Promise<void> {
    const client = this._client;
    this._client = undefined;
    // Stan.close() on a closed client returns without emitting 'close': do not wait for one.
    if (!client || (client as ClosableStan).isClosed()) return Promise.resolve();
    return new Promise((resolve) => {
      client.once('close', () => resolve());
      client.close();
    });
  }
}
