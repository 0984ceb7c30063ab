import type { Mongoose } from 'mongoose';
import { useTestDatabase } from './test-database';

/**
 * For a service's jest setup file (setupFilesAfterEnv): the environment its tests expect and a
 * database of its own. Pass the service's own mongoose, so its models use that database.
 */
export const setupServiceTests = (mongoose: Mongoose): void => {
  process.env.JWT_KEY = 'test-jwt-key';
  // Before the test file imports the app (and so common's logger): one JSON line per request would drown jest's output.
  process.env.LOG_LEVEL ??= 'silent';
  useTestDatabase(mongoose);
};
