import { eventSupervisor } from '@ticketing/common';

/**
 * The service's one event connection (the course's `natsWrapper`), kept up by a supervisor on
 * the transport EVENT_TRANSPORT names (NATS Streaming by default, or JetStream): readiness reads
 * `nats.isConnected`, publishers read `nats.client`. Any other value is refused by index.ts at
 * start-up, with one log line, rather than here while modules load.
 */
export const nats = eventSupervisor(process.env.EVENT_TRANSPORT === 'jetstream' ? 'jetstream' : 'stan');
