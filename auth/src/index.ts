import mongoose from 'mongoose';
import { checkJwtKeyStrength, requireEnv, runService } from '@ticketing/common';
import { app } from './app';
import { User } from './models/user';
import { authLimits } from './limits';
import { jwtExpiresIn } from './services/user-jwt';

runService({
  name: 'auth',
  app,
  start: async () => {
    const env = requireEnv(['JWT_KEY', 'MONGO_URI']);
    checkJwtKeyStrength();
    // Fail now on a malformed JWT_EXPIRES_IN or limit rather than with a 500 on the first signup.
    jwtExpiresIn();
    authLimits();
    await mongoose.connect(env.MONGO_URI);
    // The unique email index must exist before serving, or concurrent duplicate signups could both succeed.
    await User.init();
  },
  stop: () => mongoose.disconnect(),
}).then((code) => process.exit(code));
