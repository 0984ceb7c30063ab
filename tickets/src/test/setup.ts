import mongoose from 'mongoose';
import { testDatabaseUri } from '@ticketing/servers';

process.env.JWT_KEY = 'test-jwt-key';
// Before the test file imports the app (and so common's logger): one JSON line per request would drown jest's output.
process.env.LOG_LEVEL ??= 'silent';

beforeAll(async () => {
  // A database of its own per test file, on the real server the jest preset started.
  await mongoose.connect(testDatabaseUri());
});

beforeEach(async () => {
  // Tests of an unreachable database disconnect on purpose: nothing to clear then.
  if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return;
  const collections = await mongoose.connection.db!.collections();
  for (const collection of collections) {
    await collection.deleteMany({});
  }
});

afterAll(async () => {
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});
