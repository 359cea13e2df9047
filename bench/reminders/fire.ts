/**
 * bench:reminders' step 3: DUE reminders due within DUE_WINDOW_MS beside the COUNT waiting, fired
 * by the platform's worker, then as many jobs by a no-op BullMQ worker on the raw prefix.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { round } from '../support/report.js';
import { Phase, type PhaseFigures, type PoolSampler, sleep } from './instruments.js';
import { fmt, int } from './report.js';
import { BATCH, CONCURRENCY, DUE, DUE_KEY, DUE_LEAD_MS, DUE_WINDOW_MS, FIRE_TIMEOUT_S, QUEUE, STALL_S } from './settings.js';
import type { Held, ReminderRun } from './setup.js';

export interface Stall {
  afterSeconds: number;
  fired: number;
  pool: ReturnType<PoolSampler['now']>;
  sessions: Record<string, number>;
}

export interface PlatformFiring {
  dueCount: number;
  /** ms between two due times. */
  dueStep: number;
  /** fired_at − fire_at of each fired reminder, by PostgreSQL (negative = early). */
  lateness: number[];
  /** From due to BullMQ's `active`, per job. */
  pickup: number[];
  processDurations: number[];
  fired: number;
  firingSeconds: number;
  duplicates: number;
  enqueueSeconds: number;
  marginMs: number;
  stalled: Stall | null;
  figures: PhaseFigures;
}

/** Step 3, platform: the due rows inserted and flushed, then waited for until fired, given up on or stalled. */
export async function firePlatform(run: ReminderRun, deadlines: number): Promise<PlatformFiring> {
  const { db, processor, platformPool } = run;
  const dueCount = Math.min(DUE, deadlines);
  const dueStep = DUE_WINDOW_MS / dueCount;
  const pickup: number[] = [];
  const processDurations: number[] = [];
  processor.worker.on('active', (job: Job) => pickup.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0))));
  // Each job's processedOn → finishedOn (BullMQ's): the batch window, the claim, the careful path, and any re-delay in between.
  processor.worker.on('completed', (job: Job) => {
    if (job.processedOn && job.finishedOn) processDurations.push(job.finishedOn - job.processedOn);
  });
  const notificationsBefore = Number((await db.query('SELECT count(*) AS n FROM notifications')).rows[0].n);
  const dueStart = Date.now() + DUE_LEAD_MS;
  await db.query(
    `INSERT INTO reminders (id, deadline_id, subject_id, deadline_revision, offset_key, recipient_id, overdue, fire_at)
     SELECT gen_random_uuid(), d.id, d.subject_id, 1, $4, d.participant_ids[1], false,
            timestamptz 'epoch' + ($1::bigint + (d.n - 1) * $2::float8) * interval '1 millisecond'
       FROM (SELECT id, subject_id, participant_ids, row_number() OVER (ORDER BY due_at) AS n FROM deadlines ORDER BY due_at LIMIT $3) AS d`,
    [dueStart, dueStep, dueCount, DUE_KEY],
  );
  const flushStart = performance.now();
  await run.enqueuer.flush();
  const enqueueSeconds = (performance.now() - flushStart) / 1000;
  const marginMs = dueStart - Date.now();
  const phase = await new Phase(run.tools).start(true);
  const stalled = await awaitFired(run, { dueStart, dueCount, notificationsBefore });
  const figures = await phase.stop();
  const rows = (
    await db.query<{ ms: number | null; fired_ms: number | null }>(
      `SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS ms, extract(epoch FROM fired_at) * 1000 AS fired_ms FROM reminders WHERE offset_key = $1`,
      [DUE_KEY],
    )
  ).rows;
  const lateness = rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
  const firedTimes = rows.filter((r) => r.fired_ms !== null).map((r) => Number(r.fired_ms));
  const fired = lateness.length;
  const firingSeconds = firedTimes.length > 1 ? (Math.max(...firedTimes) - Math.min(...firedTimes)) / 1000 : NaN;
  const duplicates = Number((await db.query(`SELECT count(*) - count(DISTINCT dedupe_key) AS n FROM notifications`)).rows[0].n);
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
  console.log(`  3 platform: ${int(fired)} of ${int(dueCount)} fired (enqueued in ${fmt(enqueueSeconds, 2)} s, ${int(marginMs)} ms before the first was due)`);
  return { dueCount, dueStep, lateness, pickup, processDurations, fired, firingSeconds, duplicates, enqueueSeconds, marginMs, stalled, figures };
}

/** Counts the notifications until all due ones are in; null then, or when it gives up; what was busy when firing stalled. */
async function awaitFired(run: ReminderRun, due: { dueStart: number; dueCount: number; notificationsBefore: number }): Promise<Stall | null> {
  const { db } = run;
  const { dueStart, dueCount, notificationsBefore } = due;
  const giveUpAt = dueStart + DUE_WINDOW_MS + FIRE_TIMEOUT_S * 1000;
  let last = -1;
  let lastProgress = Date.now();
  for (;;) {
    await sleep(500);
    const fired = Number((await db.query('SELECT count(*) AS n FROM notifications')).rows[0].n) - notificationsBefore;
    if (fired >= dueCount) return null;
    if (fired !== last) {
      last = fired;
      lastProgress = Date.now();
    }
    if (Date.now() > giveUpAt) {
      console.log(`  3 platform: gave up with ${fired} of ${dueCount} fired`);
      return null;
    }
    if (Date.now() > dueStart && Date.now() - lastProgress > STALL_S * 1000) {
      const { rows } = await db.query<{ key: string; n: number }>(
        `SELECT concat_ws(':', state, coalesce(wait_event_type, 'CPU'), wait_event) AS key, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 2 DESC`,
      );
      const stalled = {
        afterSeconds: round((Date.now() - dueStart) / 1000),
        fired,
        pool: run.tools.pool.now(),
        sessions: Object.fromEntries(rows.map((r) => [r.key, r.n])),
      };
      console.log(`  3 platform: STALLED at ${fired} of ${dueCount} fired, pg pool ${JSON.stringify(stalled.pool)}, sessions ${JSON.stringify(stalled.sessions)}`);
      return stalled;
    }
  }
}

export interface RawFiring {
  lateness: number[];
  figures: PhaseFigures;
}

/** Step 3, raw: a no-op worker with the processor's concurrency on the raw prefix (held.rawWorker), as many jobs due as evenly. */
export async function fireRaw(run: ReminderRun, rawQueue: Queue, due: { dueCount: number; dueStep: number }, held: Held): Promise<RawFiring> {
  const { Worker } = await import('bullmq');
  const { dueCount, dueStep } = due;
  const lateness: number[] = [];
  const worker = new Worker(
    QUEUE,
    async (job: Job) => {
      lateness.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
    },
    { connection: run.connection, prefix: run.rawPrefix, concurrency: CONCURRENCY },
  );
  held.rawWorker = worker;
  await worker.waitUntilReady();
  const phase = await new Phase(run.tools).start();
  const dueStart = Date.now() + DUE_LEAD_MS;
  for (let offset = 0; offset < dueCount; offset += BATCH) {
    const now = Date.now();
    const jobs: { name: string; data: { reminderId: string }; opts: JobsOptions }[] = [];
    for (let i = offset; i < Math.min(dueCount, offset + BATCH); i++) {
      const id = randomUUID();
      jobs.push({ name: 'fire', data: { reminderId: id }, opts: { ...run.jobOptions, jobId: `rem-${id}`, delay: Math.max(0, dueStart + i * dueStep - now) } });
    }
    await rawQueue.addBulk(jobs);
  }
  const giveUpAt = dueStart + DUE_WINDOW_MS + FIRE_TIMEOUT_S * 1000;
  while (lateness.length < dueCount && Date.now() < giveUpAt) await sleep(200);
  const figures = await phase.stop();
  await worker.close();
  held.rawWorker = null;
  console.log(`  3 raw: ${int(lateness.length)} of ${int(dueCount)} processed`);
  return { lateness, figures };
}
