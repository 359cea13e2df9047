/** bench:reminders' figures: the ratios against their targets, the JSON, the table and where the time went. */
import { totalmem } from 'node:os';
import { loadAverage, machine, percentile, printRows, round } from '../support/report.js';
import { topSessions } from '../support/postgres.js';
import type { PhaseFigures } from './instruments.js';
import type { PlatformFiring, RawFiring } from './fire.js';
import type { JobMemory, PlatformSchedule, RawSchedule, Rebuild } from './schedule.js';
import { BATCH, CONCURRENCY, COUNT, DUE_WINDOW_MS, PG_POOL_MAX, TARGETS } from './settings.js';
import type { Generated, RedisBefore } from './setup.js';

export const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const int = (value: number) => fmt(value, 0);

export function distribution(values: number[]) {
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

/** What the steps measured. */
export interface Measured {
  loadBefore: number;
  /** From the start to the platform ready, with its users and the bench's clients. */
  readyMs: number;
  redis: RedisBefore & { peak: number };
  generated: Generated;
  raw: RawSchedule;
  flush: PlatformSchedule;
  jobMemory: { platform: JobMemory; raw: JobMemory };
  rebuild: Rebuild;
  fire: PlatformFiring;
  rawFire: RawFiring;
}

/** The ratios and their verdicts. */
function judge(m: Measured) {
  const { raw, flush, rebuild, fire, rawFire } = m;
  const rawRate = COUNT / raw.seconds;
  const flushRate = COUNT / flush.seconds;
  const scheduleRatio = flushRate / rawRate;
  const rawBytes = (raw.memoryAfter - raw.memoryBefore) / COUNT;
  const platformBytes = (flush.memoryAfter - flush.memoryBefore) / COUNT;
  const bytesRatio = platformBytes / rawBytes;
  const platformDist = distribution(fire.lateness);
  const rawDist = distribution(rawFire.lateness);
  const early = fire.lateness.filter((ms) => ms < 0).length;
  const p99Ratio = platformDist.p99 / rawDist.p99;
  const rebuildRatio = rebuild.seconds / raw.seconds;
  const allFired = fire.fired === fire.dueCount && rawFire.lateness.length === fire.dueCount;
  const met = {
    schedule: scheduleRatio >= TARGETS.scheduleRatio,
    bytes: bytesRatio <= TARGETS.bytesRatio,
    lateness: allFired && platformDist.p99 <= TARGETS.p99Ratio * rawDist.p99 && platformDist.p99 < TARGETS.p99Ms && early === 0,
    rebuild: rebuildRatio <= TARGETS.rebuildRatio,
  };
  const statementsPerFire = Object.values(fire.figures.statements).reduce((a, s) => a + s.calls, 0) / Math.max(1, fire.fired);
  return { rawRate, flushRate, scheduleRatio, rawBytes, platformBytes, bytesRatio, platformDist, rawDist, early, p99Ratio, rebuildRatio, met, statementsPerFire };
}

/** The figures of bench/results/reminders.json (totalSeconds set by the caller at the end). */
export function reminderFigures(m: Measured) {
  const { raw, flush, rebuild, fire, rawFire } = m;
  const { rawRate, flushRate, scheduleRatio, rawBytes, platformBytes, bytesRatio, platformDist, rawDist, early, p99Ratio, rebuildRatio, met, statementsPerFire } = judge(m);
  const firedPerReminder = (phase: PhaseFigures, n: number) =>
    Object.fromEntries(Object.entries(phase.statements).map(([key, s]) => [key, { perReminder: round(s.calls / Math.max(1, n), 2), msPerCall: round(s.ms / Math.max(1, s.calls), 2) }]));

  return {
    at: new Date().toISOString(),
    machine: { ...machine(), memoryMiB: Math.round(totalmem() / 2 ** 20), loadAverage: { before: m.loadBefore, after: loadAverage() } },
    count: COUNT,
    deadlines: m.generated.deadlines,
    due: fire.dueCount,
    dueWindowMs: DUE_WINDOW_MS,
    batch: BATCH,
    concurrency: CONCURRENCY,
    /** Set only in a what-if run (BENCH_PG_POOL_MAX): the platform's pg pool size was overridden. */
    pgPoolMaxOverride: PG_POOL_MAX,
    setup: {
      startupSeconds: round(m.readyMs / 1000),
      generateSeconds: round(m.generated.insertSeconds),
      vacuumAnalyzeCheckpointSeconds: round(m.generated.generateSeconds - m.generated.insertSeconds),
    },
    redis: { maxmemory: Number(m.redis.maxmemory), policy: m.redis.policy, baselineBytes: m.redis.baseline, peakBytes: m.redis.peak, neededBytes: m.redis.peak - m.redis.baseline },
    schedule: {
      raw: { seconds: round(raw.seconds, 2), perSecond: Math.round(rawRate), figures: raw.figures },
      platform: {
        seconds: round(flush.seconds, 2),
        perSecond: Math.round(flushRate),
        batches: flush.batches,
        addBulkSeconds: round(flush.addBulkMs / 1000, 2),
        postgresSeconds: round(Object.values(flush.figures.statements).reduce((a, s) => a + s.ms, 0) / 1000, 2),
        walBytesPerReminder: Math.round(flush.figures.walBytes / COUNT),
        figures: flush.figures,
      },
      ratio: round(scheduleRatio, 3),
      target: TARGETS.scheduleRatio,
      meetsTarget: met.schedule,
    },
    memory: {
      raw: { bytesPerJob: round(rawBytes), before: raw.memoryBefore, after: raw.memoryAfter, sampled: m.jobMemory.raw },
      platform: { bytesPerJob: round(platformBytes), before: flush.memoryBefore, after: flush.memoryAfter, sampled: m.jobMemory.platform },
      afterRebuildBytesPerJob: round((rebuild.memoryAfter - rebuild.memoryAfterLoss) / COUNT),
      ratio: round(bytesRatio, 3),
      target: TARGETS.bytesRatio,
      meetsTarget: met.bytes,
    },
    lateness: {
      platform: {
        ms: platformDist,
        fired: fire.fired,
        early,
        earlyWithinToleranceMs50: fire.lateness.filter((ms) => ms < 0 && ms >= -50).length,
        duplicateNotifications: fire.duplicates,
        firedPerSecond: round(fire.fired / fire.firingSeconds),
        enqueueSeconds: round(fire.enqueueSeconds, 2),
        marginBeforeFirstDueMs: fire.marginMs,
        pickupLatenessMs: distribution(fire.pickup),
        processDurationMs: distribution(fire.processDurations),
        stalled: fire.stalled,
        statementsPerFiredReminder: round(statementsPerFire, 2),
        statements: firedPerReminder(fire.figures, fire.fired),
        figures: fire.figures,
      },
      raw: { ms: rawDist, processed: rawFire.lateness.length, early: rawFire.lateness.filter((ms) => ms < 0).length, figures: rawFire.figures },
      p99Ratio: round(p99Ratio, 2),
      target: { p99Ratio: TARGETS.p99Ratio, p99Ms: TARGETS.p99Ms, early: 0 },
      meetsTarget: met.lateness,
    },
    rebuild: {
      seconds: round(rebuild.seconds, 2),
      perSecond: Math.round(COUNT / rebuild.seconds),
      deletedKeys: rebuild.deletedKeys,
      deleteSeconds: round(rebuild.deleteSeconds, 2),
      resetUpdateSeconds: round((rebuild.resetStatement?.[1].ms ?? NaN) / 1000, 2),
      addBulkSeconds: round(rebuild.addBulkMs / 1000, 2),
      walBytesPerReminder: Math.round(rebuild.figures.walBytes / COUNT),
      figures: rebuild.figures,
      rawAddBulkSeconds: round(raw.seconds, 2),
      ratio: round(rebuildRatio, 2),
      target: TARGETS.rebuildRatio,
      meetsTarget: met.rebuild,
    },
    totalSeconds: 0,
  };
}

export type ReminderFigures = ReturnType<typeof reminderFigures>;

/** The table of the four targets, then where the time went. */
export function printReport(m: Measured, figures: ReminderFigures): void {
  const { raw, flush, rebuild, fire, rawFire } = m;
  const { rawRate, flushRate, scheduleRatio, rawBytes, platformBytes, bytesRatio, platformDist, rawDist, early, p99Ratio, rebuildRatio, met, statementsPerFire } = judge(m);
  const platformFired = fire.fired;
  const dueCount = fire.dueCount;
  const flushFigures = flush.figures;
  const fireFigures = fire.figures;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ms = (d: { p50: number; p99: number; max: number }) => `p50 ${fmt(d.p50)} / p99 ${fmt(d.p99)} / max ${fmt(d.max)} ms`;
  const rows: [string, string, string, string][] = [
    ['1 schedule, outbox flush()', `${int(flushRate)} /s (${fmt(flush.seconds, 1)} s)`, `raw addBulk ${int(rawRate)} /s (${fmt(raw.seconds, 1)} s)`, `${fmt(scheduleRatio, 2)}× (≥ ${TARGETS.scheduleRatio}×) ${verdict(met.schedule)}`],
    ['2 Redis bytes per pending job', `${int(platformBytes)} B`, `raw ${int(rawBytes)} B`, `${fmt(bytesRatio, 2)}× (≤ ${TARGETS.bytesRatio}×) ${verdict(met.bytes)}`],
    ['  MEMORY USAGE job hash + zset', `${int(m.jobMemory.platform.jobHashBytes)} + ${int(m.jobMemory.platform.delayedSetBytesPerJob)} B`, `raw ${int(m.jobMemory.raw.jobHashBytes)} + ${int(m.jobMemory.raw.delayedSetBytesPerJob)} B`, ''],
    ['3 lateness, platform (PG)', ms(platformDist), `raw ${ms(rawDist)}`, `p99 ${fmt(p99Ratio, 2)}× (≤ ${TARGETS.p99Ratio}× and < ${TARGETS.p99Ms} ms) ${verdict(met.lateness)}`],
    ['  fired / early (< 0 ms)', `${int(platformFired)} of ${int(dueCount)} / ${int(early)}`, `raw ${int(rawFire.lateness.length)} of ${int(dueCount)} / ${int(rawFire.lateness.filter((v) => v < 0).length)}`, early === 0 ? 'none early' : 'EARLY ones'],
    ['  firing rate', `${fmt(platformFired / fire.firingSeconds)} /s`, '', fire.stalled ? `STALLED after ${fire.stalled.fired}` : ''],
    ['4 rebuild, reconcile()', `${fmt(rebuild.seconds, 1)} s (${int(COUNT / rebuild.seconds)} /s)`, `raw addBulk ${fmt(raw.seconds, 1)} s`, `${fmt(rebuildRatio, 2)}× (≤ ${TARGETS.rebuildRatio}×) ${verdict(met.rebuild)}`],
    ['Redis memory needed (peak − start)', `${int((m.redis.peak - m.redis.baseline) / 2 ** 20)} MiB`, '', ''],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log('');
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
  console.log('');
  const breakdown: [string, string][] = [
    ['flush: addBulk / PostgreSQL / wall', `${fmt(flush.addBulkMs / 1000, 1)} / ${fmt(figures.schedule.platform.postgresSeconds, 1)} / ${fmt(flush.seconds, 1)} s over ${flush.batches} batches`],
    ['flush: event loop busy, process CPU, Redis CPU', `${fmt(flushFigures.eventLoopUtilization * 100, 0)} %, ${fmt(flushFigures.processCpuCores, 2)} cores, ${fmt(flushFigures.redisCpuCores, 2)} cores (raw: ${fmt(raw.figures.eventLoopUtilization * 100, 0)} %, ${fmt(raw.figures.processCpuCores, 2)}, ${fmt(raw.figures.redisCpuCores, 2)})`],
    ['flush: WAL per reminder; row updates (HOT)', `${int(figures.schedule.platform.walBytesPerReminder)} B; ${int(flushFigures.reminderUpdates.updated)} (${int(flushFigures.reminderUpdates.hot)})`],
    ['rebuild: reset UPDATE / addBulk / wall', `${fmt(figures.rebuild.resetUpdateSeconds, 1)} / ${fmt(rebuild.addBulkMs / 1000, 1)} / ${fmt(rebuild.seconds, 1)} s, WAL ${int(figures.rebuild.walBytesPerReminder)} B per reminder, row updates ${int(rebuild.figures.reminderUpdates.updated)} (HOT ${int(rebuild.figures.reminderUpdates.hot)})`],
    ['fire: statements per fired reminder', platformFired === 0 ? 'n/a: none fired' : `${fmt(statementsPerFire, 1)} (${Object.entries(fireFigures.statements).slice(0, 12).map(([key, s]) => `${fmt(s.calls / Math.max(1, platformFired), 2)}× ${key.slice(0, 48)}`).join('; ')})`],
    ['fire: pickup lateness (BullMQ active)', ms(distribution(fire.pickup))],
    ["fire: a job's processedOn → finishedOn (batch window, claim, re-delays)", ms(distribution(fire.processDurations))],
    ['fire: event loop busy / delay p99', `${fmt(fireFigures.eventLoopUtilization * 100, 0)} % / ${fmt(fireFigures.eventLoopDelayP99Ms)} ms, process ${fmt(fireFigures.processCpuCores, 2)} cores, Redis ${fmt(fireFigures.redisCpuCores, 2)} cores`],
    ['fire: pg pool in use / waiting (avg, max)', `${fmt(fireFigures.pool.avgInUse)} (${fireFigures.pool.maxInUse}) / ${fmt(fireFigures.pool.avgWaiting)} (${fireFigures.pool.maxWaiting})`],
    ['fire: busy PG sessions (avg)', topSessions(fireFigures.sessions, 4)],
    ...(flushFigures.cpuProfile ? ([['flush: Node CPU by package (%)', JSON.stringify(flushFigures.cpuProfile.percentByPackage)]] as [string, string][]) : []),
    ...(fireFigures.cpuProfile ? ([['fire: Node CPU by package (%)', JSON.stringify(fireFigures.cpuProfile.percentByPackage)]] as [string, string][]) : []),
    ['load average before / after', `${m.loadBefore.toFixed(2)} / ${loadAverage().toFixed(2)} on ${figures.machine.cpus} cores`],
  ];
  printRows(breakdown);
  console.log('');
}
