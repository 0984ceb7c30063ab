import { JetStreamSupervisor } from './jetstream-supervisor';
import { NatsSupervisor } from './nats-supervisor';

/** A service's event connection on either transport: `start`, `stop`, `client`, `isConnected`. */
export type EventSupervisor = NatsSupervisor | JetStreamSupervisor;

/** The transport EVENT_TRANSPORT names: `stan` (NATS Streaming, the default) or `jetstream`. */
export const eventSupervisor = (transport = process.env.EVENT_TRANSPORT): EventSupervisor => {
  if (!transport || transport === 'stan') return new NatsSupervisor();
  if (transport === 'jetstream') return new JetStreamSupervisor();
  throw new Error(`EVENT_TRANSPORT must be stan or jetstream, not "${transport}"`);
};
