import { ChildProcess } from 'child_process';
import { poll } from '../poll';
import { spawnGroup } from '../process';

export interface ServiceProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * Resolves once the output contains `text`; rejects, with the output, if the process exits
   * first or `timeoutMs` passes. A log line rather than an open port: under parallel test load
   * another process may take a port freePort() gave out.
   */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
}

export interface ServiceProcessOptions {
  /** The service's folder: `src/index.ts` is run from there. */
  dir: string;
  /** Variables for the process, over the test process's own. */
  env: Record<string, string>;
  /** Variables of the test process the service must not inherit (so a test controls them). */
  unset?: readonly string[];
}

const running = new Set<ChildProcess>();

/** Runs a service's `src/index.ts` as in production, but through tsx so no build is needed. */
export const spawnService = ({ dir, env, unset = [] }: ServiceProcessOptions): ServiceProcess => {
  const baseEnv = { ...process.env };
  for (const name of unset) delete baseEnv[name];
  // A group of its own, stopped with the test process however that ends.
  const child = spawnGroup(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: dir,
    env: { ...baseEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );

  const waitForOutput = (text: string, timeoutMs = 20_000): Promise<void> =>
    poll(`the service logged "${text}"`, async () => output.includes(text), {
      timeoutMs,
      intervalMs: 25,
      exited: exited.then((code) => `The service exited (${code ?? child.signalCode})`),
    }).then(
      () => undefined,
      (err: Error) => {
        throw new Error(`${err.message}:\n${output}`);
      },
    );

  return { child, output: () => output, exited, waitForOutput };
};

/** Kills every service process still running, e.g. after a failed test (call it in afterEach). */
export const killServices = async (): Promise<void> => {
  const exits = [...running].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of running) child.kill('SIGKILL');
  await Promise.all(exits);
};
