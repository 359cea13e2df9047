import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { Redis } from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '@kelisim/config';
import type { Clock } from '@kelisim/kernel';
import { OutboxRelay } from '@kelisim/persistence';
import { createApi } from '../../apps/api/src/bootstrap.js';

export const ADMIN_EMAIL = 'admin@kelisim.test';
export const ADMIN_PASSWORD = 'admin-password-123';
export const PASSWORD = 'user-password-123';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  relay: OutboxRelay;
  redis: Redis;
  adminToken: string;
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

const baseDatabaseUrl = (): URL => new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');

/**
 * Starts the whole platform (API and worker in one process, KELISIM_ROLE=all) against the real
 * PostgreSQL and Redis, in a database and a queue prefix of its own, dropped again by `close()`.
 */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {}): Promise<TestApp> {
  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = baseDatabaseUrl();
  databaseUrl.pathname = `/kelisim_test_${run}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    KELISIM_ROLE: 'all',
    DATABASE_URL: databaseUrl.toString(),
    KELISIM_QUEUE_PREFIX: `kt_${run}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    KELISIM_ADMIN_EMAIL: ADMIN_EMAIL,
    KELISIM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const app = await createApi(config, options.clock);
  const http = request(app.getHttpServer());
  const redis = new Redis(config.redisUrl);
  const login = async (email: string, password = PASSWORD): Promise<string> => {
    const response = await http.post('/api/v1/auth/login').send({ email, password });
    if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.accessToken as string;
  };
  return {
    app,
    config,
    http,
    dataSource: app.get(DataSource),
    relay: app.get(OutboxRelay),
    redis,
    adminToken: await login(ADMIN_EMAIL, ADMIN_PASSWORD),
    login,
    close: async () => {
      await app.close();
      await dropRedisPrefix(redis, config.queuePrefix);
      redis.disconnect();
      await dropDatabase(config.databaseUrl);
    },
  };
}

export async function dropRedisPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
