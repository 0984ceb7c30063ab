import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Worker } from 'worker_threads';
import { binDir, cacheDir } from './paths';

export interface GoBinary {
  /** Name of the executable, also looked up on PATH. */
  name: string;
  module: string;
  version: string;
  /** Package inside the module to build, e.g. "." or "./cmd/ferretdb". */
  pkg: string;
  /** The variable that points the project at an existing server instead, where one can. */
  envHint?: string;
  /** Runs in a writable copy of the module source before `go build`. */
  prepare?: (srcDir: string) => void;
}

const onPath = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this PATH entry
    }
  }
  return undefined;
};

const cachedPath = (bin: GoBinary): string => path.join(binDir, `${bin.name}-${bin.version}`);

const seconds = (since: number): string => `${Math.round((Date.now() - since) / 1000)} s`;

// The ticker's whole program: it runs in a worker thread because the build blocks this one.
const TICKER = `
const { writeSync } = require('fs');
const { workerData: { line, started, everyMs } } = require('worker_threads');
setInterval(() => writeSync(2, line + ' (' + Math.round((Date.now() - started) / 1000) + ' s)\\n'), everyMs);
`;

/** Runs a synchronous step, printing `line` with the time taken so far every `everyMs` until it ends. */
const withTicker = <T>(line: string, everyMs: number, step: () => T): T => {
  const ticker = new Worker(TICKER, { eval: true, workerData: { line, started: Date.now(), everyMs } });
  ticker.unref();
  try {
    return step();
  } finally {
    void ticker.terminate();
  }
};

export interface BuildOptions {
  /** How often a build in progress says it still runs. */
  progressEveryMs?: number;
}

/**
 * Finds the binary on PATH or in the project cache, else builds it from the Go module
 * proxy into the cache. Returns the executable's path and where it came from.
 */
export const ensureGoBinary = (
  bin: GoBinary,
  { progressEveryMs = 15_000 }: BuildOptions = {},
): { path: string; source: string } => {
  const fromPath = onPath(bin.name);
  if (fromPath) return { path: fromPath, source: `${fromPath} (PATH)` };

  const target = cachedPath(bin);
  if (fs.existsSync(target)) return { path: target, source: `${target} (cache)` };

  if (!onPath('go')) {
    throw new Error(
      `${bin.name} is not on PATH and the Go toolchain is missing to build it from ` +
        `${bin.module}@${bin.version}. Install Go or put ${bin.name} on PATH` +
        (bin.envHint ? `, or set ${bin.envHint} to a running server.` : '.'),
    );
  }

  const from = `${bin.module}@${bin.version}`;
  const say = (line: string) => process.stderr.write(`[servers] ${bin.name}: ${line}\n`);
  const started = Date.now();
  say(`not on PATH or in ${binDir}: building it from ${from}, once (a few minutes)`);
  say(`downloading ${from}...`);
  const info = withTicker(`[servers] ${bin.name}: still downloading ${from}`, progressEveryMs, () =>
    JSON.parse(
      execFileSync('go', ['mod', 'download', '-json', from], {
        encoding: 'utf8',
        env: { ...process.env, GOFLAGS: '-mod=mod' },
      }),
    ),
  ) as { Dir: string };

  // The module cache is read-only: build from a writable copy.
  const srcDir = path.join(cacheDir, 'src', `${bin.name}-${bin.version}`);
  fs.rmSync(srcDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(srcDir), { recursive: true });
  fs.cpSync(info.Dir, srcDir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', srcDir]);
  bin.prepare?.(srcDir);

  fs.mkdirSync(binDir, { recursive: true });
  const tmp = `${target}.partial`;
  // Go names each dependency it downloads ("go: downloading ..."); compiling is silent but for the ticker.
  say(`building ${bin.pkg} of ${from} (${seconds(started)} so far)...`);
  withTicker(`[servers] ${bin.name}: still building ${bin.pkg} of ${from}`, progressEveryMs, () =>
    execFileSync('go', ['build', '-buildvcs=false', '-o', tmp, bin.pkg], {
      cwd: srcDir,
      stdio: ['ignore', 'inherit', 'inherit'],
    }),
  );
  fs.renameSync(tmp, target);
  fs.rmSync(srcDir, { recursive: true, force: true });
  say(`built in ${seconds(started)}: ${target}`);
  return { path: target, source: `${target} (built from ${bin.module}@${bin.version})` };
};
