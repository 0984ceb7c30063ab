export * from './errors/custom-error';
export * from './errors/bad-request-error';
export * from './errors/request-validation-error';
export * from './errors/not-authorized-error';
export * from './errors/not-found-error';
export * from './errors/database-connection-error';
export * from './errors/conflict-error';
export * from './errors/too-many-requests-error';

export * from './middlewares/current-user';
export * from './middlewares/error-handler';
export * from './middlewares/json-body';
export * from './middlewares/request-logger';
export * from './middlewares/not-found';
export * from './middlewares/require-auth';
export * from './middlewares/session';
export * from './middlewares/validate-request';

export * from './logger';
export * from './keyed-lock';

export * from './service/health-router';

export * from './validators/ticket-rules';
export * from './validators/user-rules';
export * from './validators/ticket-fields';
export * from './validators/user-fields';

export * from './service/jwt-key';
export * from './service/require-env';
export * from './service/serve';
export * from './service/create-app';
export * from './service/run-service';

// The event contracts: what a consumer of an event imports.
export * from './events/base-event';
export * from './events/subjects';
export * from './events/ticket-event-data';
export * from './events/ticket-created-event';
export * from './events/ticket-updated-event';
export * from './events/dead-letter-event';

// The NATS Streaming machinery that carries them.
export * from './nats/base-publisher';
export * from './nats/base-listener';
export * from './nats/versioned-listener';
export * from './nats/dead-letter-publisher';
export * from './nats/nats-wrapper';
export * from './nats/nats-supervisor';
