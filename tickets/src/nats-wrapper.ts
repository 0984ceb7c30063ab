import { NatsWrapper } from '@ticketing/common';

/** The service's one NATS Streaming connection, shared as the course does. */
export const natsWrapper = new NatsWrapper();
