/** A counter of a window: how many, and the seconds until the window ends. */
export interface WindowCount {
  count: number;
  ttlSeconds: number;
}

/**
 * The few keys Kelisim keeps beside its queues, not in its tables: counters with a window (login
 * throttling) and marks set once (the queue store's epoch). Redis or a Redis Cluster when the queues
 * run there (every command touches one key, so a cluster serves them), PostgreSQL when they run on
 * PostgreSQL. The key names carry the installation's prefix.
 */
export abstract class KeyStore {
  /**
   * Adds one to each key; a key that had no live window starts one of `windowSeconds`. Atomic per
   * key: of n parallel calls, each sees a different count (a limit checked on the answer holds).
   */
  abstract increment(keys: readonly string[], windowSeconds: number): Promise<WindowCount[]>;
  /** Takes one back from each key whose window is live, never below zero and leaving the window as it is. */
  abstract decrement(keys: readonly string[]): Promise<void>;
  /** Each key's count and time left; a key with no live window reads 0. */
  abstract read(keys: readonly string[]): Promise<WindowCount[]>;
  /** Sets the key when it is absent; true when this call set it. */
  abstract setIfAbsent(key: string, value: string): Promise<boolean>;
  /** Resolves when the store answers (readiness). */
  abstract ping(): Promise<void>;
}
