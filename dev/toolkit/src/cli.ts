import { ensureGoBinary, GoBinary } from './go-build';
import { ferretDbBinary, mongodAvailable } from './mongo';
import { natsServerBinary, natsStreamingBinary } from './nats';

/**
 * `npm run servers`: builds the server binaries this machine lacks, so a test run need not.
 * A server the environment already points at (MONGO_URI, NATS_URL) needs no binary, and
 * FerretDB is only the stand-in for a mongod that cannot be had. nats-server is always provided:
 * the JetStream tests and `npm run dev -- --transport jetstream` start their own.
 */
const [command] = process.argv.slice(2);
if (command !== 'provision') {
  process.stderr.write('usage: tsx src/cli.ts provision\n');
  process.exit(2);
}

const provision = async (bin: GoBinary): Promise<string> => {
  if (bin.envHint && process.env[bin.envHint]) return `not needed: ${bin.envHint} points at a running server`;
  if (bin === ferretDbBinary && (await mongodAvailable())) return 'not needed: mongod (mongodb-memory-server) is used';
  return ensureGoBinary(bin).source;
};

const main = async () => {
  for (const bin of [natsStreamingBinary, natsServerBinary, ferretDbBinary]) {
    process.stdout.write(`[servers] ${bin.name}: ${await provision(bin)}\n`);
  }
};
main().catch((err: unknown) => {
  process.stderr.write(`[servers] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
