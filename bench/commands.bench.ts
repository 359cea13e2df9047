/**
 * `npm run bench:commands`: sustained throughput of a simple directory command over HTTP
 * (`POST /api/v1/organizations`, 32 concurrent keep-alive clients) next to pgbench running the
 * SQL that command commits (row + journal event + outbox row), against the same database, in the
 * same run. Prints both and their ratio (target ≥ 0.5×) and writes bench/results/commands.json.
 *
 * The platform runs in this process with KELISIM_ROLE=all (API, worker and outbox relay
 * together, as `npm start` does); the HTTP clients run in a worker thread so they do not share
 * the server's event loop. Everything lives in a database and a queue prefix of its own, dropped
 * at the end. Knobs: BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, BENCH_SECONDS, DATABASE_URL, REDIS_URL.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { AppConfig } from '@kelisim/config';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGET_RATIO = 0.5;

const ROOT = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench/ -> repository root
const PGBENCH_SCRIPT = `${ROOT}bench/commands.pgbench.sql`;
const RESULTS_FILE = `${ROOT}bench/results/commands.json`;

interface LoadJob {
  port: number;
  token: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

interface LoadResult {
  /** 201s completed inside the measured window. */
  created: number;
  /** Every 201, warm-up and tail included (to check against the journal). */
  createdTotal: number;
  /** Non-201 answers by status, anywhere in the run. */
  unexpected: Record<string, number>;
  firstUnexpected: string | null;
  errors: number;
  firstError: string | null;
  /** Milliseconds, of the requests completed inside the measured window. */
  latencies: number[];
  windowMs: number;
}

// ---------------------------------------------------------------------------------------------
// Worker thread: the HTTP clients.
// ---------------------------------------------------------------------------------------------

async function runClients(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const result: LoadResult = {
    created: 0,
    createdTotal: 0,
    unexpected: {},
    firstUnexpected: null,
    errors: 0,
    firstError: null,
    latencies: [],
    windowMs: job.durationMs,
  };
  parentPort?.postMessage({ kind: 'started' });
  const start = performance.now();
  const windowStart = start + job.warmupMs;
  const windowEnd = windowStart + job.durationMs;
  const tag = randomBytes(3).toString('hex');

  const post = (body: string): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          host: '127.0.0.1',
          port: job.port,
          method: 'POST',
          path: '/api/v1/organizations',
          headers: {
            authorization: `Bearer ${job.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  const client = async (id: number): Promise<void> => {
    for (let i = 0; performance.now() < windowEnd; i++) {
      const body = JSON.stringify({ name: `Bench department ${tag}-${id}-${i}`, kind: 'department' });
      const sent = performance.now();
      try {
        const { status, text } = await post(body);
        const done = performance.now();
        if (status === 201) {
          result.createdTotal++;
          if (done >= windowStart && done <= windowEnd) {
            result.created++;
            result.latencies.push(done - sent);
          }
        } else {
          result.unexpected[status] = (result.unexpected[status] ?? 0) + 1;
          result.firstUnexpected ??= `${status} ${text.slice(0, 500)}`;
        }
      } catch (error) {
        result.errors++;
        result.firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, id) => client(id)));
  agent.destroy();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Main thread: the platform, the run, pgbench, the report.
// ---------------------------------------------------------------------------------------------

interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number | null;
  command: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function runProcess(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runPgbench(databaseUrl: string, actorId: string): Promise<PgbenchResult> {
  if (!existsSync(PGBENCH_SCRIPT)) throw new Error(`pgbench script not found at ${PGBENCH_SCRIPT}`);
  const threads = Math.max(1, Math.min(2, CONNECTIONS));
  const args = ['-n', '-M', 'extended', '-c', String(CONNECTIONS), '-j', String(threads), '-T', String(SECONDS)];
  args.push('-D', `actor_id=${actorId}`, '-f', PGBENCH_SCRIPT, databaseUrl);
  const { code, stdout, stderr } = await runProcess(process.env.PGBENCH ?? 'pgbench', args);
  if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${stderr}\n${stdout}`);
  const number = (pattern: RegExp): number | null => {
    const match = pattern.exec(stdout);
    return match ? Number(match[1]) : null;
  };
  const tps = number(/^tps = ([\d.]+)/m);
  if (tps === null) throw new Error(`cannot read tps from pgbench output:\n${stdout}`);
  return {
    tps,
    transactions: number(/number of transactions actually processed: (\d+)/) ?? 0,
    failed: number(/number of failed transactions: (\d+)/) ?? 0,
    latencyAvgMs: number(/latency average = ([\d.]+) ms/),
    command: `pgbench ${args.map((a) => (a === databaseUrl ? '<database>' : a)).join(' ')}`,
  };
}

async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const { default: pg } = await import('pg');
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function queryOne<T>(databaseUrl: string, sql: string): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] as T;
  } finally {
    await client.end();
  }
}

/**
 * Samples what the database's busy sessions are doing (state and wait event) every 100 ms: shows
 * whether commands queue on the journal head's row lock and what its holder is waiting for.
 */
class SessionSampler {
  private readonly counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  private constructor(private readonly client: import('pg').Client) {}

  static async open(databaseUrl: string): Promise<SessionSampler> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new SessionSampler(client);
  }

  start(): void {
    this.counts.clear();
    this.samples = 0;
    this.timer = setInterval(() => void this.sample(), 100);
  }

  /** Average number of sessions per state:wait event, busiest first. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const averages = [...this.counts.entries()]
      .map(([key, count]) => [key, Number((count / Math.max(1, this.samples)).toFixed(2))] as const)
      .sort((a, b) => b[1] - a[1]);
    return Object.fromEntries(averages);
  }

  async close(): Promise<void> {
    this.stop();
    await this.client.end().catch(() => undefined);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ key: string; n: number }>(
        `SELECT concat_ws(':', state, coalesce(wait_event_type, 'CPU'), wait_event) AS key, count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid() AND state <> 'idle'
          GROUP BY 1`,
      );
      this.samples++;
      for (const row of rows) this.counts.set(row.key, (this.counts.get(row.key) ?? 0) + row.n);
    } catch {
      // a missed sample is fine
    } finally {
      this.busy = false;
    }
  }
}

const topSessions = (sessions: Record<string, number>): string =>
  Object.entries(sessions)
    .slice(0, 3)
    .map(([key, n]) => `${n} ${key}`)
    .join(', ') || '–';

const fmt = (value: number | null, digits = 1): string => (value === null || Number.isNaN(value) ? '–' : value.toFixed(digits));

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadavg()[0];
  await import('reflect-metadata');
  const { loadConfig } = await import('@kelisim/config');
  const { createApi } = await import('../apps/api/src/bootstrap.js');

  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  databaseUrl.pathname = `/kelisim_bench_${run}`;
  const adminEmail = 'bench-admin@kelisim.test';
  const adminPassword = randomBytes(12).toString('hex');
  const config: AppConfig = loadConfig({
    ...process.env,
    NODE_ENV: process.env.NODE_ENV ?? 'benchmark',
    KELISIM_ROLE: 'all',
    PORT: '0',
    DATABASE_URL: databaseUrl.toString(),
    KELISIM_QUEUE_PREFIX: `kb_${run}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    KELISIM_ADMIN_EMAIL: adminEmail,
    KELISIM_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
  });

  let app: Awaited<ReturnType<typeof createApi>> | null = null;
  try {
    console.log(`bench:commands — ${CONNECTIONS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, database ${databaseUrl.pathname.slice(1)}`);
    app = await createApi(config);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const login = await fetch(`http://127.0.0.1:${address.port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const readyMs = performance.now() - started;

    // --- HTTP ---------------------------------------------------------------------------------
    const headBefore = await queryOne<{ position: string }>(config.databaseUrl, 'SELECT position FROM journal_head WHERE id = 1');
    const sampler = await SessionSampler.open(config.databaseUrl);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    let eluStart = performance.eventLoopUtilization();
    let cpuStart = process.cpuUsage();
    const job: LoadJob = {
      port: address.port,
      token: accessToken,
      connections: CONNECTIONS,
      warmupMs: WARMUP_SECONDS * 1000,
      durationMs: SECONDS * 1000,
    };
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    // Server-side figures cover the measured window only; the clients time it from their start.
    let eluWindow = 0;
    let httpSessions: Record<string, number> = {};
    let cpuWindow = { user: 0, system: 0 };
    let warmupTimer: NodeJS.Timeout | undefined;
    let stopTimer: NodeJS.Timeout | undefined;
    const load = await new Promise<LoadResult>((resolve, reject) => {
      worker.on('message', (message: { kind: 'started' } | { kind: 'result'; result: LoadResult }) => {
        if (message.kind === 'result') return resolve(message.result);
        warmupTimer = setTimeout(() => {
          loopDelay.enable();
          sampler.start();
          eluStart = performance.eventLoopUtilization();
          cpuStart = process.cpuUsage();
        }, job.warmupMs);
        stopTimer = setTimeout(() => {
          loopDelay.disable();
          httpSessions = sampler.stop();
          eluWindow = performance.eventLoopUtilization(eluStart).utilization;
          cpuWindow = process.cpuUsage(cpuStart);
        }, job.warmupMs + job.durationMs);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
    });
    clearTimeout(warmupTimer);
    clearTimeout(stopTimer);
    const after = await queryOne<{ position: string; pending: string }>(
      config.databaseUrl,
      'SELECT h.position, (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS pending FROM journal_head h WHERE h.id = 1',
    );
    const committed = Number(after.position) - Number(headBefore.position);
    const loadAfterHttp = loadavg()[0];

    const latencies = load.latencies.sort((a, b) => a - b);
    const httpRate = load.created / (load.windowMs / 1000);
    const nonCreated = Object.values(load.unexpected).reduce((a, b) => a + b, 0);

    // --- pgbench (platform stopped: the SQL alone, on the same database) -----------------------
    await app.close();
    app = null;
    let pgbenchSessions: Record<string, number> = {};
    const actor = await queryOne<{ id: string }>(config.databaseUrl, `SELECT id FROM users ORDER BY created_at LIMIT 1`);
    sampler.start();
    const pgbench = await runPgbench(config.databaseUrl, actor.id).finally(() => (pgbenchSessions = sampler.stop()));
    await sampler.close();
    const ratio = httpRate / pgbench.tps;

    const figures = {
      at: new Date().toISOString(),
      // 1-minute load average before the run and after each phase: other work on the machine skews both rates.
      machine: {
        cpus: cpus().length,
        node: process.version,
        loadAverage: { before: loadBefore, afterHttp: loadAfterHttp, afterPgbench: loadavg()[0] },
      },
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_SECONDS,
      seconds: SECONDS,
      http: {
        endpoint: 'POST /api/v1/organizations',
        commandsPerSecond: Number(httpRate.toFixed(1)),
        created: load.created,
        createdTotal: load.createdTotal,
        journalEventsCommitted: committed,
        nonCreated,
        nonCreatedByStatus: load.unexpected,
        transportErrors: load.errors,
        latencyMs: {
          p50: Number(fmt(percentile(latencies, 50), 2)),
          p90: Number(fmt(percentile(latencies, 90), 2)),
          p99: Number(fmt(percentile(latencies, 99), 2)),
          max: Number(fmt(latencies[latencies.length - 1] ?? NaN, 2)),
        },
        server: {
          eventLoopUtilization: Number(eluWindow.toFixed(3)),
          eventLoopDelayP99Ms: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
          processCpuCores: Number(((cpuWindow.user + cpuWindow.system) / 1e6 / SECONDS).toFixed(2)),
          outboxUnpublishedAfterRun: Number(after.pending),
          /** Average busy PostgreSQL sessions per state:wait event during the window. */
          sessions: httpSessions,
        },
      },
      pgbench: {
        tps: Number(pgbench.tps.toFixed(1)),
        transactions: pgbench.transactions,
        failed: pgbench.failed,
        latencyAvgMs: pgbench.latencyAvgMs,
        command: pgbench.command,
        sessions: pgbenchSessions,
      },
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      meetsTarget: ratio >= TARGET_RATIO,
      startupSeconds: Number((readyMs / 1000).toFixed(1)),
      totalSeconds: 0,
    };

    const h = figures.http;
    const rows: [string, string][] = [
      ['HTTP commands/s (201)', fmt(httpRate)],
      ['pgbench tps (same SQL)', fmt(pgbench.tps)],
      ['ratio HTTP / pgbench', `${ratio.toFixed(2)}×  (target ≥ ${TARGET_RATIO}×${ratio >= TARGET_RATIO ? ', met' : ', NOT met'})`],
      ['HTTP latency p50 / p90 / p99', `${fmt(h.latencyMs.p50)} / ${fmt(h.latencyMs.p90)} / ${fmt(h.latencyMs.p99)} ms`],
      ['pgbench latency avg', `${fmt(pgbench.latencyAvgMs)} ms`],
      ['HTTP 201 in window / all / journal', `${load.created} / ${load.createdTotal} / ${committed}`],
      ['HTTP non-201 / transport errors', `${nonCreated} / ${load.errors}`],
      ['server event loop busy / delay p99', `${(eluWindow * 100).toFixed(0)} % / ${h.server.eventLoopDelayP99Ms} ms`],
      ['server process CPU (cores)', `${h.server.processCpuCores} of ${cpus().length}`],
      ['outbox unpublished after HTTP run', String(h.server.outboxUnpublishedAfterRun)],
      ['busy PG sessions, HTTP (avg)', topSessions(httpSessions)],
      ['busy PG sessions, pgbench (avg)', topSessions(pgbenchSessions)],
      ['load average before / HTTP / pgbench', `${[loadBefore, loadAfterHttp, figures.machine.loadAverage.afterPgbench].map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} cores`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length));
    console.log('');
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    console.log('');

    figures.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    await mkdir(`${ROOT}bench/results`, { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`figures written to bench/results/commands.json (run took ${figures.totalSeconds} s before cleanup)`);

    if (nonCreated > 0 || load.errors > 0) {
      throw new Error(
        `${nonCreated} non-201 answers ${JSON.stringify(load.unexpected)} and ${load.errors} transport errors; ` +
          `first: ${load.firstUnexpected ?? load.firstError}`,
      );
    }
    if (pgbench.failed > 0) throw new Error(`pgbench reported ${pgbench.failed} failed transactions`);
    if (committed !== load.createdTotal) {
      throw new Error(`the journal grew by ${committed} events but the clients saw ${load.createdTotal} 201s`);
    }
  } finally {
    await app?.close().catch(() => undefined);
    await dropRedisPrefix(config.redisUrl, config.queuePrefix).catch((error: Error) => console.error(`cannot clean Redis: ${error.message}`));
    await dropDatabase(config.databaseUrl).catch((error: Error) => console.error(`cannot drop the database: ${error.message}`));
  }
}

if (isMainThread) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('bench:commands failed:', error);
      process.exit(1);
    },
  );
} else {
  const result = await runClients(workerData as LoadJob);
  parentPort!.postMessage({ kind: 'result', result });
}
