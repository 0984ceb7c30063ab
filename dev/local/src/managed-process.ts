import { ChildProcess } from 'child_process';
import fs from 'fs';
import readline from 'readline';
import { spawnGroup, stopGroup } from '@ticketing/toolkit';

export interface ExitInfo {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives every line the process writes, stdout and stderr alike. */
  output: (name: string, line: string) => void;
  /** Folders whose source changes restart the process (watch mode). */
  watch?: string[];
  /** Records the running process for stopLeftovers() (see spawnGroup). */
  pidFile?: string;
  /** Called when the process exits without having been asked to stop. */
  onUnexpectedExit?: (info: ExitInfo) => void;
}

// Source files whose change should restart a service; tests and editor droppings should not.
const isSourceChange = (file: string) => /\.(ts|tsx|js|json)$/.test(file) && !/(^|\/)__test__\//.test(file);

/**
 * A child process in its own process group, so that stopping it also stops whatever it
 * spawned (Next's workers) and a terminal's Ctrl-C reaches only us: we stop the children
 * in order. Output is split into lines for prefixing. In watch mode a change in a watched
 * folder restarts it, and a crashed process is restarted by the next change.
 */
export class ManagedProcess {
  private child?: ChildProcess;
  private exited?: Promise<ExitInfo>;
  private stopping = false;
  private watchers: fs.FSWatcher[] = [];
  private restartTimer?: NodeJS.Timeout;

  constructor(private readonly options: ManagedProcessOptions) {}

  get name() {
    return this.options.name;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.child) return;
    this.stopping = false;
    const { name, command, args, cwd, env, output, pidFile } = this.options;
    const child = spawnGroup(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], pidFile });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => output(name, line));
    }
    this.exited = new Promise((resolve) => {
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.child === child) this.child = undefined;
        const info = { name, code, signal };
        if (!this.stopping) this.options.onUnexpectedExit?.(info);
        resolve(info);
      };
      child.once('exit', finish);
      child.once('error', (err) => {
        output(name, `failed to start: ${err.message}`);
        finish(null, null);
      });
    });
    this.startWatching();
  }

  /** Resolves with how the current process exited (for start-up checks). */
  whenExited(): Promise<ExitInfo> | undefined {
    return this.exited;
  }

  /** SIGTERM to the whole group; SIGKILL to what is left after `graceMs`. Also stops watching. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopWatching();
    await this.terminate(graceMs);
  }

  async restart(): Promise<void> {
    await this.terminate();
    this.start();
  }

  private async terminate(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    this.stopping = true;
    await Promise.all([this.exited, stopGroup(child.pid, graceMs)]);
  }

  private startWatching() {
    if (!this.options.watch || this.watchers.length) return;
    for (const dir of this.options.watch) {
      if (!fs.existsSync(dir)) continue;
      const watcher = fs.watch(dir, { recursive: true }, (_event, file) => {
        if (file && isSourceChange(String(file))) this.scheduleRestart(String(file));
      });
      // A watched folder deleted or renamed: say so; the process itself keeps running.
      watcher.on('error', (err) => this.options.output('dev', `${this.name}: stopped watching ${dir}: ${err.message}`));
      this.watchers.push(watcher);
    }
  }

  private stopWatching() {
    clearTimeout(this.restartTimer);
    this.watchers.forEach((watcher) => watcher.close());
    this.watchers = [];
  }

  // Editors and `tsc` write several files at once: restart once they are done.
  private scheduleRestart(file: string) {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.options.output('dev', `${this.name}: ${file} changed, restarting`);
      void this.restart();
    }, 300);
  }
}
