import { TooManyRequestsError } from '@ticketing/common';

/**
 * At most `concurrency` tasks at once; up to `queueLimit` more wait their turn in order, and
 * any beyond that are refused with a 429 at once. Password hashing runs through one of these,
 * so a flood of signins queues (bounded) or is turned away instead of taking every core from
 * the requests that need no hash, such as currentuser.
 */
export class HashSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running += 1;
    } else if (this.waiting.length < this.queueLimit) {
      // The slot is handed over by the task that finishes, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      throw new TooManyRequestsError('The server is busy, try again shortly', 1);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
