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
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

const app = express();
// Behind the ingress: trust X-Forwarded-Proto so req.secure (and the cookie's `secure` flag) reflect HTTPS.
app.set('trust proxy', true);

// First, so every request is logged once, including those the body parser rejects.
app.use(requestLogger);
app.use(jsonBody);
app.use(session());
app.use(currentUser);

app.use(currentUserRouter);
app.use(signinRouter);
app.use(signoutRouter);
app.use(signupRouter);
app.use(healthRouter('/api/users', { mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected }));

app.use(notFound);
app.use(errorHandler);

export { app };
