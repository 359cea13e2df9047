/**
 * bench:reminders' instruments: what the process, Redis and PostgreSQL do during a phase (Phase),
 * the platform's pg pool, Redis memory and, on request, a CPU profile of this process.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Client, Pool } from 'pg';
import type { SessionSampler } from '../support/postgres.js';
import { round } from '../support/report.js';
import type { StatementRecorder } from '../support/statements.js';
import { CPU_PROFILE } from './settings.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The platform's pg pool of commands: connections in use and callers waiting for one, every 50 ms. */
export class PoolSampler {
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

export async function redisInfo(redis: Redis, section: string): Promise<Record<string, string>> {
  const text = await redis.info(section);
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((line) => line.includes(':') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
  );
}

export async function usedMemory(redis: Redis): Promise<number> {
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

export interface PhaseFigures {
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

/** What a Phase reads: Redis, a client of the bench's own, and the samplers of the platform's statements, sessions and pool. */
export interface PhaseTools {
  redis: Redis;
  sql: Client;
  statements: StatementRecorder;
  sessions: SessionSampler;
  pool: PoolSampler;
}

/** What the process, Redis and PostgreSQL did between start() and stop(). */
export class Phase {
  private started = 0;
  private elu = performance.eventLoopUtilization();
  private cpu = process.cpuUsage();
  private redisCpu = 0;
  private redisCommands = 0;
  private wal = '0/0';
  private tuples = { upd: 0, hot: 0 };
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private readonly profiler = new Profiler();

  constructor(private readonly tools: PhaseTools) {}

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
