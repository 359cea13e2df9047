/** bench:reminders' size, knobs and targets (see the header of reminders.bench.ts). */

export const COUNT = Number(process.argv[2] ?? 1_000_000);
export const DUE = Number(process.env.BENCH_DUE ?? 20_000);
export const DUE_WINDOW_MS = Number(process.env.BENCH_DUE_WINDOW_MS ?? 10_000);
/** Between now and the first due reminder: time to insert and enqueue the due rows. */
export const DUE_LEAD_MS = Number(process.env.BENCH_DUE_LEAD_MS ?? 4_000);
/** How long to wait, after the last due time, for the stragglers to fire. */
export const FIRE_TIMEOUT_S = Number(process.env.BENCH_FIRE_TIMEOUT_S ?? 120);
/** No reminder fired for this long while some are due: the worker is stuck. */
export const STALL_S = 20;
/** ReminderEnqueuer's batch (not exported): the raw side adds in batches of the same size. */
export const BATCH = 5000;
/** ReminderProcessor's concurrency: the raw worker gets the same. */
export const CONCURRENCY = 50;
/**
 * What-if only: gives the platform's pg pool this many connections instead of its own 20 (see the
 * README: with 20, step 3 wedges). Unset, the platform runs exactly as configured.
 */
export const PG_POOL_MAX = process.env.BENCH_PG_POOL_MAX ? Number(process.env.BENCH_PG_POOL_MAX) : null;
/** Samples this process's CPU (V8 profiler) during the flush and the firing: where Node spends it. */
export const CPU_PROFILE = process.env.BENCH_CPU_PROFILE === '1';
export const QUEUE = 'reminders';
export const DUE_KEY = 'before:PT5M';
export const DAY = 86_400_000;
/** The 4 reminders of each deadline: key, time before the deadline, overdue notice or not. */
export const OFFSETS: readonly [string, number, boolean][] = [
  ['before:P3D', 3 * DAY, false],
  ['before:P1D', DAY, false],
  ['before:PT1H', 3_600_000, false],
  ['after:PT0S', 0, true],
];
export const TARGETS = { scheduleRatio: 0.7, bytesRatio: 1.2, p99Ratio: 1.5, p99Ms: 250, rebuildRatio: 2 };
