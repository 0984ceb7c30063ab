import mongoose from 'mongoose';
import { createApp } from '@ticketing/common';
import { nats } from './nats';
import { indexTicketRouter } from './routes/index';
import { createTicketRouter } from './routes/new';
import { showTicketRouter } from './routes/show';
import { updateTicketRouter } from './routes/update';

// createApp serves healthz/readyz before these routers, or GET /api/tickets/:id would take /api/tickets/healthz.
const app = createApp({
  healthPrefix: '/api/tickets',
  readiness: {
    mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected,
    nats: () => nats.isConnected,
  },
  routers: [createTicketRouter, indexTicketRouter, showTicketRouter, updateTicketRouter],
});

export { app };
