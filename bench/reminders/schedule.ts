/**
 * bench:reminders' steps 1, 2 and 4: every reminder scheduled raw (addBulk) and by the platform
 * (the outbox flush), the Redis bytes each costs, and the rebuild after Redis lost the platform's keys.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JobsOptions, Queue } from 'bullmq';
import { deleteRedisPrefix } from '../support/platform.js';
import { round } from '../support/report.js';
import { Phase, type PhaseFigures, usedMemory } from './instruments.js';
import { fmt, int } from './report.js';
import { BATCH, COUNT, QUEUE } from './settings.js';
import type { ReminderRun } from './setup.js';

export interface RawSchedule {
  seconds: number;
  memoryBefore: number;
  memoryAfter: number;
  figures: PhaseFigures;
  /** Every (COUNT / 200)th job's reminder id, for MEMORY USAGE. */
  sampleIds: string[];
}

/** Steps 1 + 2, raw: addBulk of COUNT jobs on the raw prefix, with the rows' delays, in the enqueuer's batches. */
export async function scheduleRaw(run: ReminderRun, rawQueue: Queue, fireTimes: Float64Array): Promise<RawSchedule> {
  const sampleIds: string[] = [];
  const memoryBefore = await usedMemory(run.redis);
  const phase = await new Phase(run.tools).start();
  const start = performance.now();
  for (let offset = 0; offset < COUNT; offset += BATCH) {
    const now = Date.now();
    const jobs: { name: string; data: { reminderId: string }; opts: JobsOptions }[] = [];
    for (let k = offset; k < Math.min(COUNT, offset + BATCH); k++) {
      const id = randomUUID();
      if (k % Math.max(1, Math.floor(COUNT / 200)) === 0) sampleIds.push(id);
      jobs.push({ name: 'fire', data: { reminderId: id }, opts: { ...run.jobOptions, jobId: `rem-${id}`, delay: Math.max(0, fireTimes[k] - now) } });
    }
    await rawQueue.addBulk(jobs);
  }
  const seconds = (performance.now() - start) / 1000;
  const figures = await phase.stop();
  const memoryAfter = await usedMemory(run.redis);
  const delayed = await rawQueue.getDelayedCount();
  if (delayed !== COUNT) throw new Error(`raw: ${delayed} delayed jobs after addBulk, expected ${COUNT}`);
  console.log(`  1 raw addBulk: ${int(COUNT)} jobs in ${fmt(seconds, 2)} s`);
  return { seconds, memoryBefore, memoryAfter, figures, sampleIds };
}

/** Times every addBulk of the platform's queue from now on: `times` (ms each), emptied by the caller between steps. */
export function timeAddBulk(queue: Queue): { times: number[] } {
  const times: number[] = [];
  const addBulk = queue.addBulk.bind(queue);
  queue.addBulk = (async (jobs: Parameters<Queue['addBulk']>[0]) => {
    const t = performance.now();
    try {
      return await addBulk(jobs);
    } finally {
      times.push(performance.now() - t);
    }
  }) as Queue['addBulk'];
  return { times };
}

export interface PlatformSchedule {
  seconds: number;
  addBulkMs: number;
  batches: number;
  memoryBefore: number;
  memoryAfter: number;
  figures: PhaseFigures;
}

/** Steps 1 + 2, platform: ReminderEnqueuer.flush() until every generated row is a delayed job. */
export async function schedulePlatform(run: ReminderRun, addBulkTimes: number[]): Promise<PlatformSchedule> {
  const memoryBefore = await usedMemory(run.redis);
  const phase = await new Phase(run.tools).start(true);
  const start = performance.now();
  const flushed = await run.enqueuer.flush();
  const seconds = (performance.now() - start) / 1000;
  const figures = await phase.stop();
  const addBulkMs = addBulkTimes.reduce((a, b) => a + b, 0);
  const batches = addBulkTimes.length;
  const memoryAfter = await usedMemory(run.redis);
  const notEnqueued = Number((await run.db.query(`SELECT count(*) AS n FROM reminders WHERE state = 'pending' AND NOT enqueued`)).rows[0].n);
  const delayed = await run.platformQueue.getDelayedCount();
  if (notEnqueued !== 0 || delayed !== COUNT) {
    throw new Error(`flush: ${notEnqueued} rows still not enqueued and ${delayed} delayed jobs (expected 0 and ${COUNT}); flush() returned ${flushed}`);
  }
  console.log(`  1 outbox flush: ${int(COUNT)} reminders in ${fmt(seconds, 2)} s (${batches} batches, addBulk ${fmt(addBulkMs / 1000, 2)} s of it)`);
  return { seconds, addBulkMs, batches, memoryBefore, memoryAfter, figures };
}

export interface JobMemory {
  jobHashBytes: number;
  delayedSetBytesPerJob: number;
  sampled: number;
}

/** Step 2 by sampling (MEMORY USAGE of job hashes and the delayed set), next to the used_memory deltas. */
export async function jobMemory(run: ReminderRun, rawSampleIds: string[]): Promise<{ platform: JobMemory; raw: JobMemory }> {
  const platformSample = (await run.db.query<{ id: string }>(`SELECT id FROM reminders TABLESAMPLE SYSTEM (1) LIMIT 200`)).rows.map((r) => r.id);
  const memoryUsage = async (prefix: string, ids: string[]): Promise<JobMemory> => {
    const sizes = await Promise.all(ids.map((id) => run.redis.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:rem-${id}`, 'SAMPLES', '0') as Promise<number | null>));
    const known = sizes.filter((s): s is number => typeof s === 'number');
    const zset = Number(await run.redis.call('MEMORY', 'USAGE', `${prefix}:${QUEUE}:delayed`, 'SAMPLES', '0'));
    return { jobHashBytes: round(known.reduce((a, b) => a + b, 0) / Math.max(1, known.length)), delayedSetBytesPerJob: round(zset / COUNT), sampled: known.length };
  };
  return { platform: await memoryUsage(run.config.queuePrefix, platformSample), raw: await memoryUsage(run.rawPrefix, rawSampleIds) };
}

export interface Rebuild {
  deletedKeys: number;
  deleteSeconds: number;
  memoryAfterLoss: number;
  seconds: number;
  addBulkMs: number;
  memoryAfter: number;
  figures: PhaseFigures;
  /** The reconciler's reset of the `enqueued` flags: [statement, its calls and time] when recorded. */
  resetStatement: [string, { calls: number; ms: number }] | undefined;
}

/** Step 4: Redis loses the platform's keys; ReminderReconciler.reconcile() rebuilds them from the rows. */
export async function rebuild(run: ReminderRun, addBulkTimes: number[]): Promise<Rebuild> {
  const deleteStart = performance.now();
  const deletedKeys = await deleteRedisPrefix(run.redis, run.config.queuePrefix);
  const memoryAfterLoss = await usedMemory(run.redis);
  const deleteSeconds = (performance.now() - deleteStart) / 1000;
  console.log(`  4 deleted ${int(deletedKeys)} keys of ${run.config.queuePrefix} in ${fmt(deleteSeconds)} s`);
  addBulkTimes.length = 0;
  const phase = await new Phase(run.tools).start();
  const start = performance.now();
  await run.reconciler.reconcile();
  const seconds = (performance.now() - start) / 1000;
  const figures = await phase.stop();
  const addBulkMs = addBulkTimes.reduce((a, b) => a + b, 0);
  const memoryAfter = await usedMemory(run.redis);
  const after = (await run.db.query(`SELECT count(*) FILTER (WHERE NOT enqueued) AS missing, count(*) AS pending FROM reminders WHERE state = 'pending'`)).rows[0];
  const delayed = await run.platformQueue.getDelayedCount();
  if (Number(after.missing) !== 0 || delayed !== COUNT) {
    throw new Error(`rebuild: ${after.missing} of ${after.pending} pending rows not enqueued and ${delayed} delayed jobs (expected ${COUNT})`);
  }
  const resetStatement = Object.entries(figures.statements).find(([key]) => key.startsWith('UPDATE reminders SET enqueued = false'));
  console.log(`  4 reconcile(): ${int(COUNT)} jobs back in ${fmt(seconds, 2)} s (reset UPDATE ${fmt((resetStatement?.[1].ms ?? NaN) / 1000, 2)} s)`);
  return { deletedKeys, deleteSeconds, memoryAfterLoss, seconds, addBulkMs, memoryAfter, figures, resetStatement };
}
