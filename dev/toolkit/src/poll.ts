import { setTimeout as sleep } from 'timers/promises';

/** One way to wait for something to come up, for every dev tool and test helper. */

export interface PollOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between attempts. Default 100 ms. */
  intervalMs?: number;
  /** Gives up waiting (e.g. Ctrl-C during start-up). */
  signal?: AbortSignal;
  /** Settles, with a description, when the process behind it exits: waiting longer is pointless. */
  exited?: Promise<string>;
}

/**
 * Calls `attempt` until it returns something truthy, and resolves with that. An attempt that
 * throws counts as "not yet"; its message is kept for the timeout error, which reads
 * `<what> after <n> s (last: <message>)`.
 */
export const poll = async <T>(
  what: string,
  attempt: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, intervalMs = 100, signal, exited }: PollOptions = {},
): Promise<T> => {
  let exit: string | undefined;
  void exited?.then((description) => (exit = description));
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt finished';
  for (;;) {
    if (exit !== undefined) throw new Error(`${exit} before ${what}`);
    signal?.throwIfAborted();
    try {
      const result = await attempt();
      if (result) return result;
      last = 'not yet';
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) throw new Error(`${what} after ${timeoutMs / 1000} s (last: ${last})`);
    await sleep(intervalMs);
  }
};

export interface HttpPollOptions extends PollOptions {
  /** Which status means ready. Default: 200. */
  isReady?: (status: number) => boolean;
  headers?: Record<string, string>;
}

/** Polls `url` until it answers a status `isReady` accepts. */
export const waitForHttp = (
  url: string,
  { isReady = (status) => status === 200, headers, ...options }: HttpPollOptions = {},
): Promise<void> => {
  // One slow answer (a dev server compiling the page) may take what is left of the wait.
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  return poll(
    `${url} was ready`,
    async () => {
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) });
      await res.arrayBuffer();
      if (!isReady(res.status)) throw new Error(`status ${res.status}`);
      return true;
    },
    options,
  ).then(() => undefined);
};
