export * from './mongo';
export * from './nats';
export * from './ports';
export * from './process';
export * from './paths';
export { ensureGoBinary } from './go-build';
export { testDatabaseUri, testNats } from './jest/database';
