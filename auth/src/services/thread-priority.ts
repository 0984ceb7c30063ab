import { readlinkSync } from 'fs';
import { setPriority } from 'os';

/** The lowest scheduling priority a thread can have (the highest nice value). */
export const LOWEST_PRIORITY = 19;

/** The calling thread's kernel id: Linux links /proc/thread-self to `<pid>/task/<tid>`. Elsewhere, undefined. */
const ownThreadId = (threadSelf: string): number | undefined => {
  try {
    return Number(readlinkSync(threadSelf).split('/').pop());
  } catch {
    return undefined;
  }
};

/**
 * Gives the calling thread, and only it, the lowest scheduling priority, so that any other thread of
 * normal priority that wants the CPU (the event loop) gets it first. On Linux the nice value belongs to
 * a thread and setpriority takes a thread id; raising one's own nice needs no privilege, in a container
 * too. Returns false where it cannot (no /proc/thread-self: not Linux; or the kernel refused): the
 * caller runs on at normal priority. `threadSelf` is for tests.
 */
export const lowerThreadPriority = (threadSelf = '/proc/thread-self'): boolean => {
  const tid = ownThreadId(threadSelf);
  if (tid === undefined || !Number.isSafeInteger(tid)) return false;
  try {
    setPriority(tid, LOWEST_PRIORITY);
    return true;
  } catch {
    return false;
  }
};
