import mongoose from 'mongoose';
import { createApp } from '@ticketing/common';
import { nats } from './nats';
import { ticketRelay } from './outbox/ticket-relay';
import { addIndexTicketRoute } from './routes/index';
import { addCreateTicketRoute } from './routes/new';
import { addShowTicketRoute } from './routes/show';
import { addUpdateTicketRoute } from './routes/update';

// createApp serves healthz/readyz before these routes, or GET /api/tickets/:id would take /api/tickets/healthz.
const app = createApp({
  healthPrefix: '/api/tickets',
  // Ready means "can serve requests": every route needs the tickets database, and none needs the
  // broker, since writes leave their events in the outbox until it is back. So the database alone
  // decides; a broker outage must not pull every pod out of the Service. What operators need to
  // see of the broker is reported beside it (and its comings and goings are logged).
  readiness: {
    mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected,
  },
  status: {
    broker: () => ({ connected: nats.isConnected }),
    outbox: () => ticketRelay.backlog(),
  },
  routes: [addCreateTicketRoute, addIndexTicketRoute, addShowTicketRoute, addUpdateTicketRoute],
});

export { app };
