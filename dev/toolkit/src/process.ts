import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';

export interface RunningProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves once the process has exited (SIGTERM first, SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a server process with its output appended to `logFile`. */
export const startProcess = (command: string, args: string[], logFile: string): RunningProcess => {
  const log = fs.openSync(logFile, 'a');
  // Its own process group: a Ctrl-C in the terminal reaches the runner, which then stops
  // servers in order, instead of killing them mid-start under it.
  const child = spawn(command, args, { stdio: ['ignore', log, log], detached: true });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('error', (err) => fs.appendFileSync(logFile, `\nspawn failed: ${err.message}\n`));

  return {
    child,
    logFile,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};

/** Last lines of a log, for error messages when a server fails to come up. */
export const tail = (logFile: string, lines = 15): string => {
  try {
    return fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};
