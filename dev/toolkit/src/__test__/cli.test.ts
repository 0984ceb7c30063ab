import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

// A Go toolchain that fails if anything tries to build, and an empty cache.
let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'toolkit-cli-'));
  fs.writeFileSync(path.join(scratch, 'go'), '#!/bin/sh\necho "go was run" >&2\nexit 1\n', { mode: 0o755 });
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** `npm run servers` with the scratch folder first on PATH and as the cache, and these variables. */
const provision = (env: Record<string, string>) => {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['MONGO_URI', 'NATS_URL']) delete base[name];
  const run = spawnSync(
    process.execPath,
    [require.resolve('tsx/cli'), path.join(__dirname, '..', 'cli.ts'), 'provision'],
    {
      encoding: 'utf8',
      env: { ...base, PATH: `${scratch}${path.delimiter}${process.env.PATH}`, TICKETING_CACHE_DIR: scratch, ...env },
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
};

it('npm run servers builds nothing for a server the environment points at, and finds nats-server (JetStream) on PATH', () => {
  fs.writeFileSync(path.join(scratch, 'nats-server'), '#!/bin/sh\n', { mode: 0o755 });
  expect(
    provision({
      MONGO_URI: 'mongodb://127.0.0.1:1',
      NATS_URL: 'nats://127.0.0.1:1',
    }),
  ).toEqual({
    status: 0,
    stdout:
      '[servers] nats-streaming-server: not needed: NATS_URL points at a running server\n' +
      `[servers] nats-server: ${path.join(scratch, 'nats-server')} (PATH)\n` +
      '[servers] ferretdb: not needed: MONGO_URI points at a running server\n',
    stderr: '',
  });
});
