import fs from 'fs';
import { setTimeout as sleep } from 'timers/promises';

// Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process (all its threads) has used so far, or undefined once it is gone. */
export const cpuSeconds = (pid: number): number | undefined => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
};

/** Resident set size in bytes (VmRSS), or undefined once the process is gone. */
export const rssBytes = (pid: number): number | undefined => {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
};

/** The process whose command line contains `fragment` (for servers whose handle hides the pid). */
export const findPid = (fragment: string): number | undefined => {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(fragment)) return Number(entry);
    } catch {
      // exited meanwhile
    }
  }
  return undefined;
};

/** Samples RSS of some processes every `intervalMs` and keeps each one's peak. */
export class RssPeaks {
  private readonly peaks = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: number[]) {}

  start(intervalMs = 200): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    // A sampler must never be what keeps the run alive (e.g. after a suite failed).
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  peakMb(pid: number): number {
    return (this.peaks.get(pid) ?? 0) / 2 ** 20;
  }

  private sample(): void {
    for (const pid of this.pids) {
      const rss = rssBytes(pid);
      if (rss !== undefined && rss > (this.peaks.get(pid) ?? 0)) this.peaks.set(pid, rss);
    }
  }
}

export const rssMb = (pid: number): number => (rssBytes(pid) ?? 0) / 2 ** 20;

/**
 * Waits until a process uses less than `below` of a core over `windowMs`, at most `timeoutMs`.
 * A load run that ends leaves requests in flight on the server (a signin's scrypt cannot be
 * cancelled): the next round must not pay for them.
 */
export const waitUntilIdle = async (pid: number, below = 0.1, windowMs = 100, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const before = cpuSeconds(pid);
    await sleep(windowMs);
    const after = cpuSeconds(pid);
    if (before === undefined || after === undefined || (after - before) / (windowMs / 1000) < below) return;
  }
};
