import { ensureGoBinary } from './go-build';
import { ferretDbBinary } from './mongo';
import { natsStreamingBinary } from './nats';

/** `npm run servers`: builds whatever server binaries are missing, so a test run need not. */
const [command] = process.argv.slice(2);
if (command !== 'provision') {
  process.stderr.write('usage: tsx src/cli.ts provision\n');
  process.exit(2);
}
for (const bin of [natsStreamingBinary, ferretDbBinary]) {
  process.stdout.write(`[servers] ${bin.name}: ${ensureGoBinary(bin).source}\n`);
}
