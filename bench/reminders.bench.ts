/**
 * `npm run bench:reminders [-- <count>]`: the deadline engine's reminders next to raw BullMQ, in
 * the same run, on the same machine (issue 4, "Benchmarks"). <count> (default 1,000,000, a
 * multiple of 4) pending reminders: count / 4 deadlines × 4 reminders, firing over the next days.
 *
 * 1. Scheduling: the reminder rows are generated with INSERT … SELECT generate_series (not through
 *    the API), then `ReminderEnqueuer.flush()` is timed until every row is enqueued, next to raw
 *    `queue.addBulk` of as many jobs with the same payload, options, delays and batch size on a
 *    prefix of its own. Target ≥ 0.7×.
 * 2. Redis bytes per pending reminder (used_memory before/after each load) vs per raw job. ≤ 1.2×.
 * 4. Rebuild after Redis loss: every key of the platform's prefix deleted, then
 *    `ReminderReconciler.reconcile()` timed until every pending row is a job again, against the raw
 *    addBulk time of step 1. ≤ 2×. (Run before step 3, which may leave the platform wedged.)
 * 3. Firing lateness with the count waiting and BENCH_DUE (20,000) more due within 10 s: the
 *    platform's worker fires them (fired_at − fire_at from PostgreSQL, negative = early), then a
 *    no-op BullMQ worker with the same concurrency on the raw prefix (now − (timestamp + delay)).
 *    Target: p99 ≤ 1.5× raw and < 250 ms, none early.
 *
 * Besides the figures it records where the time goes: per statement kind, calls and time spent in
 * PostgreSQL (node-postgres instrumented in this process), the flush's `addBulk` time, event-loop
 * utilisation and delay, process and Redis CPU, WAL bytes, the pg pool's waiters, and the busy
 * PostgreSQL sessions by wait event. Prints a table, writes bench/results/reminders.json, and drops
 * the database and both prefixes' keys at the end, also on failure or Ctrl-C.
 * Knobs: BENCH_DUE, BENCH_DUE_WINDOW_MS, BENCH_DUE_LEAD_MS, BENCH_FIRE_TIMEOUT_S, BENCH_PG_POOL_MAX
 * (what-if), BENCH_CPU_PROFILE=1, DATABASE_URL, REDIS_URL.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { totalmem } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { INestApplication } from '@nestjs/common';
import type { Job, JobsOptions, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Client, Pool } from 'pg';
import {
  apiClient,
  benchRun,
  deleteRedisPrefix,
  dropRun,
  loadAverage,
  login,
  machine,
  percentile,
  printRows,
  round,
  runBench,
  SessionSampler,
  startPlatform,
  topSessions,
  writeResults,
  StatementRecorder,
} from './support.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const DUE = Number(process.env.BENCH_DUE ?? 20_000);
const DUE_WINDOW_MS = Number(process.env.BENCH_DUE_WINDOW_MS ?? 10_000);
/** Between now and the first due reminder: time to insert and enqueue the due rows. */
const DUE_LEAD_MS = Number(process.env.BENCH_DUE_LEAD_MS ?? 4_000);
/** How long to wait, after the last due time, for the stragglers to fire. */
const FIRE_TIMEOUT_S = Number(process.env.BENCH_FIRE_TIMEOUT_S ?? 120);
/** No reminder fired for this long while some are due: the worker is stuck. */
const STALL_S = 20;
/** ReminderEnqueuer's batch (not exported): the raw side adds in batches of the same size. */
const BATCH = 5000;
/** ReminderProcessor's concurrency: the raw worker gets the same. */
const CONCURRENCY = 50;
/**
 * What-if only: gives the platform's pg pool this many connections instead of its own 20 (see the
 * README: with 20, step 3 wedges). Unset, the platform runs exactly as configured.
 */
const PG_POOL_MAX = process.env.BENCH_PG_POOL_MAX ? Number(process.env.BENCH_PG_POOL_MAX) : null;
/** Samples this process's CPU (V8 profiler) during the flush and the firing: where Node spends it. */
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE === '1';
const QUEUE = 'reminders';
const DUE_KEY = 'before:PT5M';
const DAY = 86_400_000;
/** The 4 reminders of each deadline: key, time before the deadline, overdue notice or not. */
const OFFSETS: readonly [string, number, boolean][] = [
  ['before:P3D', 3 * DAY, false],
  ['before:P1D', DAY, false],
  ['before:PT1H', 3_600_000, false],
  ['after:PT0S', 0, true],
];
const TARGETS = { scheduleRatio: 0.7, bytesRatio: 1.2, p99Ratio: 1.5, p99Ms: 250, rebuildRatio: 2 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const int = (value: number) => fmt(value, 0);

function distribution(values: number[]) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    min: round(sorted.length ? sorted[0] : NaN),
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Instruments
// ---------------------------------------------------------------------------------------------

/** The platform's pg pool: connections in use and callers waiting for one, every 50 ms. */
class PoolSampler {
  private timer: NodeJS.Timeout | null = null;
  private samples = 0;
  private inUse = 0;
  private waiting = 0;
  private maxWaiting = 0;
  private maxInUse = 0;

  constructor(readonly pool: Pool) {}

  start(): void {
    this.samples = this.inUse = this.waiting = this.maxWaiting = this.maxInUse = 0;
    this.timer = setInterval(() => {
      const inUse = this.pool.totalCount - this.pool.idleCount;
      this.samples++;
      this.inUse += inUse;
      this.waiting += this.pool.waitingCount;
      this.maxWaiting = Math.max(this.maxWaiting, this.pool.waitingCount);
      this.maxInUse = Math.max(this.maxInUse, inUse);
    }, 50);
  }

  now() {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const n = Math.max(1, this.samples);
    return { avgInUse: round(this.inUse / n, 1), maxInUse: this.maxInUse, avgWaiting: round(this.waiting / n, 1), maxWaiting: this.maxWaiting };
  }
}

async function redisInfo(redis: Redis, section: string): Promise<Record<string, string>> {
  const text = await redis.info(section);
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

async function usedMemory(redis: Redis): Promise<number> {
  // Deleted keys are freed in the background (UNLINK): wait until they are gone.
  for (let i = 0; i < 600; i++) {
    const memory = await redisInfo(redis, 'memory');
    if (Number(memory.lazyfree_pending_objects ?? 0) === 0) return Number(memory.used_memory);
    await sleep(100);
  }
  return Number((await redisInfo(redis, 'memory')).used_memory);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
}

/** Self time by package (node_modules/<package>, kelisim's libs/<lib>, Node's internals) and the top functions. */
function summariseProfile(profile: CpuProfile) {
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    const ours = /\/dist\/((?:libs\/shared|libs|apps)\/[^/]+)/.exec(url);
    const where = modules ? modules[1] : ours ? `kelisim ${ours[1]}` : url.startsWith('node:') ? 'node internals' : url ? url : functionName || '(anonymous)';
    byPackage.set(where, (byPackage.get(where) ?? 0) + hits);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const share = (map: Map<string, number>, n: number) =>
    Object.fromEntries([...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, hits]) => [key, round((100 * hits) / Math.max(1, total), 1)]));
  return { samples: total, percentByPackage: share(byPackage, 15), percentByFunction: share(byFunction, 20) };
}

class Profiler {
  private session: import('node:inspector/promises').Session | null = null;

  async start(): Promise<void> {
    if (!CPU_PROFILE) return;
    const { Session } = await import('node:inspector/promises');
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 1000 });
    await this.session.post('Profiler.start');
  }

  async stop(): Promise<ReturnType<typeof summariseProfile> | null> {
    if (!this.session) return null;
    const { profile } = (await this.session.post('Profiler.stop')) as { profile: CpuProfile };
    this.session.disconnect();
    this.session = null;
    return summariseProfile(profile);
  }
}

interface PhaseFigures {
  seconds: number;
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  processCpuCores: number;
  redisCpuCores: number;
  redisCommands: number;
  walBytes: number;
  /** Row updates of `reminders`, and how many of them were HOT (no index entries written). */
  reminderUpdates: { updated: number; hot: number };
  statements: Record<string, { calls: number; ms: number }>;
  sessions: Record<string, number>;
  pool: ReturnType<PoolSampler['stop']>;
  cpuProfile: ReturnType<typeof summariseProfile> | null;
}

/** What the process, Redis and PostgreSQL did between start() and stop(). */
class Phase {
  private started = 0;
  private elu = performance.eventLoopUtilization();
  private cpu = process.cpuUsage();
  private redisCpu = 0;
  private redisCommands = 0;
  private wal = '0/0';
  private tuples = { upd: 0, hot: 0 };
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private readonly profiler = new Profiler();

  constructor(
    private readonly tools: { redis: Redis; sql: Client; statements: StatementRecorder; sessions: SessionSampler; pool: PoolSampler },
  ) {}

  async start(profile = false): Promise<this> {
    if (profile) await this.profiler.start();
    const [cpu, stats] = await Promise.all([redisInfo(this.tools.redis, 'cpu'), redisInfo(this.tools.redis, 'stats')]);
    this.redisCpu = Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys);
    this.redisCommands = Number(stats.total_commands_processed);
    this.wal = (await this.tools.sql.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn;
    this.tuples = await this.reminderTuples();
    this.tools.sessions.start();
    this.tools.pool.start();
    this.delay.reset();
    this.delay.enable();
    this.tools.statements.start();
    this.elu = performance.eventLoopUtilization();
    this.cpu = process.cpuUsage();
    this.started = performance.now();
    return this;
  }

  async stop(): Promise<PhaseFigures> {
    const seconds = (performance.now() - this.started) / 1000;
    const elu = performance.eventLoopUtilization(this.elu).utilization;
    const cpu = process.cpuUsage(this.cpu);
    const statements = this.tools.statements.stop();
    const cpuProfile = await this.profiler.stop();
    this.delay.disable();
    const sessions = this.tools.sessions.stop();
    const pool = this.tools.pool.stop();
    const [redisCpu, stats] = await Promise.all([redisInfo(this.tools.redis, 'cpu'), redisInfo(this.tools.redis, 'stats')]);
    const wal = (await this.tools.sql.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::bigint AS bytes', [this.wal])).rows[0];
    await sleep(1100); // backends publish their table statistics at most once a second
    const tuples = await this.reminderTuples();
    return {
      seconds: round(seconds, 2),
      eventLoopUtilization: round(elu, 3),
      eventLoopDelayP99Ms: round(this.delay.percentile(99) / 1e6, 1),
      processCpuCores: round((cpu.user + cpu.system) / 1e6 / seconds, 2),
      redisCpuCores: round((Number(redisCpu.used_cpu_user) + Number(redisCpu.used_cpu_sys) - this.redisCpu) / seconds, 2),
      redisCommands: Number(stats.total_commands_processed) - this.redisCommands,
      walBytes: Number(wal.bytes),
      reminderUpdates: { updated: tuples.upd - this.tuples.upd, hot: tuples.hot - this.tuples.hot },
      statements,
      sessions,
      pool,
      cpuProfile,
    };
  }

  private async reminderTuples(): Promise<{ upd: number; hot: number }> {
    const { rows } = await this.tools.sql.query<{ upd: string; hot: string }>(
      `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'reminders'`,
    );
    return { upd: Number(rows[0]?.upd ?? 0), hot: Number(rows[0]?.hot ?? 0) };
  }
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!Number.isInteger(COUNT) || COUNT < 4 || COUNT % 4 !== 0) throw new Error(`the count must be a positive multiple of 4, not ${process.argv[2]}`);
  const started = performance.now();
  const loadBefore = loadAverage();
  await import('reflect-metadata');
  const { default: pg } = await import('pg');
  const { Redis } = await import('ioredis');
  const { Queue, Worker } = await import('bullmq');
  const { getQueueToken } = await import('@nestjs/bullmq');
  const { DataSource } = await import('typeorm');
  const { redisOptions } = await import('@kelisim/queue');
  const { ReminderEnqueuer, ReminderProcessor, ReminderReconciler, REMINDERS_QUEUE } = await import('@kelisim/deadlines');
  // The enqueuer's job options (not on the context's public surface): the raw jobs get the very same.
  const { REMINDER_JOB_OPTIONS } = await import('../libs/deadlines/src/reminders/infrastructure/reminder-queue.js');

  const statements = new StatementRecorder();
  statements.install(pg);
  if (PG_POOL_MAX !== null) {
    // TypeORM creates its pool with `new pg.Pool(options)`: this one overrides the size it asks for.
    const PlatformPool = pg.Pool;
    (pg as { Pool: unknown }).Pool = class extends PlatformPool {
      constructor(options?: ConstructorParameters<typeof PlatformPool>[0]) {
        super({ ...options, max: PG_POOL_MAX ?? undefined });
      }
    };
  }

  // The periodic reconciler would flush the generated rows before the timed flush: once an hour here.
  process.env.KELISIM_RECONCILE_MS = '3600000';
  const { config, database, id: run, adminEmail, adminPassword } = await benchRun('all');
  const rawPrefix = `kbraw_${run}`;
  if (config.redis?.kind !== 'single') throw new Error('bench:reminders measures one Redis server: set REDIS_URL to one (bench:queues compares the queue stores)');
  const connection = redisOptions(config.redis.url);

  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
  let app: INestApplication | null = null;
  let rawQueue: Queue | null = null;
  let rawWorker: Worker | null = null;
  let sql: Client | null = null;
  let samplerClient: Client | null = null;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await rawWorker?.close(true).catch(() => undefined);
    await rawQueue?.close().catch(() => undefined);
    await sql?.end().catch(() => undefined);
    await samplerClient?.end().catch(() => undefined);
    // A wedged worker never lets close() finish: give it a while, then drop everything anyway.
    if (app) await withTimeout(app.close(), 20_000, 'app.close()').catch((error: Error) => console.error(error.message));
    await dropRun(config, [config.queuePrefix, rawPrefix], redis);
    redis.disconnect();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    // --- preflight: Redis must hold both loads ---------------------------------------------------
    const [, maxmemory] = (await redis.config('GET', 'maxmemory')) as [string, string];
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    const baseline = Number((await redisInfo(redis, 'memory')).used_memory);
    const estimate = 2 * (COUNT + DUE) * 800; // ≈ 800 B per delayed job, both prefixes
    console.log(
      `bench:reminders — ${int(COUNT)} reminders (${int(COUNT / 4)} deadlines × 4), ${int(DUE)} due within ${DUE_WINDOW_MS / 1000} s, ` +
        `database ${database}, prefixes ${config.queuePrefix} / ${rawPrefix}`,
    );
    console.log(
      `  Redis maxmemory ${maxmemory === '0' ? 'unlimited' : `${int(Number(maxmemory) / 2 ** 20)} MiB`}, policy ${policy}, ` +
        `used ${fmt(baseline / 2 ** 20)} MiB; this run needs about ${int(estimate / 2 ** 20)} MiB more (machine: ${int(totalmem() / 2 ** 20)} MiB)`,
    );
    if (PG_POOL_MAX !== null) console.log(`  WHAT-IF: the platform's pg pool gets ${PG_POOL_MAX} connections instead of its configured size`);
    if (maxmemory !== '0' && Number(maxmemory) - baseline < estimate * 1.2) {
      throw new Error(`Redis maxmemory ${maxmemory} is too small for this run (needs about ${estimate} bytes more): raise it or pass a smaller count`);
    }

    // --- the platform, its users -----------------------------------------------------------------
    const platform = await startPlatform(config);
    app = platform.app;
    const api = apiClient(platform.port);
    const admin = await login(platform.port, adminEmail, adminPassword);
    const organization = await api<{ id: string }>('POST', '/organizations', admin, { name: 'Bench department', kind: 'department' });
    const users: string[] = [];
    const locales = ['kk', 'ru', 'en'];
    for (let i = 0; i < 8; i++) {
      const user = await api<{ id: string }>('POST', '/users', admin, {
        fullName: `Bench executor ${i + 1}`,
        email: `${randomBytes(6).toString('hex')}@bench.kelisim.test`,
        organizationId: organization.id,
        locale: locales[i % locales.length],
        password: randomBytes(12).toString('hex'),
      });
      users.push(user.id);
    }

    const enqueuer = app.get(ReminderEnqueuer);
    const reconciler = app.get(ReminderReconciler);
    const processor = app.get(ReminderProcessor);
    const platformQueue = app.get<Queue>(getQueueToken(REMINDERS_QUEUE), { strict: false });
    const platformPool = (app.get(DataSource).driver as unknown as { master: Pool }).master;
    await reconciler.reconcile(); // the one started at bootstrap: let it finish first

    sql = new pg.Client({ connectionString: config.databaseUrl });
    sql.on('error', () => undefined);
    await sql.connect();
    statements.own.add(sql);
    samplerClient = new pg.Client({ connectionString: config.databaseUrl });
    samplerClient.on('error', () => undefined);
    await samplerClient.connect();
    statements.own.add(samplerClient);
    const sessions = new SessionSampler(samplerClient);
    const poolSampler = new PoolSampler(platformPool);
    const tools = { redis, sql, statements, sessions, pool: poolSampler };
    const db = sql;
    const readyMs = performance.now() - started;

    // --- the data: count / 4 deadlines × 4 reminders, due in 4–7 days -----------------------------
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

    // The raw side's delays: the same fire times as the rows, in the order the enqueuer takes them.
    const fireTimes = new Float64Array(COUNT);
    for (let g = 0, k = 0; g < deadlines; g++) {
      for (const [, beforeMs] of OFFSETS) fireTimes[k++] = base + 4 * DAY + g * stepMs - beforeMs;
    }
    fireTimes.sort();

    // --- 1 + 2 raw: addBulk of COUNT jobs on the raw prefix ----------------------------------------
    rawQueue = new Queue(QUEUE, { connection, prefix: rawPrefix });
    await rawQueue.waitUntilReady();
    const rawSampleIds: string[] = [];
    const rawMemoryBefore = await usedMemory(redis);
    const rawPhase = await new Phase(tools).start();
    const rawStart = performance.now();
    for (let offset = 0; offset < COUNT; offset += BATCH) {
      const now = Date.now();
      const jobs: { name: string; data: { reminderId: string }; opts: JobsOptions }[] = [];
      for (let k = offset; k < Math.min(COUNT, offset + BATCH); k++) {
        const id = randomUUID();
        if (k % Math.max(1, Math.floor(COUNT / 200)) === 0) rawSampleIds.push(id);
        jobs.push({ name: 'fire', data: { reminderId: id }, opts: { ...REMINDER_JOB_OPTIONS, jobId: `rem-${id}`, delay: Math.max(0, fireTimes[k] - now) } });
      }
      await rawQueue.addBulk(jobs);
    }
    const rawSeconds = (performance.now() - rawStart) / 1000;
    const rawFigures = await rawPhase.stop();
    const rawMemoryAfter = await usedMemory(redis);
    const rawDelayed = await rawQueue.getDelayedCount();
    if (rawDelayed !== COUNT) throw new Error(`raw: ${rawDelayed} delayed jobs after addBulk, expected ${COUNT}`);
    console.log(`  1 raw addBulk: ${int(COUNT)} jobs in ${fmt(rawSeconds, 2)} s`);

    // --- 1 + 2 platform: ReminderEnqueuer.flush() ---------------------------------------------------
    const addBulkTimes: number[] = [];
    const platformAddBulk = platformQueue.addBulk.bind(platformQueue);
    platformQueue.addBulk = (async (jobs: Parameters<Queue['addBulk']>[0]) => {
      const t = performance.now();
      try {
        return await platformAddBulk(jobs);
      } finally {
        addBulkTimes.push(performance.now() - t);
      }
    }) as Queue['addBulk'];
    const flushMemoryBefore = await usedMemory(redis);
    const flushPhase = await new Phase(tools).start(true);
    const flushStart = performance.now();
    const flushed = await enqueuer.flush();
    const flushSeconds = (performance.now() - flushStart) / 1000;
    const flushFigures = await flushPhase.stop();
    const flushAddBulkMs = addBulkTimes.reduce((a, b) => a + b, 0);
    const flushBatches = addBulkTimes.length;
    const flushMemoryAfter = await usedMemory(redis);
    const notEnqueued = Number((await db.query(`SELECT count(*) AS n FROM reminders WHERE state = 'pending' AND NOT enqueued`)).rows[0].n);
    const platformDelayed = await platformQueue.getDelayedCount();
    if (notEnqueued !== 0 || platformDelayed !== COUNT) {
      throw new Error(`flush: ${notEnqueued} rows still not enqueued and ${platformDelayed} delayed jobs (expected 0 and ${COUNT}); flush() returned ${flushed}`);
    }
    console.log(`  1 outbox flush: ${int(COUNT)} reminders in ${fmt(flushSeconds, 2)} s (${flushBatches} batches, addBulk ${fmt(flushAddBulkMs / 1000, 2)} s of it)`);

    // Per-job memory by sampling, next to the used_memory deltas.
    const platformSample = (await db.query<{ id: string }>(`SELECT id FROM reminders TABLESAMPLE SYSTEM (1) LIMIT 200`)).rows.map((r) => r.id);
    const memoryUsage = async (prefix: string, ids: string[]) => {
      const sizes = await Promise.all(ids.map((id) => redis.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:rem-${id}`, 'SAMPLES', '0') as Promise<number | null>));
      const known = sizes.filter((s): s is number => typeof s === 'number');
      const zset = Number(await redis.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:delayed`, 'SAMPLES', '0'));
      return { jobHashBytes: round(known.reduce((a, b) => a + b, 0) / Math.max(1, known.length)), delayedSetBytesPerJob: round(zset / COUNT), sampled: known.length };
    };
    const platformMemoryUsage = await memoryUsage(config.queuePrefix, platformSample);
    const rawMemoryUsage = await memoryUsage(rawPrefix, rawSampleIds);

    // --- 4: Redis loses the platform's keys; the reconciler rebuilds them ------------------------------
    const deleteStart = performance.now();
    const deletedKeys = await deleteRedisPrefix(redis, config.queuePrefix);
    const memoryAfterLoss = await usedMemory(redis);
    const deleteSeconds = (performance.now() - deleteStart) / 1000;
    console.log(`  4 deleted ${int(deletedKeys)} keys of ${config.queuePrefix} in ${fmt(deleteSeconds)} s`);
    addBulkTimes.length = 0;
    const rebuildPhase = await new Phase(tools).start();
    const rebuildStart = performance.now();
    await reconciler.reconcile();
    const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
    const rebuildFigures = await rebuildPhase.stop();
    const rebuildAddBulkMs = addBulkTimes.reduce((a, b) => a + b, 0);
    const rebuildMemoryAfter = await usedMemory(redis);
    const afterRebuild = (await db.query(`SELECT count(*) FILTER (WHERE NOT enqueued) AS missing, count(*) AS pending FROM reminders WHERE state = 'pending'`)).rows[0];
    const rebuiltDelayed = await platformQueue.getDelayedCount();
    if (Number(afterRebuild.missing) !== 0 || rebuiltDelayed !== COUNT) {
      throw new Error(`rebuild: ${afterRebuild.missing} of ${afterRebuild.pending} pending rows not enqueued and ${rebuiltDelayed} delayed jobs (expected ${COUNT})`);
    }
    const resetStatement = Object.entries(rebuildFigures.statements).find(([key]) => key.startsWith('UPDATE reminders SET enqueued = false'));
    console.log(`  4 reconcile(): ${int(COUNT)} jobs back in ${fmt(rebuildSeconds, 2)} s (reset UPDATE ${fmt((resetStatement?.[1].ms ?? NaN) / 1000, 2)} s)`);

    // --- 3 platform: DUE more reminders due within the window ----------------------------------------
    const dueCount = Math.min(DUE, deadlines);
    const dueStep = DUE_WINDOW_MS / dueCount;
    const lateness: number[] = [];
    const pickup: number[] = [];
    const fireDurations: number[] = [];
    processor.worker.on('active', (job: Job) => pickup.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0))));
    const fire = processor.fire.bind(processor);
    processor.fire = async (reminderId: string) => {
      const t = performance.now();
      try {
        return await fire(reminderId);
      } finally {
        fireDurations.push(performance.now() - t);
      }
    };
    const notificationsBefore = Number((await db.query('SELECT count(*) AS n FROM notifications')).rows[0].n);
    const dueStart = Date.now() + DUE_LEAD_MS;
    await db.query(
      `INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
       SELECT gen_random_uuid(), d.id, d.subject_id, 1, $4, d.participant_ids[1], false,
              timestamptz 'epoch' + ($1::bigint + (d.n - 1) * $2::float8) * interval '1 millisecond'
         FROM (SELECT id, subject_id, participant_ids, row_number() OVER (ORDER BY due_at) AS n FROM deadlines ORDER BY due_at LIMIT $3) AS d`,
      [dueStart, dueStep, dueCount, DUE_KEY],
    );
    const dueFlushStart = performance.now();
    await enqueuer.flush();
    const dueFlushSeconds = (performance.now() - dueFlushStart) / 1000;
    const dueMarginMs = dueStart - Date.now();
    const firePhase = await new Phase(tools).start(true);
    let stalled: { afterSeconds: number; fired: number; pool: ReturnType<PoolSampler['now']>; sessions: Record<string, number> } | null = null;
    {
      const giveUpAt = dueStart + DUE_WINDOW_MS + FIRE_TIMEOUT_S * 1000;
      let last = -1;
      let lastProgress = Date.now();
      for (;;) {
        await sleep(500);
        const fired = Number((await db.query('SELECT count(*) AS n FROM notifications')).rows[0].n) - notificationsBefore;
        if (fired >= dueCount) break;
        if (fired !== last) {
          last = fired;
          lastProgress = Date.now();
        }
        if (Date.now() > giveUpAt) {
          console.log(`  3 platform: gave up with ${fired} of ${dueCount} fired`);
          break;
        }
        if (Date.now() > dueStart && Date.now() - lastProgress > STALL_S * 1000) {
          const { rows } = await db.query<{ key: string; n: number }>(
            `SELECT concat_ws(':', state, coalesce(wait_event_type, 'CPU'), wait_event) AS key, count(*)::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC`,
          );
          stalled = {
            afterSeconds: round((Date.now() - dueStart) / 1000),
            fired,
            pool: poolSampler.now(),
            sessions: Object.fromEntries(rows.map((r) => [r.key, r.n])),
          };
          console.log(`  3 platform: STALLED at ${fired} of ${dueCount} fired, pg pool ${JSON.stringify(stalled.pool)}, sessions ${JSON.stringify(stalled.sessions)}`);
          break;
        }
      }
    }
    const fireFigures = await firePhase.stop();
    const platformRows = (
      await db.query<{ ms: number | null; fired_ms: number | null }>(
        `SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS ms, extract(epoch FROM fired_at) * 1000 AS fired_ms FROM reminders WHERE offset_key = $1`,
        [DUE_KEY],
      )
    ).rows;
    const platformLateness = platformRows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
    const firedTimes = platformRows.filter((r) => r.fired_ms !== null).map((r) => Number(r.fired_ms));
    const platformFired = platformLateness.length;
    const firingSeconds = firedTimes.length > 1 ? (Math.max(...firedTimes) - Math.min(...firedTimes)) / 1000 : NaN;
    const duplicates = Number(
      (await db.query(`SELECT count(*) - count(DISTINCT dedupe_key) AS n FROM notifications`)).rows[0].n,
    );
    if (stalled) {
      // Unwedge the platform so the raw phase and the cleanup can run: stop taking jobs, then end
      // the sessions stuck in their transactions until no job holds or waits for a connection
      // (each round frees the pool for the next jobs, which wedge it again; their jobs fail and
      // would be retried later).
      void processor.worker.pause(true).catch(() => undefined);
      for (let i = 0; i < 60; i++) {
        if (platformPool.waitingCount === 0 && platformPool.totalCount === platformPool.idleCount) break;
        await db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle in transaction' AND state_change < now() - interval '1 second'`,
        );
        await sleep(500);
      }
    }
    lateness.push(...platformLateness);
    console.log(`  3 platform: ${int(platformFired)} of ${int(dueCount)} fired (enqueued in ${fmt(dueFlushSeconds, 2)} s, ${int(dueMarginMs)} ms before the first was due)`);

    // --- 3 raw: a no-op worker on the raw prefix ------------------------------------------------------
    const rawLateness: number[] = [];
    rawWorker = new Worker(
      QUEUE,
      async (job: Job) => {
        rawLateness.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
      },
      { connection, prefix: rawPrefix, concurrency: CONCURRENCY },
    );
    await rawWorker.waitUntilReady();
    const rawFirePhase = await new Phase(tools).start();
    const rawDueStart = Date.now() + DUE_LEAD_MS;
    for (let offset = 0; offset < dueCount; offset += BATCH) {
      const now = Date.now();
      const jobs: { name: string; data: { reminderId: string }; opts: JobsOptions }[] = [];
      for (let i = offset; i < Math.min(dueCount, offset + BATCH); i++) {
        const id = randomUUID();
        jobs.push({ name: 'fire', data: { reminderId: id }, opts: { ...REMINDER_JOB_OPTIONS, jobId: `rem-${id}`, delay: Math.max(0, rawDueStart + i * dueStep - now) } });
      }
      await rawQueue.addBulk(jobs);
    }
    const rawGiveUpAt = rawDueStart + DUE_WINDOW_MS + FIRE_TIMEOUT_S * 1000;
    while (rawLateness.length < dueCount && Date.now() < rawGiveUpAt) await sleep(200);
    const rawFireFigures = await rawFirePhase.stop();
    await rawWorker.close();
    rawWorker = null;
    console.log(`  3 raw: ${int(rawLateness.length)} of ${int(dueCount)} processed`);

    // --- figures -------------------------------------------------------------------------------------
    const rawRate = COUNT / rawSeconds;
    const flushRate = COUNT / flushSeconds;
    const scheduleRatio = flushRate / rawRate;
    const rawBytes = (rawMemoryAfter - rawMemoryBefore) / COUNT;
    const platformBytes = (flushMemoryAfter - flushMemoryBefore) / COUNT;
    const bytesRatio = platformBytes / rawBytes;
    const platformDist = distribution(lateness);
    const rawDist = distribution(rawLateness);
    const early = lateness.filter((ms) => ms < 0).length;
    const p99Ratio = platformDist.p99 / rawDist.p99;
    const rebuildRatio = rebuildSeconds / rawSeconds;
    const allFired = platformFired === dueCount && rawLateness.length === dueCount;
    const met = {
      schedule: scheduleRatio >= TARGETS.scheduleRatio,
      bytes: bytesRatio <= TARGETS.bytesRatio,
      lateness: allFired && platformDist.p99 <= TARGETS.p99Ratio * rawDist.p99 && platformDist.p99 < TARGETS.p99Ms && early === 0,
      rebuild: rebuildRatio <= TARGETS.rebuildRatio,
    };
    const firedPerReminder = (phase: PhaseFigures, n: number) =>
      Object.fromEntries(Object.entries(phase.statements).map(([key, s]) => [key, { perReminder: round(s.calls / Math.max(1, n), 2), msPerCall: round(s.ms / Math.max(1, s.calls), 2) }]));
    const statementsPerFire = Object.values(fireFigures.statements).reduce((a, s) => a + s.calls, 0) / Math.max(1, platformFired);
    const peakMemory = Number((await redisInfo(redis, 'memory')).used_memory_peak);

    const figures = {
      at: new Date().toISOString(),
      machine: { ...machine(), memoryMiB: Math.round(totalmem() / 2 ** 20), loadAverage: { before: loadBefore, after: loadAverage() } },
      count: COUNT,
      deadlines,
      due: dueCount,
      dueWindowMs: DUE_WINDOW_MS,
      batch: BATCH,
      concurrency: CONCURRENCY,
      /** Set only in a what-if run (BENCH_PG_POOL_MAX): the platform's pg pool size was overridden. */
      pgPoolMaxOverride: PG_POOL_MAX,
      setup: { startupSeconds: round(readyMs / 1000), generateSeconds: round(insertSeconds), vacuumAnalyzeCheckpointSeconds: round(generateSeconds - insertSeconds) },
      redis: { maxmemory: Number(maxmemory), policy, baselineBytes: baseline, peakBytes: peakMemory, neededBytes: peakMemory - baseline },
      schedule: {
        raw: { seconds: round(rawSeconds, 2), perSecond: Math.round(rawRate), figures: rawFigures },
        platform: {
          seconds: round(flushSeconds, 2),
          perSecond: Math.round(flushRate),
          batches: flushBatches,
          addBulkSeconds: round(flushAddBulkMs / 1000, 2),
          postgresSeconds: round(Object.values(flushFigures.statements).reduce((a, s) => a + s.ms, 0) / 1000, 2),
          walBytesPerReminder: Math.round(flushFigures.walBytes / COUNT),
          figures: flushFigures,
        },
        ratio: round(scheduleRatio, 3),
        target: TARGETS.scheduleRatio,
        meetsTarget: met.schedule,
      },
      memory: {
        raw: { bytesPerJob: round(rawBytes), before: rawMemoryBefore, after: rawMemoryAfter, sampled: rawMemoryUsage },
        platform: { bytesPerJob: round(platformBytes), before: flushMemoryBefore, after: flushMemoryAfter, sampled: platformMemoryUsage },
        afterRebuildBytesPerJob: round((rebuildMemoryAfter - memoryAfterLoss) / COUNT),
        ratio: round(bytesRatio, 3),
        target: TARGETS.bytesRatio,
        meetsTarget: met.bytes,
      },
      lateness: {
        platform: {
          ms: platformDist,
          fired: platformFired,
          early,
          earlyWithinToleranceMs50: lateness.filter((ms) => ms < 0 && ms >= -50).length,
          duplicateNotifications: duplicates,
          firedPerSecond: round(platformFired / firingSeconds),
          enqueueSeconds: round(dueFlushSeconds, 2),
          marginBeforeFirstDueMs: dueMarginMs,
          pickupLatenessMs: distribution(pickup),
          fireDurationMs: distribution(fireDurations),
          stalled,
          statementsPerFiredReminder: round(statementsPerFire, 2),
          statements: firedPerReminder(fireFigures, platformFired),
          figures: fireFigures,
        },
        raw: { ms: rawDist, processed: rawLateness.length, early: rawLateness.filter((ms) => ms < 0).length, figures: rawFireFigures },
        p99Ratio: round(p99Ratio, 2),
        target: { p99Ratio: TARGETS.p99Ratio, p99Ms: TARGETS.p99Ms, early: 0 },
        meetsTarget: met.lateness,
      },
      rebuild: {
        seconds: round(rebuildSeconds, 2),
        perSecond: Math.round(COUNT / rebuildSeconds),
        deletedKeys,
        deleteSeconds: round(deleteSeconds, 2),
        resetUpdateSeconds: round((resetStatement?.[1].ms ?? NaN) / 1000, 2),
        addBulkSeconds: round(rebuildAddBulkMs / 1000, 2),
        walBytesPerReminder: Math.round(rebuildFigures.walBytes / COUNT),
        figures: rebuildFigures,
        rawAddBulkSeconds: round(rawSeconds, 2),
        ratio: round(rebuildRatio, 2),
        target: TARGETS.rebuildRatio,
        meetsTarget: met.rebuild,
      },
      totalSeconds: 0,
    };

    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const ms = (d: { p50: number; p99: number; max: number }) => `p50 ${fmt(d.p50)} / p99 ${fmt(d.p99)} / max ${fmt(d.max)} ms`;
    const rows: [string, string, string, string][] = [
      ['1 schedule, outbox flush()', `${int(flushRate)} /s (${fmt(flushSeconds, 1)} s)`, `raw addBulk ${int(rawRate)} /s (${fmt(rawSeconds, 1)} s)`, `${fmt(scheduleRatio, 2)}× (≥ ${TARGETS.scheduleRatio}×) ${verdict(met.schedule)}`],
      ['2 Redis bytes per pending job', `${int(platformBytes)} B`, `raw ${int(rawBytes)} B`, `${fmt(bytesRatio, 2)}× (≤ ${TARGETS.bytesRatio}×) ${verdict(met.bytes)}`],
      ['  MEMORY USAGE job hash + zset', `${int(platformMemoryUsage.jobHashBytes)} + ${int(platformMemoryUsage.delayedSetBytesPerJob)} B`, `raw ${int(rawMemoryUsage.jobHashBytes)} + ${int(rawMemoryUsage.delayedSetBytesPerJob)} B`, ''],
      ['3 lateness, platform (PG)', ms(platformDist), `raw ${ms(rawDist)}`, `p99 ${fmt(p99Ratio, 2)}× (≤ ${TARGETS.p99Ratio}× and < ${TARGETS.p99Ms} ms) ${verdict(met.lateness)}`],
      ['  fired / early (< 0 ms)', `${int(platformFired)} of ${int(dueCount)} / ${int(early)}`, `raw ${int(rawLateness.length)} of ${int(dueCount)} / ${int(rawLateness.filter((v) => v < 0).length)}`, early === 0 ? 'none early' : 'EARLY ones'],
      ['  firing rate', `${fmt(platformFired / firingSeconds)} /s`, '', stalled ? `STALLED after ${stalled.fired}` : ''],
      ['4 rebuild, reconcile()', `${fmt(rebuildSeconds, 1)} s (${int(COUNT / rebuildSeconds)} /s)`, `raw addBulk ${fmt(rawSeconds, 1)} s`, `${fmt(rebuildRatio, 2)}× (≤ ${TARGETS.rebuildRatio}×) ${verdict(met.rebuild)}`],
      ['Redis memory needed (peak − start)', `${int((peakMemory - baseline) / 2 ** 20)} MiB`, '', ''],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
    console.log('');
    for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
    console.log('');
    const breakdown: [string, string][] = [
      ['flush: addBulk / PostgreSQL / wall', `${fmt(flushAddBulkMs / 1000, 1)} / ${fmt(figures.schedule.platform.postgresSeconds, 1)} / ${fmt(flushSeconds, 1)} s over ${flushBatches} batches`],
      ['flush: event loop busy, process CPU, Redis CPU', `${fmt(flushFigures.eventLoopUtilization * 100, 0)} %, ${fmt(flushFigures.processCpuCores, 2)} cores, ${fmt(flushFigures.redisCpuCores, 2)} cores (raw: ${fmt(rawFigures.eventLoopUtilization * 100, 0)} %, ${fmt(rawFigures.processCpuCores, 2)}, ${fmt(rawFigures.redisCpuCores, 2)})`],
      ['flush: WAL per reminder; row updates (HOT)', `${int(figures.schedule.platform.walBytesPerReminder)} B; ${int(flushFigures.reminderUpdates.updated)} (${int(flushFigures.reminderUpdates.hot)})`],
      ['rebuild: reset UPDATE / addBulk / wall', `${fmt(figures.rebuild.resetUpdateSeconds, 1)} / ${fmt(rebuildAddBulkMs / 1000, 1)} / ${fmt(rebuildSeconds, 1)} s, WAL ${int(figures.rebuild.walBytesPerReminder)} B per reminder, row updates ${int(rebuildFigures.reminderUpdates.updated)} (HOT ${int(rebuildFigures.reminderUpdates.hot)})`],
      ['fire: statements per fired reminder', platformFired === 0 ? 'n/a: none fired' : `${fmt(statementsPerFire, 1)} (${Object.entries(fireFigures.statements).slice(0, 12).map(([key, s]) => `${fmt(s.calls / Math.max(1, platformFired), 2)}× ${key.slice(0, 48)}`).join('; ')})`],
      ['fire: pickup lateness (BullMQ active)', ms(distribution(pickup))],
      ['fire: duration of fire() (transaction)', ms(distribution(fireDurations))],
      ['fire: event loop busy / delay p99', `${fmt(fireFigures.eventLoopUtilization * 100, 0)} % / ${fmt(fireFigures.eventLoopDelayP99Ms)} ms, process ${fmt(fireFigures.processCpuCores, 2)} cores, Redis ${fmt(fireFigures.redisCpuCores, 2)} cores`],
      ['fire: pg pool in use / waiting (avg, max)', `${fmt(fireFigures.pool.avgInUse)} (${fireFigures.pool.maxInUse}) / ${fmt(fireFigures.pool.avgWaiting)} (${fireFigures.pool.maxWaiting})`],
      ['fire: busy PG sessions (avg)', topSessions(fireFigures.sessions, 4)],
      ...(flushFigures.cpuProfile ? ([['flush: Node CPU by package (%)', JSON.stringify(flushFigures.cpuProfile.percentByPackage)]] as [string, string][]) : []),
      ...(fireFigures.cpuProfile ? ([['fire: Node CPU by package (%)', JSON.stringify(fireFigures.cpuProfile.percentByPackage)]] as [string, string][]) : []),
      ['load average before / after', `${loadBefore.toFixed(2)} / ${loadAverage().toFixed(2)} on ${figures.machine.cpus} cores`],
    ];
    printRows(breakdown);
    console.log('');

    figures.totalSeconds = round((performance.now() - started) / 1000);
    const written = await writeResults('reminders', figures);
    console.log(`figures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);
    if (duplicates > 0) throw new Error(`${duplicates} reminders made more than one notification`);
  } finally {
    const cleanupStart = performance.now();
    await cleanup();
    console.log(`cleaned up in ${fmt((performance.now() - cleanupStart) / 1000)} s; total ${fmt((performance.now() - started) / 1000)} s`);
  }
}

runBench('reminders', main);
