import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runMigrations as runQueueMigrations } from 'bullmq';
import pg from 'pg';
import { BackendQueue, BackendWorker, QUEUE_SCHEMA, type QueueBackend, queueConnection } from '@kelisim/queue';
import { dropDatabase, until } from '@kelisim/testing';

/**
 * Finished jobs' retention on each queue store. On PostgreSQL a count would be trimmed by sorting every
 * finished job of the queue at each completion (BullMQ's apply_retention), so Kelisim keeps them by age
 * alone there; Redis keeps the count, which bounds its memory.
 */
const stores: [string, () => Promise<{ backend: QueueBackend; close(): Promise<void> }>][] = [
  ['redis', async () => ({ backend: { kind: 'redis', target: { kind: 'single', url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0' } }, close: async () => undefined })],
  [
    'postgres',
    async () => {
      const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
      const name = `kelisim_test_retention_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      url.pathname = `/${name}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await runQueueMigrations(client, QUEUE_SCHEMA);
      await client.end();
      return { backend: { kind: 'postgres', databaseUrl: url.toString() }, close: () => dropDatabase(url.toString()) };
    },
  ],
];

describe.each(stores)('Finished jobs kept on %s', (store, open) => {
  let opened: { backend: QueueBackend; close(): Promise<void> };
  const prefix = `kt_retention_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    opened = await open();
  }, 180_000);
  afterAll(() => opened.close());

  it('CompletedJobs_WithAgeAndCount_KeptByAgeAloneOnPostgres_ByCountOnRedis', async () => {
    const options = { connection: queueConnection(opened.backend) as never, prefix };
    const name = `retention${randomBytes(4).toString('hex')}`;
    const queue = new BackendQueue(name, options);
    let completed = 0;
    const worker = new BackendWorker(name, async () => undefined, options);
    worker.on('completed', () => completed++);
    try {
      await queue.addBulk(['a', 'b', 'c'].map((id) => ({ name: 'job', data: {}, opts: { jobId: `job-${id}`, removeOnComplete: { age: 3600, count: 1 } } })));
      await until(async () => completed, (n) => n === 3);
      const counts = await queue.getJobCounts('completed');
      expect(counts.completed).toBe(store === 'postgres' ? 3 : 1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  });
});
