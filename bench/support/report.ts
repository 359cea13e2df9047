/** Figures and the report: percentiles, rounding, the machine, the process's meters, the table and the JSON. */
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { ROOT } from './root.js';

/** `p`-th percentile (nearest rank) of ascending `sorted`; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** An ascending copy of `values`. */
export const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** `value` rounded to `digits` decimals, as a number (for the JSON). */
export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** `value` with `digits` decimals for the table; '–' for null or NaN. */
export const fixed = (value: number | null, digits = 1): string => (value === null || Number.isNaN(value) ? '–' : value.toFixed(digits));

/** The 1-minute load average: other work on the machine skews every rate. */
export const loadAverage = (): number => loadavg()[0];

/** The machine the figures come from: cores and Node version. */
export const machine = (): { cpus: number; node: string } => ({ cpus: cpus().length, node: process.version });

/** Event-loop utilisation, event-loop delay (when asked for) and this process's CPU between start() and stop(). */
export class ProcessMeter {
  private readonly delay: IntervalHistogram | null;
  private elu = performance.eventLoopUtilization();
  private cpu = process.cpuUsage();

  constructor(options: { eventLoopDelay?: boolean } = {}) {
    this.delay = options.eventLoopDelay ? monitorEventLoopDelay({ resolution: 10 }) : null;
  }

  start(): void {
    this.delay?.reset();
    this.delay?.enable();
    this.elu = performance.eventLoopUtilization();
    this.cpu = process.cpuUsage();
  }

  /** Utilisation 0–1, delay p99 in ms (NaN when not measured), CPU seconds (user + system). */
  stop(): { eventLoopUtilization: number; eventLoopDelayP99Ms: number; cpuSeconds: number } {
    this.delay?.disable();
    const eventLoopUtilization = performance.eventLoopUtilization(this.elu).utilization;
    const cpu = process.cpuUsage(this.cpu);
    return {
      eventLoopUtilization,
      eventLoopDelayP99Ms: this.delay ? this.delay.percentile(99) / 1e6 : NaN,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }
}

/** Prints `label  value` rows, the labels padded to one width and indented by two spaces. */
export function printRows(rows: [string, string][]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

/** Writes `figures` as bench/results/<name>.json (pretty, newline-terminated); returns that path. */
export async function writeResults(name: string, figures: unknown): Promise<string> {
  await mkdir(`${ROOT}bench/results`, { recursive: true });
  await writeFile(`${ROOT}bench/results/${name}.json`, `${JSON.stringify(figures, null, 2)}\n`);
  return `bench/results/${name}.json`;
}

/** Linux's clock ticks per second in /proc (USER_HZ). */
const TICKS = 100;

/** utime + stime (and, with `children`, cutime + cstime: its waited-for children) of a /proc/…/stat line, in seconds. */
function statSeconds(stat: string, children = false): number {
  // The fields after the command, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
  return ticks / TICKS;
}

/**
 * The CPU seconds this thread has used (/proc/thread-self/stat, read on this thread: an async read
 * would run on libuv's pool and read that thread's); NaN where there is no /proc.
 */
export function threadCpuSeconds(): number {
  try {
    return statSeconds(readFileSync('/proc/thread-self/stat', 'utf8'));
  } catch {
    return NaN;
  }
}

/** The machine's CPU seconds at one instant, from /proc: busy (not idle or iowait), and this process's waited-for children. */
export interface CpuSample {
  busy: number;
  /** This process's children that have exited and been waited for (pgbench), cumulative. */
  children: number;
}

/** Reads a CpuSample; both figures NaN where there is no /proc. */
export async function sampleCpu(): Promise<CpuSample> {
  try {
    const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n', 1);
    const ticks = cpu.trim().split(/\s+/).slice(1, 9).map(Number);
    const self = await readFile('/proc/self/stat', 'utf8');
    return {
      busy: (ticks.reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) / TICKS,
      children: statSeconds(self, true) - statSeconds(self),
    };
  } catch {
    return { busy: NaN, children: NaN };
  }
}

/** What was used between two CpuSamples, in CPU seconds. */
export const cpuBetween = (from: CpuSample, to: CpuSample): CpuSample => ({ busy: to.busy - from.busy, children: to.children - from.children });

/** CPU milliseconds per unit (command, request, transaction): `busy` CPU seconds over `units`. */
export const cpuMsPer = (busy: number, units: number): number => round((busy / units) * 1000, 3);

/** The rate a second at which the machine's cores would all be busy, at `busy / units` CPU seconds a unit. */
export const rateTheCoresAllow = (busy: number, units: number): number => cpus().length / (busy / units);

/** The CPU milliseconds a unit may cost, every side together, for the machine's cores to allow `rate` a second. */
export const cpuBudgetMs = (rate: number): number => round((cpus().length / rate) * 1000, 3);
