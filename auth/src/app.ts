import mongoose from 'mongoose';
import { createApp } from '@ticketing/common';
import { currentUserRouter } from './routes/current-user';
import { signinRouter } from './routes/signin';
import { signoutRouter } from './routes/signout';
import { signupRouter } from './routes/signup';

const app = createApp({
  healthPrefix: '/api/users',
  // Ready means "can serve requests": signup and signin cannot without the users database, and
  // auth has nothing else to wait for (it publishes no events), so the database alone decides.
  // A replica that lost it leaves the Service, and its traffic goes to one that has it.
  readiness: { mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected },
  routers: [currentUserRouter, signinRouter, signoutRouter, signupRouter],
});

export { app };
