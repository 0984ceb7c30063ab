import mongoose from 'mongoose';
import { createApp } from '@ticketing/common';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

const app = createApp({
  healthPrefix: '/api/users',
  readiness: { mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected },
  routers: [currentUserRouter, signinRouter, signoutRouter, signupRouter],
});

export { app };
