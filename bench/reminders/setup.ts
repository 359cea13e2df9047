/** bench:reminders' setup: Redis checked, the platform and its users, the bench's own clients, the generated rows. */
import { randomBytes } from 'node:crypto';
import { totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import type { JobsOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Client, Pool } from 'pg';
import type { RunningConfig } from '@kelisim/config';
import type { ReminderEnqueuer, ReminderProcessor, ReminderReconciler } from '@kelisim/deadlines';
import type { redisOptions } from '@kelisim/queue';
import { apiClient, login, startPlatform } from '../support/platform.js';
import { SessionSampler } from '../support/postgres.js';
import type { StatementRecorder } from '../support/statements.js';
import { type PhaseTools, PoolSampler, redisInfo } from './instruments.js';
import { fmt, int } from './report.js';
import { COUNT, DAY, DUE, DUE_WINDOW_MS, OFFSETS, PG_POOL_MAX } from './settings.js';

/** What the cleanup closes: set as each is opened. */
export interface Held {
  app: INestApplication | null;
  rawQueue: Queue | null;
  rawWorker: Worker | null;
  sql: Client | null;
  samplerClient: Client | null;
}

/** The platform's parts the steps drive, the bench's own clients and instruments, the raw side's prefix. */
export interface ReminderRun {
  config: RunningConfig;
  redis: Redis;
  /** The bench's own client (its statements are not counted). */
  db: Client;
  tools: PhaseTools;
  rawPrefix: string;
  connection: ReturnType<typeof redisOptions>;
  /** The enqueuer's job options: the raw jobs get the very same. */
  jobOptions: JobsOptions;
  enqueuer: ReminderEnqueuer;
  reconciler: ReminderReconciler;
  processor: ReminderProcessor;
  platformQueue: Queue;
  platformPool: Pool;
}

export interface RedisBefore {
  maxmemory: string;
  policy: string;
  baseline: number;
}

/** Prints what the run does; throws when Redis cannot hold both loads. */
export async function preflight(redis: Redis, run: { database: string; prefixes: [string, string] }): Promise<RedisBefore> {
  const [, maxmemory] = (await redis.config('GET', 'maxmemory')) as [string, string];
  const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
  const baseline = Number((await redisInfo(redis, 'memory')).used_memory);
  const estimate = 2 * (COUNT + DUE) * 800; // ≈ 800 B per delayed job, both prefixes
  console.log(
    `bench:reminders — ${int(COUNT)} reminders (${int(COUNT / 4)} deadlines × 4), ${int(DUE)} due within ${DUE_WINDOW_MS / 1000} s, ` +
      `database ${run.database}, prefixes ${run.prefixes[0]} / ${run.prefixes[1]}`,
  );
  console.log(
    `  Redis maxmemory ${maxmemory === '0' ? 'unlimited' : `${int(Number(maxmemory) / 2 ** 20)} MiB`}, policy ${policy}, ` +
      `used ${fmt(baseline / 2 ** 20)} MiB; this run needs about ${int(estimate / 2 ** 20)} MiB more (machine: ${int(totalmem() / 2 ** 20)} MiB)`,
  );
  if (PG_POOL_MAX !== null) console.log(`  WHAT-IF: the platform's pg pool gets ${PG_POOL_MAX} connections instead of its configured size`);
  if (maxmemory !== '0' && Number(maxmemory) - baseline < estimate * 1.2) {
    throw new Error(`Redis maxmemory ${maxmemory} is too small for this run (needs about ${estimate} bytes more): raise it or pass a smaller count`);
  }
  return { maxmemory, policy, baseline };
}

/** The platform in this process (held.app), with an organization and 8 users (kk, ru, en) to remind. */
export async function startWithUsers(config: RunningConfig, admin: { email: string; password: string }, held: Held): Promise<string[]> {
  const platform = await startPlatform(config);
  held.app = platform.app;
  const api = apiClient(platform.port);
  const token = await login(platform.port, admin.email, admin.password);
  const organization = await api<{ id: string }>('POST', '/organizations', token, { name: 'Bench department', kind: 'department' });
  const users: string[] = [];
  const locales = ['kk', 'ru', 'en'];
  for (let i = 0; i < 8; i++) {
    const user = await api<{ id: string }>('POST', '/users', token, {
      fullName: `Bench executor ${i + 1}`,
      email: `${randomBytes(6).toString('hex')}@bench.kelisim.test`,
      organizationId: organization.id,
      locale: locales[i % locales.length],
      password: randomBytes(12).toString('hex'),
    });
    users.push(user.id);
  }
  return users;
}

/**
 * The platform's reminder parts, once the reconciler started at bootstrap has finished, and the
 * bench's own two clients (held.sql, held.samplerClient), left out of the statement counts.
 */
export async function connect(
  app: INestApplication,
  run: Pick<ReminderRun, 'config' | 'redis' | 'rawPrefix' | 'connection' | 'jobOptions'>,
  statements: StatementRecorder,
  held: Held,
): Promise<ReminderRun> {
  const { default: pg } = await import('pg');
  const { getQueueToken } = await import('@nestjs/bullmq');
  const { COMMAND_POOL } = await import('@kelisim/persistence');
  const { ReminderEnqueuer, ReminderProcessor, ReminderReconciler, REMINDERS_QUEUE } = await import('@kelisim/deadlines');
  const enqueuer = app.get(ReminderEnqueuer);
  const reconciler = app.get(ReminderReconciler);
  const processor = app.get(ReminderProcessor);
  const platformQueue = app.get<Queue>(getQueueToken(REMINDERS_QUEUE), { strict: false });
  // The commands' pool (the unit of work's): reminders fire in commands.
  const platformPool = app.get<Pool>(COMMAND_POOL);
  await reconciler.reconcile(); // the one started at bootstrap: let it finish first

  const sql = new pg.Client({ connectionString: run.config.databaseUrl });
  held.sql = sql;
  sql.on('error', () => undefined);
  await sql.connect();
  statements.own.add(sql);
  const samplerClient = new pg.Client({ connectionString: run.config.databaseUrl });
  held.samplerClient = samplerClient;
  samplerClient.on('error', () => undefined);
  await samplerClient.connect();
  statements.own.add(samplerClient);
  const sessions = new SessionSampler(samplerClient);
  const tools = { redis: run.redis, sql, statements, sessions, pool: new PoolSampler(platformPool) };
  return { ...run, db: sql, tools, enqueuer, reconciler, processor, platformQueue, platformPool };
}

export interface Generated {
  deadlines: number;
  insertSeconds: number;
  generateSeconds: number;
  /** The rows' fire times in the order the enqueuer takes them: the raw side's delays. */
  fireTimes: Float64Array;
}

/** COUNT / 4 deadlines × 4 reminders, due in 4–7 days, by INSERT … SELECT (not through the API). */
export async function generate(db: Client, users: string[]): Promise<Generated> {
  const deadlines = COUNT / 4;
  const base = Date.now();
  const stepMs = Math.floor((3 * DAY) / deadlines);
  const generateStart = performance.now();
  await db.query(
    `INSERT INTO deadlines (id, subject_type, subject_id, title, due_at, revision, state, policy, audience, participant_ids, passed_revision, version)
     SELECT gen_random_uuid(), 'task', gen_random_uuid(), 'Bench task ' || g,
            timestamptz 'epoch' + ($1::bigint + g * $2::bigint) * interval '1 millisecond', 1, 'open', NULL,
            jsonb_build_object('executor', jsonb_build_array(u), 'co_executors', '[]'::jsonb, 'controller', '[]'::jsonb, 'executor_head', '[]'::jsonb),
            ARRAY[u], NULL, 1
       FROM generate_series(0, $3::int - 1) AS g,
            LATERAL (SELECT ($4::uuid[])[1 + g % cardinality($4::uuid[])] AS u) AS who`,
    [base + 4 * DAY, stepMs, deadlines, users],
  );
  await db.query(
    `INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
     SELECT gen_random_uuid(), d.id, d.subject_id, 1, o.key, d.participant_ids[1], o.overdue, d.due_at - o.before_ms * interval '1 millisecond'
       FROM deadlines d CROSS JOIN unnest($1::text[], $2::bigint[], $3::boolean[]) AS o(key, before_ms, overdue)`,
    [OFFSETS.map((o) => o[0]), OFFSETS.map((o) => o[1]), OFFSETS.map((o) => o[2])],
  );
  const insertSeconds = (performance.now() - generateStart) / 1000;
  await db.query('VACUUM ANALYZE deadlines');
  await db.query('VACUUM ANALYZE reminders');
  await db.query('CHECKPOINT');
  const generateSeconds = (performance.now() - generateStart) / 1000;
  const generated = Number((await db.query(`SELECT count(*) AS n FROM reminders WHERE state = 'pending' AND NOT enqueued`)).rows[0].n);
  if (generated !== COUNT) throw new Error(`generated ${generated} reminder rows, expected ${COUNT}`);
  console.log(`  generated ${int(deadlines)} deadlines and ${int(COUNT)} reminders in ${fmt(insertSeconds)} s (+ VACUUM ANALYZE, CHECKPOINT: ${fmt(generateSeconds)} s)`);

  const fireTimes = new Float64Array(COUNT);
  for (let g = 0, k = 0; g < deadlines; g++) {
    for (const [, beforeMs] of OFFSETS) fireTimes[k++] = base + 4 * DAY + g * stepMs - beforeMs;
  }
  fireTimes.sort();
  return { deadlines, insertSeconds, generateSeconds, fireTimes };
}
