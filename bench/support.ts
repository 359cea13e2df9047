/**
 * Support shared by the benchmarks (bench/*.bench.ts): a database and queue prefix of the run's own,
 * the platform started in-process, HTTP from a worker thread, pgbench, figures and their report, and
 * the cleanup. What each bench measures stays in its own file.
 *
 * Only Node's own modules are imported at the top: the benches' worker threads load this module too,
 * and `reflect-metadata`, the configuration and the platform are imported when first needed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Client } from 'pg';
import type { RunningConfig } from '@kelisim/config';

/** The repository root, with a trailing slash (this module runs from dist/bench/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// ---------------------------------------------------------------------------------------------
// The run: its configuration, the platform, the cleanup
// ---------------------------------------------------------------------------------------------

export interface BenchRun {
  config: RunningConfig;
  /** `kelisim_bench_<pid>_<random>`: the run's own database. */
  database: string;
  /** `<pid>_<random>`: names the database and the queue prefix (`kb_<run>`). */
  id: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * The platform's configuration for one run: a database (`kelisim_bench_<run>`) and queue prefix
 * (`kb_<run>`) of its own, a fresh JWT secret and bootstrap admin, silent logs, an ephemeral port.
 */
export async function benchRun(role: 'all' | 'api'): Promise<BenchRun> {
  await import('reflect-metadata');
  const { loadConfig } = await import('@kelisim/config');
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  databaseUrl.pathname = `/kelisim_bench_${id}`;
  const adminEmail = 'bench-admin@kelisim.test';
  const adminPassword = randomBytes(12).toString('hex');
  const loaded = loadConfig({
    ...process.env,
    // The benches measure against external services: Redis on localhost unless REDIS_URL says otherwise ('' runs the queues on PostgreSQL).
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    NODE_ENV: process.env.NODE_ENV ?? 'benchmark',
    KELISIM_ROLE: role,
    PORT: '0',
    DATABASE_URL: databaseUrl.toString(),
    KELISIM_QUEUE_PREFIX: `kb_${id}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    KELISIM_ADMIN_EMAIL: adminEmail,
    KELISIM_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
  });
  const config: RunningConfig = { ...loaded, databaseUrl: databaseUrl.toString() };
  return { config, database: databaseUrl.pathname.slice(1), id, adminEmail, adminPassword };
}

/** Starts the platform in this process (`createApi`, which migrates the database) on 127.0.0.1, any free port. */
export async function startPlatform(config: RunningConfig): Promise<{ app: INestApplication; port: number }> {
  const { createApi } = await import('../apps/api/src/bootstrap.js');
  const app = await createApi(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, port: (app.getHttpServer().address() as { port: number }).port };
}

/** `fetch` against `/api/v1` of the platform: JSON in and out; any status ≥ 300 throws. */
export function apiClient(port: number) {
  return async <T>(method: string, path: string, token: string | null, body?: object): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** Logs in through the API and returns the access token. */
export async function login(port: number, email: string, password: string): Promise<string> {
  return (await apiClient(port)<{ accessToken: string }>('POST', '/auth/login', null, { email, password })).accessToken;
}

/** Deletes every key under `<prefix>:` (SCAN + UNLINK, 5,000 at a time); returns how many. */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/** `DROP DATABASE … WITH (FORCE)` of the database `databaseUrl` names, from the `postgres` database. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  await withClient(url.toString(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Drops what a run left behind: the keys of its queue prefixes (the run's own by default) and its
 * database. Reports a failure on stderr and goes on; never throws. Uses `redis` when given.
 */
export async function dropRun(config: RunningConfig, prefixes: string[] = [config.queuePrefix], redis?: Redis): Promise<void> {
  if (config.redis?.kind === 'single') {
    let client = redis;
    if (!client) {
      const { Redis } = await import('ioredis');
      client = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
    }
    try {
      for (const prefix of prefixes) {
        await deleteRedisPrefix(client, prefix).catch((error: Error) => console.error(`cannot clean Redis prefix ${prefix}: ${error.message}`));
      }
    } finally {
      if (!redis) client.disconnect();
    }
  }
  await dropDatabase(config.databaseUrl).catch((error: Error) => console.error(`cannot drop the database: ${error.message}`));
}

/** Runs a bench's `main`, then exits: 0 when it resolves, 1 (with `bench:<name> failed:`) when it throws. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench:${name} failed:`, error);
      process.exit(1);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL, processes, pgbench
// ---------------------------------------------------------------------------------------------

/** A pg client of its own for `work`, ended afterwards. */
export async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The first row of `sql`, on a client of its own. */
export async function queryOne<T>(databaseUrl: string, sql: string): Promise<T> {
  return withClient(databaseUrl, async (client) => (await client.query(sql)).rows[0] as T);
}

/** Runs a program to its end and collects its output; `input`, when given, writes its stdin. */
export function runProcess(
  command: string,
  args: string[],
  input?: (stdin: NodeJS.WritableStream) => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input && child.stdin) input(child.stdin).then(() => child.stdin!.end(), reject);
  });
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number | null;
  /** The command line, the database left out. */
  command: string;
}

/**
 * `pgbench -n -M simple -c <clients> -j <min(2, clients)> -T <seconds> -D <name=value>… -f <script>[@weight]…`
 * against `databaseUrl` (the binary from PGBENCH, else `pgbench` on the PATH), and its figures.
 * Throws when pgbench fails or prints no tps.
 */
export async function runPgbench(options: {
  databaseUrl: string;
  /** One script, or several run at their weights (`-f <path>@<weight>`): a mix of commands. */
  script: string | { path: string; weight: number }[];
  clients: number;
  seconds: number;
  defines: Record<string, string | number>;
}): Promise<PgbenchResult> {
  const { databaseUrl, script, clients, seconds, defines } = options;
  const given = typeof script === 'string' ? [{ path: script, weight: 0 }] : script;
  for (const { path } of given) if (!existsSync(path)) throw new Error(`pgbench script not found at ${path}`);
  const rendered = await mkdtemp(join(tmpdir(), 'kelisim-pgbench-'));
  const scripts = await Promise.all(
    given.map(async ({ path, weight }, i) => {
      const out = join(rendered, `${i}-${basename(path)}`);
      await writeFile(out, await renderPgbenchScript(await readFile(path, 'utf8'), dirname(path)));
      return { path: out, weight };
    }),
  );
  const threads = Math.max(1, Math.min(2, clients));
  const args = ['-n', '-M', 'simple', '-c', String(clients), '-j', String(threads), '-T', String(seconds)];
  for (const [name, value] of Object.entries(defines)) args.push('-D', `${name}=${value}`);
  for (const { path, weight } of scripts) args.push('-f', weight > 0 ? `${path}@${weight}` : path);
  args.push(databaseUrl);
  const { code, stdout, stderr } = await runProcess(process.env.PGBENCH ?? 'pgbench', args).finally(() =>
    rm(rendered, { recursive: true, force: true }),
  );
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

/**
 * A pgbench script with its journal appends written in: a block
 *
 *     /*@journal_append
 *     $0 = <a CTE put before the append's own, optional>
 *     $1 = <stream ids> … $7 = <occurred at> [$8 = <hashes> $9 = <previous hashes>]
 *     @*\/
 *
 * becomes the platform's own append statement (`JOURNAL_APPEND_SQL` of @kelisim/persistence) with
 * each $n replaced by the pgbench expression given for it, as the platform replaces it with a
 * literal: the scripts cannot drift from the statement they measure. `/*@include <file>*\/` writes in
 * a part shared by scripts (a file next to the script).
 */
export async function renderPgbenchScript(template: string, dir: string): Promise<string> {
  const { JOURNAL_APPEND_SQL } = await import('@kelisim/persistence');
  let text = template;
  for (const [block, name] of template.matchAll(/\/\*@include ([\w.-]+)\*\//g)) text = text.replace(block, await readFile(join(dir, name), 'utf8'));
  return text.replace(/\/\*@journal_append\n([\s\S]*?)@\*\//g, (_, block: string) => {
    const args = new Map<number, string>();
    for (const part of block.split(/^(?=\$\d\s*=)/m)) {
      const match = /^\$(\d)\s*=\s*([\s\S]*)$/.exec(part.trim());
      if (match) args.set(Number(match[1]), match[2].trim());
    }
    for (let n = 1; n <= 7; n++) if (!args.has(n)) throw new Error(`a journal_append block without $${n}`);
    // The hashes ($8, $9) are computed in Node and sent as literals: here 64 random hex digits per event.
    const hexes = `(SELECT array_agg(md5(random()::text) || md5(random()::text)) FROM generate_series(1, cardinality(${args.get(1)})))`;
    for (const n of [8, 9]) if (!args.has(n)) args.set(n, hexes);
    const statement = JOURNAL_APPEND_SQL.trim().replace(/\$(\d+)/g, (__, n: string) => args.get(Number(n))!);
    const extra = args.get(0);
    return extra ? statement.replace(/^WITH /, `WITH ${extra},\n`) : statement;
  });
}

/**
 * Busy PostgreSQL sessions of the client's database (itself left out) by state and wait event,
 * sampled every 100 ms between start() and stop(): e.g. commands queued on the journal head's row
 * lock, and what its holder waits for.
 */
export class SessionSampler {
  private counts = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(private readonly client: Client) {}

  /** A sampler on a client of its own (close() ends it). */
  static async open(databaseUrl: string): Promise<SessionSampler> {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new SessionSampler(client);
  }

  start(): void {
    this.counts = new Map();
    this.samples = 0;
    this.timer = setInterval(() => void this.sample(), 100);
  }

  /** Average number of sessions per state:wait event, busiest first. */
  stop(): Record<string, number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return Object.fromEntries(
      [...this.counts.entries()].map(([key, n]) => [key, round(n / Math.max(1, this.samples), 2)] as const).sort((a, b) => b[1] - a[1]),
    );
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

/** The `top` busiest entries of a SessionSampler's figures, as `0.9 active:Lock:tuple, …` ('–' when none). */
export function topSessions(sessions: Record<string, number>, top = 3): string {
  return (
    Object.entries(sessions)
      .slice(0, top)
      .map(([key, n]) => `${n} ${key}`)
      .join(', ') || '–'
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP clients in a worker thread
// ---------------------------------------------------------------------------------------------

/** One request to the platform on `agent` (keep-alive): status and body text. Rejects on a transport error. */
export function httpRequest(
  agent: http.Agent,
  port: number,
  token: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
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
}

/** What closedLoop counted. */
export interface ClosedLoopResult {
  /** Expected answers completed inside the measured window. */
  created: number;
  /** Every expected answer, warm-up and tail included. */
  createdTotal: number;
  /** Other answers by status, anywhere in the run. */
  unexpected: Record<string, number>;
  firstUnexpected: string | null;
  errors: number;
  firstError: string | null;
  /** Milliseconds, of the requests completed inside the measured window. */
  latencies: number[];
}

/**
 * `connections` clients, each sending `send(body(client, i))` back to back from now until the end of
 * warm-up + measured window: counts the answers with status `expected` completed inside the window
 * (and their latencies, the body built before the clock starts), every other answer and transport error.
 */
export async function closedLoop(options: {
  connections: number;
  warmupMs: number;
  durationMs: number;
  body: (client: number, i: number) => string;
  send: (body: string) => Promise<{ status: number; text: string }>;
  expected?: number;
  /** How much of the first unexpected answer's text to keep. */
  textLimit?: number;
}): Promise<ClosedLoopResult> {
  const { connections, body, send, expected = 201, textLimit = 500 } = options;
  const result: ClosedLoopResult = { created: 0, createdTotal: 0, unexpected: {}, firstUnexpected: null, errors: 0, firstError: null, latencies: [] };
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const client = async (id: number): Promise<void> => {
    for (let i = 0; performance.now() < windowEnd; i++) {
      const payload = body(id, i);
      const sent = performance.now();
      try {
        const { status, text } = await send(payload);
        const done = performance.now();
        if (status === expected) {
          result.createdTotal++;
          if (done >= windowStart && done <= windowEnd) {
            result.created++;
            result.latencies.push(done - sent);
          }
        } else {
          result.unexpected[status] = (result.unexpected[status] ?? 0) + 1;
          result.firstUnexpected ??= `${status} ${text.slice(0, textLimit)}`;
        }
      } catch (error) {
        result.errors++;
        result.firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, id) => client(id)));
  return result;
}

/**
 * Runs `data` through the module `moduleUrl` in a worker thread (whose side is serveWorker) and
 * resolves with its result; rejects with its error or when it exits without one.
 */
export function inWorker<T>(moduleUrl: string | URL, data: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(moduleUrl), { workerData: data });
    worker.once('message', (message: { ok: true; result: T } | { ok: false; error: string }) =>
      message.ok ? resolve(message.result) : reject(new Error(message.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

/** The worker thread's side of inWorker: runs `work` on the workerData and posts back its result or error. */
export function serveWorker<J, T>(work: (job: J) => Promise<T>): void {
  work(workerData as J).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: Error) => parentPort!.postMessage({ ok: false, error: error.message }),
  );
}

// ---------------------------------------------------------------------------------------------
// Figures and the report
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Statements the platform sends
// ---------------------------------------------------------------------------------------------

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
