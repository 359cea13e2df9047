/** Statements the platform sends, counted and timed in the measured process (on request: it costs). */
import { performance } from 'node:perf_hooks';
import { round } from './report.js';

export interface StatementStat {
  calls: number;
  ms: number;
}

/**
 * Counts and times every statement the platform sends through node-postgres while recording (the
 * bench's own clients excepted): where a flush, a rebuild or a fired reminder spends its SQL.
 */
export class StatementRecorder {
  readonly own = new WeakSet<object>();
  private stats = new Map<string, StatementStat>();
  private recording = false;

  install(pg: { Client: { prototype: object } }): void {
    const proto = pg.Client.prototype as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const recorder = this;
    proto.query = function (this: object, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (!recorder.recording || recorder.own.has(this)) return result;
      const first = args[0] as string | { text?: string } | undefined;
      const text = typeof first === 'string' ? first : first?.text;
      if (!text || !result || typeof (result as Promise<unknown>).then !== 'function') return result;
      // Literals written into a statement (a batch) would make every call a key of its own. Only the
      // start is read (messages run to tens of kilobytes; this runs in the measured process).
      const key = text
        .slice(0, 600)
        .replace(/'(?:[^']|'')*'/g, "'…'")
        .replace(/'[^']*$/, "'…")
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 90);
      const started = performance.now();
      const done = () => {
        const stat = recorder.stats.get(key) ?? { calls: 0, ms: 0 };
        stat.calls += 1;
        stat.ms += performance.now() - started;
        recorder.stats.set(key, stat);
      };
      (result as Promise<unknown>).then(done, done);
      return result;
    };
  }

  start(): void {
    this.stats = new Map();
    this.recording = true;
  }

  /** Statements per unit of work (e.g. per command): calls / units, most frequent first. */
  static perUnit(stats: Record<string, StatementStat>, units: number, top = 20): { statement: string; perUnit: number; msEach: number }[] {
    return Object.entries(stats)
      .map(([statement, s]) => ({ statement, perUnit: round(s.calls / Math.max(1, units), 2), msEach: round(s.ms / Math.max(1, s.calls), 2) }))
      .sort((a, b) => b.perUnit - a.perUnit)
      .slice(0, top);
  }

  stop(): Record<string, StatementStat> {
    this.recording = false;
    return Object.fromEntries(
      [...this.stats.entries()].sort((a, b) => b[1].ms - a[1].ms).map(([key, s]) => [key, { calls: s.calls, ms: round(s.ms) }]),
    );
  }
}
