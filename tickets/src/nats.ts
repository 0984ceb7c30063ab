import { eventSupervisor } from '@ticketing/common';

/**
 * The service's one event connection (the course's `natsWrapper`), kept up by a supervisor on
 * the transport EVENT_TRANSPORT names (NATS Streaming by default, or JetStream): readiness reads
 * `nats.isConnected`, publishers read `nats.client`.
 */
export const nats = eventSupervisor();
