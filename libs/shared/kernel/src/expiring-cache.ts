/** A small cache whose entries live a few seconds: for lookups that change rarely and are read often. */
export class ExpiringCache<T> {
  private readonly entries = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.until > performance.now()) return hit.value;
    const value = await load();
    this.set(key, value);
    return value;
  }

  /** The live entry, if any. */
  peek(key: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && hit.until > performance.now() ? hit.value : undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  set(key: string, value: T): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: performance.now() + this.ttlMs });
  }
}
