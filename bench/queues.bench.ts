/**
 * `npm run bench:queues [-- <seconds> <burst>]`: reminder firing on each queue store — BullMQ's
 * PostgreSQL backend (REDIS_URL unset) and Redis — next to raw BullMQ on the same store, in the same
 * run (issue 14). Per store:
 *
 * 1. Lateness at a steady rate: BENCH_RATE (100) reminders due per second for <seconds> (20); the
 *    platform fires them (fired_at − fire_at, from PostgreSQL), then a no-op raw worker with the
 *    platform's concurrency fires as many delayed jobs on the same schedule (now − due).
 *    Targets: p99 ≤ 1.5× raw, and on PostgreSQL p99 < 1 s.
 * 2. Throughput: <burst> (5,000) reminders due at the same instant; from then until the last has
 *    fired, per second; the raw worker the same with as many jobs.
 *
 * Rows are generated with SQL (as bench:reminders does), then queued by the platform's own outbox
 * flush. Writes bench/results/queues.json; drops each run's database and keys, also on failure.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';
import type { Client } from 'pg';
import type { RunningConfig } from '@kelisim/config';
import { apiClient, benchRun, dropRun, login, runBench, startPlatform } from './support/platform.js';
import { ascending, loadAverage, machine, percentile, printRows, round, writeResults } from './support/report.js';

const SECONDS = Number(process.argv[2] ?? 20);
const BURST = Number(process.argv[3] ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
/** Which stores to measure (both by default): `postgres`, `redis`, or `postgres,redis`. */
const STORES = (process.env.BENCH_STORES ?? 'postgres,redis').split(',');
/** ReminderProcessor's concurrency: the raw worker gets the same. */
const CONCURRENCY = 200;
/** From planting to the first due time: the rows are written and queued before then. */
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 8000);
const TARGETS = { p99Ratio: 1.5, postgresP99Ms: 1000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = (values: number[]) => {
  const sorted = ascending(values);
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
};

interface Figures {
  lateness: ReturnType<typeof stats>;
  perSecond: number;
}

/** Deadlines and one reminder each, due at the given instants, for one recipient; returns nothing until they are queued. */
async function plant(sql: Client, recipient: string, due: number[]): Promise<void> {
  await sql.query(
    `WITH d AS (
       INSERT INTO deadlines (id, subject_type, subject_id, title, due_at, revision, state, policy, audience, participant_ids, passed_revision, version)
       SELECT gen_random_uuid(), 'task', gen_random_uuid(), 'Bench task', to_timestamp(t / 1000.0) + interval '1 hour', 1, 'open', NULL,
              jsonb_build_object('executor', jsonb_build_array($1::uuid), 'co_executors', '[]'::jsonb, 'controller', '[]'::jsonb, 'executor_head', '[]'::jsonb),
              ARRAY[$1::uuid], NULL, 1
         FROM unnest($2::float8[]) AS t
       RETURNING id, subject_id, due_at)
     INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
     SELECT gen_random_uuid(), d.id, d.subject_id, 1, 'before:PT1H', $1::uuid, false, d.due_at - interval '1 hour' FROM d`,
    [recipient, due],
  );
}

async function platformSide(app: INestApplication, sql: Client, recipient: string, due: number[]): Promise<Figures> {
  const { ReminderEnqueuer } = await import('@kelisim/deadlines');
  const since = new Date();
  await plant(sql, recipient, due);
  await app.get(ReminderEnqueuer).flush();
  const last = Math.max(...due);
  for (;;) {
    const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM reminders WHERE state = 'pending' AND fire_at >= $1`, [since]);
    if (Number(rows[0].n) === 0 || Date.now() > last + 120_000) break;
    await sleep(200);
  }
  const { rows } = await sql.query<{ late: number; fired: number }>(
    `SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS late, extract(epoch FROM fired_at) * 1000 AS fired FROM reminders WHERE state = 'fired' AND fire_at >= $1`,
    [since],
  );
  const firstDue = Math.min(...due);
  const lastFired = Math.max(...rows.map((r) => Number(r.fired)));
  return { lateness: stats(rows.map((r) => Number(r.late))), perSecond: round(rows.length / Math.max(0.001, (lastFired - firstDue) / 1000)) };
}

async function rawSide(config: RunningConfig, run: string, due: number[]): Promise<Figures> {
  const { BackendQueue, BackendWorker, queueConnection } = await import('@kelisim/queue');
  const { queueBackend } = await import('@kelisim/platform');
  // The platform's own connection kind and classes, a queue name of its own: raw BullMQ on the same store.
  const options = { connection: queueConnection(queueBackend(config)) as never, prefix: `kbraw_${run}` };
  const name = `raw${randomUUID().slice(0, 8)}`;
  const lateness: number[] = [];
  let lastAt = 0;
  const queue: Queue = new BackendQueue(name, options);
  const worker: Worker = new BackendWorker(
    name,
    async (job) => {
      lastAt = Date.now();
      lateness.push(lastAt - (job.timestamp + (job.opts.delay ?? 0)));
    },
    { ...options, concurrency: CONCURRENCY },
  );
  try {
    await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
    const now = Date.now();
    for (let i = 0; i < due.length; i += 5000) {
      await queue.addBulk(due.slice(i, i + 5000).map((at) => ({ name: 'fire', data: { reminderId: randomUUID() }, opts: { delay: Math.max(0, at - now), removeOnComplete: true } })));
    }
    const deadline = Math.max(...due) + 120_000;
    while (lateness.length < due.length && Date.now() < deadline) await sleep(100);
    return { lateness: stats(lateness), perSecond: round(lateness.length / Math.max(0.001, (lastAt - Math.min(...due)) / 1000)) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

async function store(name: 'postgres' | 'redis') {
  process.env.REDIS_URL = name === 'postgres' ? '' : (process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const { config, id, adminEmail, adminPassword } = await benchRun('all');
  const { default: pg } = await import('pg');
  let app: INestApplication | undefined;
  const sql = new pg.Client({ connectionString: config.databaseUrl });
  try {
    const platform = await startPlatform(config);
    app = platform.app;
    await sql.connect();
    const api = apiClient(platform.port);
    const admin = await login(platform.port, adminEmail, adminPassword);
    const organization = await api<{ id: string }>('POST', '/organizations', admin, { name: 'Bench department', kind: 'department' });
    const user = await api<{ id: string }>('POST', '/users', admin, { fullName: 'Bench executor', email: `${id}@bench.kelisim.test`, organizationId: organization.id, password: randomUUID() });
    const steady = () => Array.from({ length: Math.round(SECONDS * RATE) }, (_, i) => Date.now() + LEAD_MS + (i * 1000) / RATE);
    const burst = () => Array.from({ length: BURST }, () => Date.now() + LEAD_MS);
    const figures = {
      platform: { steady: await platformSide(app, sql, user.id, steady()), burst: await platformSide(app, sql, user.id, burst()) },
      raw: { steady: await rawSide(config, id, steady()), burst: await rawSide(config, id, burst()) },
    };
    return { ...figures, p99Ratio: round(figures.platform.steady.lateness.p99 / Math.max(1, figures.raw.steady.lateness.p99), 2), throughputRatio: round(figures.platform.burst.perSecond / figures.raw.burst.perSecond, 2) };
  } finally {
    await sql.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await dropRun(config, [config.queuePrefix, `kbraw_${id}`]);
  }
}

async function main(): Promise<void> {
  await import('reflect-metadata');
  const loadBefore = loadAverage();
  const postgres = STORES.includes('postgres') ? await store('postgres') : undefined;
  const redis = STORES.includes('redis') ? await store('redis') : undefined;
  const rows: [string, string][] = [];
  for (const [name, s] of [['PostgreSQL', postgres], ['Redis', redis]] as const) {
    if (!s) continue;
    rows.push(
      [`${name}: lateness p50 / p99 / max at ${RATE}/s, platform`, `${s.platform.steady.lateness.p50} / ${s.platform.steady.lateness.p99} / ${s.platform.steady.lateness.max} ms`],
      [`${name}: lateness p50 / p99 / max at ${RATE}/s, raw BullMQ`, `${s.raw.steady.lateness.p50} / ${s.raw.steady.lateness.p99} / ${s.raw.steady.lateness.max} ms`],
      [`${name}: p99 platform ÷ raw (target ≤ ${TARGETS.p99Ratio})`, `${s.p99Ratio}`],
      [`${name}: ${BURST} due at once, fired per second, platform / raw`, `${s.platform.burst.perSecond} / ${s.raw.burst.perSecond} (${s.throughputRatio}×)`],
    );
  }
  if (postgres) rows.push([`PostgreSQL p99 < ${TARGETS.postgresP99Ms} ms at ${RATE}/s`, postgres.platform.steady.lateness.p99 < TARGETS.postgresP99Ms ? 'yes' : 'NO']);
  printRows(rows);
  const written = await writeResults('queues', { seconds: SECONDS, burst: BURST, rate: RATE, targets: TARGETS, postgres, redis, machine: machine(), loadBefore, loadAfter: loadAverage() });
  console.log(`  written to ${written}`);
}

runBench('queues', main);
