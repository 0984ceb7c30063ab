import { NatsSupervisor } from '@ticketing/common';

/**
 * The service's one NATS Streaming connection (the course's `natsWrapper`), kept up by a
 * supervisor: readiness reads `nats.isConnected`, publishers read `nats.client`.
 */
export const nats = new NatsSupervisor();
