import express from 'express';
import 'express-async-errors';
import mongoose from 'mongoose';
import {
  currentUser,
  errorHandler,
  healthRouter,
  jsonBody,
  notFound,
  requestLogger,
  session,
} from '@ticketing/common';
import { natsConnection } from './events/nats-connection';
import { indexTicketRouter } from './routes/index';
import { createTicketRouter } from './routes/new';
import { showTicketRouter } from './routes/show';
import { updateTicketRouter } from './routes/update';

const app = express();
// Behind the ingress: trust X-Forwarded-Proto so req.secure (and the cookie's `secure` flag) reflect HTTPS.
app.set('trust proxy', true);

// First, so every request is logged once, including those the body parser rejects.
app.use(requestLogger);
app.use(jsonBody);
app.use(session());
app.use(currentUser);

// Before the ticket routes, or GET /api/tickets/:id would take /api/tickets/healthz.
app.use(
  healthRouter('/api/tickets', {
    mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected,
    nats: () => natsConnection.isConnected,
  }),
);
app.use(createTicketRouter);
app.use(indexTicketRouter);
app.use(showTicketRouter);
app.use(updateTicketRouter);

app.use(notFound);
app.use(errorHandler);

export { app };
