import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { generateSigningKeyPem, JournalSealer } from '@kelisim/audit';
import { loadConfig, type RunningConfig } from '@kelisim/config';
import type { Clock } from '@kelisim/kernel';
import { OutboxRelay } from '@kelisim/persistence';
import { createApi } from '../../apps/api/src/bootstrap.js';
import { queueStore, type QueueStoreHandle } from './queue-store.js';

export const ADMIN_EMAIL = 'admin@kelisim.test';
export const ADMIN_PASSWORD = 'admin-password-123';
export const PASSWORD = 'user-password-123';

export interface TestApp {
  app: INestApplication;
  config: RunningConfig;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  relay: OutboxRelay;
  /** The journal's sealer (the worker's; KELISIM_ROLE=all runs it in the test's process). */
  sealer: JournalSealer;
  queues: QueueStoreHandle;
  adminToken: string;
  login(email: string, password?: string): Promise<string>;
  /**
   * A statement as the database's owner (the platform runs as kelisim_app, which may not alter the
   * journal, run DDL or touch the triggers): for tampering and test fixtures.
   */
  asOwner(text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** One journal signing key per test process (KELISIM_JOURNAL_KEY), so tests leave nothing in ./data. */
export function testJournalKeyPath(): string {
  const path = join(tmpdir(), `kelisim-test-journal-key-${process.pid}.pem`);
  if (!existsSync(path)) writeFileSync(path, generateSigningKeyPem(), { mode: 0o600 });
  return path;
}

const baseDatabaseUrl = (): URL => new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');

/** The queue stores a test may run the platform on; `redis` unless it says otherwise. */
export const QUEUE_STORES = {
  redis: { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' },
  /** BullMQ on PostgreSQL, in the test's database (REDIS_URL unset). */
  postgres: { REDIS_URL: '' },
} satisfies Record<string, NodeJS.ProcessEnv>;

/**
 * Starts the whole platform (API and worker in one process, KELISIM_ROLE=all) against the real
 * PostgreSQL and Redis, in a database and a queue prefix of its own, dropped again by `close()`.
 * `env.REDIS_URL` picks the queue store (see QUEUE_STORES; a cluster's URL runs it on the cluster).
 * `database` names a database prepared beforehand (e.g. migrated only part of the way); dropped too.
 */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; clock?: Clock; database?: string } = {}): Promise<TestApp> {
  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = baseDatabaseUrl();
  databaseUrl.pathname = `/${options.database ?? `kelisim_test_${run}`}`;
  const loaded = loadConfig({
    ...process.env,
    ...QUEUE_STORES.redis,
    NODE_ENV: 'test',
    KELISIM_ROLE: 'all',
    DATABASE_URL: databaseUrl.toString(),
    KELISIM_QUEUE_PREFIX: `kt_${run}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    KELISIM_ADMIN_EMAIL: ADMIN_EMAIL,
    KELISIM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    KELISIM_JOURNAL_KEY: testJournalKeyPath(),
    KELISIM_JOURNAL_ORIGIN: 'kelisim.test/journal',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    // The specs' webhook receivers listen on loopback, which a webhook may reach only when allowed.
    KELISIM_WEBHOOK_ALLOW: '127.0.0.1/32',
    ...options.env,
  });
  const config: RunningConfig = { ...loaded, databaseUrl: databaseUrl.toString() };
  const app = await createApi(config, options.clock);
  const http = request(app.getHttpServer());
  const queues = queueStore(config);
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
    get sealer() {
      return app.get(JournalSealer);
    },
    queues,
    adminToken: await login(ADMIN_EMAIL, ADMIN_PASSWORD),
    login,
    asOwner: async (text, values) => {
      const client = new pg.Client({ connectionString: config.databaseUrl });
      await client.connect();
      try {
        return (await client.query(text, values)).rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    close: async () => {
      await app.close();
      await queues.close();
      await dropDatabase(config.databaseUrl);
    },
  };
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
