import type { Cluster, Redis } from 'ioredis';
import { KeyStore, type WindowCount } from './key-store.js';

/** The key store on Redis or a Redis Cluster: one key per command or transaction, so any slot serves it. */
export class RedisKeyStore extends KeyStore {
  constructor(private readonly redis: Redis | Cluster) {
    super();
  }

  async increment(keys: readonly string[], windowSeconds: number): Promise<WindowCount[]> {
    return Promise.all(
      keys.map(async (key) => {
        const replies = await this.redis.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
        const [[incrError, count], , [ttlError, ttl]] = replies ?? [];
        if (incrError || ttlError || !replies) throw incrError ?? ttlError ?? new Error(`Redis discarded the increment of ${key}`);
        return { count: Number(count), ttlSeconds: Math.max(Number(ttl), 0) };
      }),
    );
  }

  async decrement(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.redis.eval(DECREMENT_LIVE, 1, key)));
  }

  async read(keys: readonly string[]): Promise<WindowCount[]> {
    return Promise.all(
      keys.map(async (key) => {
        const [count, ttl] = await Promise.all([this.redis.get(key), this.redis.ttl(key)]);
        return { count: Number(count ?? 0), ttlSeconds: Math.max(ttl, 0) };
      }),
    );
  }

  async setIfAbsent(key: string, value: string): Promise<boolean> {
    return (await this.redis.set(key, value, 'NX')) === 'OK';
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}

/** DECR only a live, positive counter: a missing key would otherwise come back as -1 with no expiry. */
const DECREMENT_LIVE = `local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;
