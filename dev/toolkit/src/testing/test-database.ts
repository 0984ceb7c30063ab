import type { Mongoose } from 'mongoose';
import { testDatabaseUri } from '../jest/database';

const isConnected = (mongoose: Mongoose) => mongoose.connection.readyState === mongoose.ConnectionStates.connected;

/**
 * For a jest setup file: connects the service's `mongoose` to a database of its own for the
 * test file (on the run's real server), waits for every model's indexes (a unique index must
 * exist before a test relies on it), empties the collections before each test, and drops the
 * database after the file. The service passes its own mongoose, so its models are the ones used.
 */
export const useTestDatabase = (mongoose: Mongoose): void => {
  beforeAll(async () => {
    await mongoose.connect(testDatabaseUri());
    await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  });

  beforeEach(async () => {
    // Tests of an unreachable database disconnect on purpose: nothing to clear then.
    if (!isConnected(mongoose)) return;
    const collections = await mongoose.connection.db!.collections();
    for (const collection of collections) {
      await collection.deleteMany({});
    }
  });

  afterAll(async () => {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  });
};

/**
 * For a describe block: the test database is unreachable during its tests (the connection is
 * closed), and queries fail after `bufferTimeoutMS` instead of waiting 10 s; reconnected after.
 */
export const withDatabaseDisconnected = (mongoose: Mongoose, bufferTimeoutMS = 300): void => {
  let uri: string;

  beforeAll(async () => {
    const { host, port, name } = mongoose.connection;
    uri = `mongodb://${host}:${port}/${name}`;
    await mongoose.disconnect();
    mongoose.set('bufferTimeoutMS', bufferTimeoutMS);
  });

  afterAll(async () => {
    mongoose.set('bufferTimeoutMS', 10_000);
    await mongoose.connect(uri);
  });
};
