import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { KeyStore, queueMigrations } from '@kelisim/queue';
import { dropDatabase } from '@kelisim/testing';
import { PostgresKeyStore } from '../../libs/shared/queue/src/key-store/postgres-key-store.js';
import { RedisKeyStore } from '../../libs/shared/queue/src/key-store/redis-key-store.js';

/** The KeyStore port's promises, held by both stores: Redis and PostgreSQL (kelisim_keys). */
const stores: [string, () => Promise<{ store: KeyStore; close(): Promise<void> }>][] = [
  [
    'redis',
    async () => {
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0');
      return { store: new RedisKeyStore(redis), close: async () => void (await redis.quit()) };
    },
  ],
  [
    'postgres',
    async () => {
      const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
      const name = `kelisim_test_keys_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      url.pathname = `/${name}`;
      const dataSource = await new DataSource({ type: 'postgres', url: url.toString(), migrations: queueMigrations }).initialize();
      await dataSource.runMigrations();
      return {
        store: new PostgresKeyStore(dataSource),
        close: async () => {
          await dataSource.destroy();
          await dropDatabase(url.toString());
        },
      };
    },
  ],
];

describe.each(stores)('KeyStore on %s', (_, open) => {
  let opened: { store: KeyStore; close(): Promise<void> };
  const key = (name: string) => `kt_keys_${randomBytes(4).toString('hex')}:${name}`;

  beforeAll(async () => {
    opened = await open();
  }, 180_000);
  afterAll(() => opened.close());

  it('Increment_FortyInParallel_EachSeesADifferentCount', async () => {
    const counter = key('parallel');
    const answers = await Promise.all(Array.from({ length: 40 }, () => opened.store.increment([counter], 60)));
    expect(answers.map(([count]) => count.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const [read] = await opened.store.read([counter]);
    expect(read.count).toBe(40);
    expect(read.ttlSeconds).toBeGreaterThan(0);
    expect(read.ttlSeconds).toBeLessThanOrEqual(60);
  });

  it('Increment_OfSeveralKeys_StartsTheirWindowsOnce', async () => {
    const [a, b] = [key('a'), key('b')];
    await opened.store.increment([a, b], 60);
    const [ra, rb] = await opened.store.increment([a, b], 3600);
    expect([ra.count, rb.count]).toEqual([2, 2]);
    expect(ra.ttlSeconds).toBeLessThanOrEqual(60);
  });

  it('Decrement_TakesOneBack_NeverBelowZero_NorCreatesAKey', async () => {
    const [live, absent] = [key('live'), key('absent')];
    await opened.store.increment([live], 60);
    await opened.store.increment([live], 60);
    await opened.store.decrement([live, absent]);
    await opened.store.decrement([live]);
    await opened.store.decrement([live]);
    const [readLive, readAbsent] = await opened.store.read([live, absent]);
    expect(readLive.count).toBe(0);
    expect(readAbsent).toEqual({ count: 0, ttlSeconds: 0 });
    const [again] = await opened.store.increment([live], 60);
    expect(again.count).toBe(1);
    expect(again.ttlSeconds).toBeGreaterThan(0);
  });
});
