import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

it('npm run servers builds nothing for a server the environment already points at', () => {
  // A Go toolchain that fails if anything tries to build, and an empty cache.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'toolkit-cli-'));
  fs.writeFileSync(path.join(scratch, 'go'), '#!/bin/sh\necho "go was run" >&2\nexit 1\n', { mode: 0o755 });
  try {
    const run = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(__dirname, '..', 'cli.ts'), 'provision'],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${scratch}${path.delimiter}${process.env.PATH}`,
          TICKETING_CACHE_DIR: scratch,
          MONGO_URI: 'mongodb://127.0.0.1:1',
          NATS_URL: 'nats://127.0.0.1:1',
          JETSTREAM_URL: 'nats://127.0.0.1:2',
        },
      },
    );
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout:
        '[servers] nats-streaming-server: not needed: NATS_URL points at a running server\n' +
        '[servers] nats-server: not needed: JETSTREAM_URL points at a running server\n' +
        '[servers] ferretdb: not needed: MONGO_URI points at a running server\n',
      stderr: '',
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
