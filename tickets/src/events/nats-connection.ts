import { NatsConnection } from '@ticketing/common';
import { natsWrapper } from '../nats-wrapper';

/** The service's supervisor of `natsWrapper`'s connection: reconnects, and tells readiness. */
export const natsConnection = new NatsConnection(natsWrapper);
