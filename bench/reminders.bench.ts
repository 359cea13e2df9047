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
 *
 * This file runs the steps in order and cleans up; bench/reminders/ holds them: settings.ts (size,
 * knobs, targets), setup.ts (preflight, platform, generated rows), schedule.ts (steps 1, 2, 4),
 * fire.ts (step 3), instruments.ts (Phase and its samplers), report.ts (figures and tables).
 */
import { performance } from 'node:perf_hooks';
import { benchRun, dropRun, runBench } from './support/platform.js';
import { loadAverage, round, writeResults } from './support/report.js';
import { StatementRecorder } from './support/statements.js';
import { firePlatform, fireRaw } from './reminders/fire.js';
import { redisInfo } from './reminders/instruments.js';
import { fmt, printReport, reminderFigures } from './reminders/report.js';
import { jobMemory, rebuild, schedulePlatform, scheduleRaw, timeAddBulk } from './reminders/schedule.js';
import { COUNT, PG_POOL_MAX, QUEUE } from './reminders/settings.js';
import { connect, generate, type Held, preflight, startWithUsers } from './reminders/setup.js';

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(COUNT) || COUNT < 4 || COUNT % 4 !== 0) throw new Error(`the count must be a positive multiple of 4, not ${process.argv[2]}`);
  const started = performance.now();
  const loadBefore = loadAverage();
  await import('reflect-metadata');
  const { default: pg } = await import('pg');
  const { Redis } = await import('ioredis');
  const { Queue } = await import('bullmq');
  const { redisOptions } = await import('@kelisim/queue');
  // The enqueuer's job options (not on the context's public surface): the raw jobs get the very same.
  const { REMINDER_JOB_OPTIONS } = await import('../libs/deadlines/src/reminders/infrastructure/reminder-queue.js');

  const statements = new StatementRecorder();
  statements.install(pg);
  if (PG_POOL_MAX !== null) {
    // The unit of work and TypeORM create their pools with `new pg.Pool(options)`: this one overrides the size they ask for.
    const PlatformPool = pg.Pool;
    (pg as { Pool: unknown }).Pool = class extends PlatformPool {
      constructor(options?: ConstructorParameters<typeof PlatformPool>[0]) {
        super({ ...options, max: PG_POOL_MAX ?? undefined });
      }
    };
  }

  // The periodic reconciler would flush the generated rows before the timed flush: once an hour here.
  process.env.KELISIM_RECONCILE_MS = '3600000';
  const { config, database, id: runId, adminEmail, adminPassword } = await benchRun('all');
  const rawPrefix = `kbraw_${runId}`;
  if (config.redis?.kind !== 'single') throw new Error('bench:reminders measures one Redis server: set REDIS_URL to one (bench:queues compares the queue stores)');
  const connection = redisOptions(config.redis.url);

  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
  const held: Held = { app: null, rawQueue: null, rawWorker: null, sql: null, samplerClient: null };
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await held.rawWorker?.close(true).catch(() => undefined);
    await held.rawQueue?.close().catch(() => undefined);
    await held.sql?.end().catch(() => undefined);
    await held.samplerClient?.end().catch(() => undefined);
    // A wedged worker never lets close() finish: give it a while, then drop everything anyway.
    if (held.app) await withTimeout(held.app.close(), 20_000, 'app.close()').catch((error: Error) => console.error(error.message));
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
    const redisBefore = await preflight(redis, { database, prefixes: [config.queuePrefix, rawPrefix] });
    const users = await startWithUsers(config, { email: adminEmail, password: adminPassword }, held);
    const run = await connect(held.app!, { config, redis, rawPrefix, connection, jobOptions: REMINDER_JOB_OPTIONS }, statements, held);
    const readyMs = performance.now() - started;
    const generated = await generate(run.db, users);

    const rawQueue = new Queue(QUEUE, { connection, prefix: rawPrefix });
    held.rawQueue = rawQueue;
    await rawQueue.waitUntilReady();
    const raw = await scheduleRaw(run, rawQueue, generated.fireTimes);
    const addBulk = timeAddBulk(run.platformQueue);
    const flush = await schedulePlatform(run, addBulk.times);
    const memory = await jobMemory(run, raw.sampleIds);
    // Step 4 before step 3, which may leave the platform wedged.
    const rebuilt = await rebuild(run, addBulk.times);
    const fire = await firePlatform(run, generated.deadlines);
    const rawFire = await fireRaw(run, rawQueue, fire, held);

    const peak = Number((await redisInfo(redis, 'memory')).used_memory_peak);
    const measured = { loadBefore, readyMs, redis: { ...redisBefore, peak }, generated, raw, flush, jobMemory: memory, rebuild: rebuilt, fire, rawFire };
    const figures = reminderFigures(measured);
    printReport(measured, figures);
    figures.totalSeconds = round((performance.now() - started) / 1000);
    const written = await writeResults('reminders', figures);
    console.log(`figures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);
    if (fire.duplicates > 0) throw new Error(`${fire.duplicates} reminders made more than one notification`);
  } finally {
    const cleanupStart = performance.now();
    await cleanup();
    console.log(`cleaned up in ${fmt((performance.now() - cleanupStart) / 1000)} s; total ${fmt((performance.now() - started) / 1000)} s`);
  }
}

runBench('reminders', main);
