import { JetStreamSupervisor } from './jetstream-supervisor';
import { NatsSupervisor } from './nats-supervisor';

/** A service's event connection on either transport: `start`, `stop`, `client`, `isConnected`. */
export type EventSupervisor = NatsSupervisor | JetStreamSupervisor;

export type EventTransport = 'stan' | 'jetstream';

/** EVENT_TRANSPORT, checked: `stan` (NATS Streaming, the default when unset) or `jetstream`. */
export const eventTransport = (value = process.env.EVENT_TRANSPORT): EventTransport => {
  if (!value || value === 'stan') return 'stan';
  if (value === 'jetstream') return 'jetstream';
  throw new Error(`EVENT_TRANSPORT must be stan or jetstream, not "${value}"`);
};

/** The supervisor of the transport EVENT_TRANSPORT names (see eventTransport). */
export const eventSupervisor = (transport = process.env.EVENT_TRANSPORT): EventSupervisor =>
  eventTransport(transport) === 'jetstream' ? new JetStreamSupervisor() : new NatsSupervisor();
