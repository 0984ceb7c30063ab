import mongoose from 'mongoose';
import { createApp } from '@ticketing/common';
import { addCurrentUserRoute } from './routes/current-user';
import { addSigninRoute } from './routes/signin';
import { addSignoutRoute } from './routes/signout';
import { addSignupRoute } from './routes/signup';

const app = createApp({
  healthPrefix: '/api/users',
  // Ready means "can serve requests": signup and signin cannot without the users database, and
  // auth has nothing else to wait for (it publishes no events), so the database alone decides.
  // A replica that lost it leaves the Service, and its traffic goes to one that has it.
  readiness: { mongo: () => mongoose.connection.readyState === mongoose.ConnectionStates.connected },
  routes: [addCurrentUserRoute, addSigninRoute, addSignoutRoute, addSignupRoute],
});

export { app };
