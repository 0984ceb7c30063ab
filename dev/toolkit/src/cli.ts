import { ensureGoBinary } from './go-build';
import { ferretDbBinary } from './mongo';
import { natsStreamingBinary } from './nats';

/**
 * `npm run servers`: builds the server binaries this machine lacks, so a test run need not.
 * A server the environment already points at (MONGO_URI, NATS_URL) needs no binary.
 */
const [command] = process.argv.slice(2);
if (command !== 'provision') {
  process.stderr.write('usage: tsx src/cli.ts provision\n');
  process.exit(2);
}
for (const bin of [natsStreamingBinary, ferretDbBinary]) {
  const source = process.env[bin.envHint]
    ? `not needed: ${bin.envHint} points at a running server`
    : ensureGoBinary(bin).source;
  process.stdout.write(`[servers] ${bin.name}: ${source}\n`);
}
