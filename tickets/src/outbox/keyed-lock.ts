/**
 * Runs async tasks one at a time per key, in call order; tasks on different keys run freely.
 *
 * Why: FerretDB v1 (the MongoDB-compatible server the tests and the local stack run on)
 * applies an update as read-modify-write without isolation between connections, so two
 * concurrent conditional updates of one document can both report a match while the later
 * write silently overwrites the earlier one (losing an optimistic-concurrency check, a `$push`
 * or a `$pop`). Serializing this process's writes to a document restores single-document
 * atomicity for one replica; on MongoDB, where updates are atomic, it only costs ordering.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget the key once idle, so the map does not grow with every ticket ever written.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
