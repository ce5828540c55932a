/**
 * Serializes work on the same keys within this process: a call waits for every earlier call that
 * holds one of its keys. Acquisition is synchronous, so each caller only ever waits on callers
 * that came before it, and no two can wait on each other.
 */
export class KeyedLock {
  readonly #held = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)];
    const earlier = unique
      .map((key) => this.#held.get(key))
      .filter((p): p is Promise<void> => p !== undefined);
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of unique) this.#held.set(key, mine);
    try {
      await Promise.all(earlier);
      return await work();
    } finally {
      release();
      for (const key of unique) if (this.#held.get(key) === mine) this.#held.delete(key);
    }
  }

  /** Keys held or waited on now. */
  get size(): number {
    return this.#held.size;
  }
}
