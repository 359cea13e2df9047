/** Figures and the report: percentiles, rounding, the machine, the process's meters, the table and the JSON. */
import { mkdir, writeFile } from 'node:fs/promises';
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
