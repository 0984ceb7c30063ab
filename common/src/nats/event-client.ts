import { NatsConnection } from 'nats';
import { Stan } from 'node-nats-streaming';

/**
 * What Publisher and Listener are given: a NATS Streaming client (the course's, the default) or
 * a NATS connection whose server runs JetStream.
 */
export type EventClient = Stan | NatsConnection;

export const isStan = (client: EventClient): client is Stan => 'subscriptionOptions' in client;
