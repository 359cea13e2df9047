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
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ROOT } from './support/root.js';
import { benchRun, dropRun, login, runBench, startPlatform } from './support/platform.js';
import { queryOne, SessionSampler, topSessions } from './support/postgres.js';
import { runPgbench } from './support/pgbench.js';
import { closedLoop, type ClosedLoopResult, httpRequest } from './support/http.js';
import { fixed as fmt, loadAverage, machine, percentile, printRows, ProcessMeter, writeResults } from './support/report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGET_RATIO = 0.5;

const PGBENCH_SCRIPT = `${ROOT}bench/commands.pgbench.sql`;

interface LoadJob {
  port: number;
  token: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

interface LoadResult extends ClosedLoopResult {
  windowMs: number;
}

// ---------------------------------------------------------------------------------------------
// Worker thread: the HTTP clients.
// ---------------------------------------------------------------------------------------------

async function runClients(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  parentPort?.postMessage({ kind: 'started' });
  const tag = randomBytes(3).toString('hex');
  const load = await closedLoop({
    connections: job.connections,
    warmupMs: job.warmupMs,
    durationMs: job.durationMs,
    body: (id, i) => JSON.stringify({ name: `Bench department ${tag}-${id}-${i}`, kind: 'department' }),
    send: (body) => httpRequest(agent, job.port, job.token, 'POST', '/api/v1/organizations', body),
  });
  agent.destroy();
  return { ...load, windowMs: job.durationMs };
}

// ---------------------------------------------------------------------------------------------
// Main thread: the platform, the run, pgbench, the report.
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadAverage();
  const { config, database, adminEmail, adminPassword } = await benchRun('all');

  let app: Awaited<ReturnType<typeof startPlatform>>['app'] | null = null;
  try {
    console.log(`bench:commands — ${CONNECTIONS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, database ${database}`);
    const platform = await startPlatform(config);
    app = platform.app;
    const accessToken = await login(platform.port, adminEmail, adminPassword);
    const readyMs = performance.now() - started;

    // --- HTTP ---------------------------------------------------------------------------------
    const headBefore = await queryOne<{ position: string }>(config.databaseUrl, 'SELECT coalesce(max(position), 0) AS position FROM journal_events');
    const sampler = await SessionSampler.open(config.databaseUrl);
    const meter = new ProcessMeter({ eventLoopDelay: true });
    const job: LoadJob = {
      port: platform.port,
      token: accessToken,
      connections: CONNECTIONS,
      warmupMs: WARMUP_SECONDS * 1000,
      durationMs: SECONDS * 1000,
    };
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    // Server-side figures cover the measured window only; the clients time it from their start.
    let server = { eventLoopUtilization: 0, eventLoopDelayP99Ms: NaN, cpuSeconds: 0 };
    let httpSessions: Record<string, number> = {};
    let warmupTimer: NodeJS.Timeout | undefined;
    let stopTimer: NodeJS.Timeout | undefined;
    const load = await new Promise<LoadResult>((resolve, reject) => {
      worker.on('message', (message: { kind: 'started' } | { kind: 'result'; result: LoadResult }) => {
        if (message.kind === 'result') return resolve(message.result);
        warmupTimer = setTimeout(() => {
          meter.start();
          sampler.start();
        }, job.warmupMs);
        stopTimer = setTimeout(() => {
          server = meter.stop();
          httpSessions = sampler.stop();
        }, job.warmupMs + job.durationMs);
      });
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
    });
    clearTimeout(warmupTimer);
    clearTimeout(stopTimer);
    const after = await queryOne<{ position: string; pending: string }>(
      config.databaseUrl,
      'SELECT (SELECT coalesce(max(position), 0) FROM journal_events) AS position, (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS pending',
    );
    const committed = Number(after.position) - Number(headBefore.position);
    const loadAfterHttp = loadAverage();

    const latencies = load.latencies.sort((a, b) => a - b);
    const httpRate = load.created / (load.windowMs / 1000);
    const nonCreated = Object.values(load.unexpected).reduce((a, b) => a + b, 0);

    // --- pgbench (platform stopped: the SQL alone, on the same database) -----------------------
    await app.close();
    app = null;
    let pgbenchSessions: Record<string, number> = {};
    const actor = await queryOne<{ id: string }>(config.databaseUrl, `SELECT id FROM users ORDER BY created_at LIMIT 1`);
    sampler.start();
    const pgbench = await runPgbench({ databaseUrl: config.databaseUrl, script: PGBENCH_SCRIPT, clients: CONNECTIONS, seconds: SECONDS, defines: { actor_id: actor.id } }).finally(() => (pgbenchSessions = sampler.stop()));
    await sampler.close();
    const ratio = httpRate / pgbench.tps;
    const eluWindow = server.eventLoopUtilization;

    const figures = {
      at: new Date().toISOString(),
      // 1-minute load average before the run and after each phase: other work on the machine skews both rates.
      machine: {
        ...machine(),
        loadAverage: { before: loadBefore, afterHttp: loadAfterHttp, afterPgbench: loadAverage() },
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
          eventLoopDelayP99Ms: Number(server.eventLoopDelayP99Ms.toFixed(1)),
          processCpuCores: Number((server.cpuSeconds / SECONDS).toFixed(2)),
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
    console.log('');
    printRows(rows);
    console.log('');

    figures.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const written = await writeResults('commands', figures);
    console.log(`figures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);

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
    await dropRun(config);
  }
}

if (isMainThread) {
  runBench('commands', main);
} else {
  const result = await runClients(workerData as LoadJob);
  parentPort!.postMessage({ kind: 'result', result });
}
