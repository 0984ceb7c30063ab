import { ChildProcess, spawn, SpawnOptions } from 'child_process';
import fs from 'fs';
import path from 'path';
import { setTimeout as sleep } from 'timers/promises';

/** Signals a whole process group (a child started by spawnGroup and whatever it spawned). */
export const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
};

/** Whether a signal can reach `target` (signal 0 only checks): a pid, or a process group as -pid. */
const reachable = (target: number): boolean => {
  try {
    process.kill(target, 0);
    return true;
  } catch {
    return false;
  }
};

export const processAlive = (pid: number): boolean => reachable(pid);

export const groupAlive = (pid: number): boolean => reachable(-pid);

/** SIGTERM to the group, SIGKILL to whatever is left after `graceMs`; resolves once it is gone. */
export const stopGroup = async (pid: number, graceMs = 10_000): Promise<void> => {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (!groupAlive(pid)) return;
  signalGroup(pid, 'SIGKILL');
  while (groupAlive(pid) && Date.now() < deadline + 5_000) await sleep(50);
};

/**
 * What identifies a process beyond its pid, which the kernel reuses: its start time (in clock
 * ticks since boot) and command line, from /proc. Undefined when the process is gone, or where
 * there is no /proc (then a leftover is never recognised, so never touched).
 */
interface ProcessIdentity {
  pid: number;
  started: string;
  command: string;
}

const identify = (pid: number): ProcessIdentity | undefined => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name in field 2 may hold spaces, so count from its ')'.
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return started ? { pid, started, command } : undefined;
  } catch {
    return undefined;
  }
};

/** Process groups this process started, with their pid files: stopped when it exits. */
const owned = new Map<number, string | undefined>();
// 'exit' also follows an uncaught exception and process.exit(); only a signal with no handler
// (and SIGKILL) skips it, which is what pid files are for.
process.once('exit', () => owned.forEach((_file, pid) => signalGroup(pid, 'SIGTERM')));

const removePidFile = (file: string, pid: number) => {
  try {
    if ((JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessIdentity).pid === pid) fs.rmSync(file);
  } catch {
    // already gone or replaced
  }
};

export interface GroupOptions extends Omit<SpawnOptions, 'detached'> {
  /**
   * Records the process here (pid, start time, command line) while it runs, so that a later run
   * can stop it with stopLeftovers() if this process is killed before it can.
   */
  pidFile?: string;
}

/**
 * Spawns a child in its own process group: a terminal's Ctrl-C reaches only us (we stop children
 * in order), and stopping the group also stops whatever the child spawned. The group is
 * signalled when the child exits (nothing it spawned may hold its port) and when we exit.
 */
export const spawnGroup = (command: string, args: string[], { pidFile, ...options }: GroupOptions): ChildProcess => {
  const child = spawn(command, args, { ...options, detached: true });
  const pid = child.pid;
  if (!pid) return child;
  owned.set(pid, pidFile);
  const identity = pidFile && identify(pid);
  if (pidFile && identity) {
    fs.mkdirSync(path.dirname(pidFile), { recursive: true });
    fs.writeFileSync(pidFile, JSON.stringify(identity));
  }
  child.once('exit', () => {
    owned.delete(pid);
    signalGroup(pid, 'SIGTERM');
    if (pidFile) removePidFile(pidFile, pid);
  });
  return child;
};

/**
 * Stops the processes that the pid files under `dir` (searched two levels deep) record, where each
 * is still the process that wrote it (same start time and command line): the servers a previous
 * run left behind when it was killed outright. Stale pid files are deleted; anything else is
 * never touched. Resolves with one description per process stopped.
 */
export const stopLeftovers = async (dir: string, graceMs = 10_000): Promise<string[]> => {
  const files = (depth: number, folder: string): string[] =>
    fs.existsSync(folder)
      ? fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
          const full = path.join(folder, entry.name);
          if (entry.isDirectory()) return depth > 0 ? files(depth - 1, full) : [];
          return entry.name.endsWith('.pid') ? [full] : [];
        })
      : [];
  const stopped: string[] = [];
  await Promise.all(
    files(2, dir).map(async (file) => {
      let recorded: ProcessIdentity | undefined;
      try {
        recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as ProcessIdentity;
      } catch {
        // unreadable: not one of ours
      }
      const current = recorded && identify(recorded.pid);
      if (recorded && current && current.started === recorded.started && current.command === recorded.command) {
        await stopGroup(recorded.pid, graceMs);
        stopped.push(`${path.basename(file, '.pid')} (pid ${recorded.pid})`);
      }
      fs.rmSync(file, { force: true });
    }),
  );
  return stopped;
};

export interface RunningProcess {
  child: ChildProcess;
  logFile: string;
  /** Settles once the process has exited, with how: "exited with code 1", "was killed by SIGKILL". */
  exited: Promise<string>;
  /** Resolves once the process has exited (SIGTERM to its group first, SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  cwd?: string;
  /** The whole environment (default: ours). */
  env?: NodeJS.ProcessEnv;
  pidFile?: string;
}

/** Starts a server process in its own group, with its output appended to `logFile`. */
export const startProcess = (
  command: string,
  args: string[],
  logFile: string,
  { cwd, env, pidFile }: StartProcessOptions = {},
): RunningProcess => {
  const log = fs.openSync(logFile, 'a');
  const child = spawnGroup(command, args, { cwd, env, stdio: ['ignore', log, log], pidFile });
  fs.closeSync(log);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.once('error', (err) => {
      fs.appendFileSync(logFile, `\nspawn failed: ${err.message}\n`);
      resolve(`failed to start (${err.message})`);
    });
  });

  return {
    child,
    logFile,
    exited,
    async stop(graceMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      await Promise.all([exited, stopGroup(child.pid, graceMs)]);
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
