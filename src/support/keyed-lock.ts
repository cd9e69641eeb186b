import type { Lock } from "./lock.js";

/**
 * Runs tasks with the same key one after another within this process, so two deliveries about
 * one incident never interleave here. Across processes the post-create check takes over.
 */
export class KeyedLock implements Lock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(task);
    this.tails.set(key, current);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === current) this.tails.delete(key);
    }
  }
}
