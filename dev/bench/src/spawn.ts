import fs from 'fs';
import path from 'path';
import { pathToFileURL } from 'url';
import { freePort, startProcess, tail, waitForHttp } from '@ticketing/toolkit';

const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

export interface NodeProcessOptions {
  name: string;
  /** A .ts entry point, run through tsx as the local stack runs the services; or, with `args`, any Node program. */
  script?: string;
  args?: string[];
  cwd: string;
  env: Record<string, string>;
  /** Polled until it answers 200. */
  readyUrl: string;
  logDir: string;
  /** Write V8 CPU profiles into this (new) folder when the process exits. */
  cpuProfDir?: string;
}

export interface NodeProcess {
  name: string;
  pid: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * The main thread's profile among those `--cpu-prof` wrote. Node names them
 * CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile, and tsx's module hooks run in a
 * second thread with a profile of its own: the main thread is thread 0.
 */
export const mainThreadProfile = (dir: string): string => {
  const main = fs.readdirSync(dir).find((name) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  if (!main) throw new Error(`No main-thread CPU profile in ${dir}`);
  return path.join(dir, main);
};

/** Starts a Node service or floor with its output in a log file; resolves once it is ready. */
export const startNode = async (options: NodeProcessOptions): Promise<NodeProcess> => {
  const logFile = path.join(options.logDir, `${options.name}.log`);
  if (options.cpuProfDir) fs.mkdirSync(options.cpuProfDir, { recursive: true });
  const profiling = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const entry = options.script ? ['--import', tsxLoader, options.script] : [];
  const proc = startProcess(process.execPath, [...profiling, ...entry, ...(options.args ?? [])], logFile, {
    cwd: options.cwd,
    // No TTY and no colours: output goes to a file, as a container runtime would take it.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', ...options.env },
  });
  const stop = (graceMs = 10_000) => proc.stop(graceMs);
  try {
    await waitForHttp(options.readyUrl, { timeoutMs: 60_000, exited: proc.exited });
  } catch (err) {
    await stop(1000);
    throw new Error(`${options.name} did not become ready (${(err as Error).message}). Log:\n${tail(logFile)}`);
  }
  return { name: options.name, pid: proc.child.pid!, logFile, stop };
};

/** `startNode` on a free port (passed as PORT), ready once `readyPath` answers; with its base URL. */
export const startOnFreePort = async ({
  readyPath,
  ...options
}: Omit<NodeProcessOptions, 'readyUrl'> & { readyPath: string }): Promise<NodeProcess & { base: string }> => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = await startNode({
    ...options,
    env: { ...options.env, PORT: String(port) },
    readyUrl: `${base}${readyPath}`,
  });
  return { ...proc, base };
};

/** A floor server from src/floors/<name>-floor.ts. */
export const startFloor = (
  name: 'auth' | 'tickets' | 'client',
  cwd: string,
  env: Record<string, string>,
  logDir: string,
) =>
  startOnFreePort({
    name: `${name}-floor`,
    script: path.join(__dirname, 'floors', `${name}-floor.ts`),
    cwd,
    env,
    readyPath: '/healthz',
    logDir,
  });
