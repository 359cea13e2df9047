/**
 * `npm run bench:commands`: sustained throughput of a simple directory command over HTTP
 * (`POST /api/v1/organizations`, 32 concurrent keep-alive clients) next to, in the same run and
 * against the same database:
 * - pgbench running the SQL that command commits (row + journal event + outbox row): target ≥ 0.5×;
 * - pgbench running the same command under the old design's journal (one chain under a head row
 *   locked until commit, bench/global-lock-reference.init.sql): target ≥ 1.5× (issue 11);
 * - the transport floor: the same SQL message behind a bare node:http handler of this process (a
 *   pg pool of the platform's size, JSON in and out; no auth, validation, logging or journal work),
 *   measured by the same clients — what no HTTP service in Node reaches on this machine.
 * Prints them and the ratios and writes bench/results/commands.json.
 *
 * The platform runs in this process with KELISIM_ROLE=all (API, worker and outbox relay
 * together, as `npm start` does); the HTTP clients run in a worker thread so they do not share
 * the server's event loop. Everything lives in a database and a queue prefix of its own, dropped
 * at the end. Knobs: BENCH_CONNECTIONS, BENCH_WARMUP_SECONDS, BENCH_SECONDS, DATABASE_URL, REDIS_URL;
 * BENCH_API_PROCESSES (1) and BENCH_WORKER=process to run the platform as a deployment scales it out.
 * Each side's CPU per command is read from /proc: what the machine's cores allow at that CPU.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ROOT } from './support/root.js';
import { benchRun, dropRun, forkPlatform, login, type PlatformProcesses, runBench, startPlatform } from './support/platform.js';
import { queryOne, SessionSampler, topSessions } from './support/postgres.js';
import { loadGlobalLockReference, renderPgbenchScript, runPgbench } from './support/pgbench.js';
import { closedLoop, type ClosedLoopResult, httpRequest, serveFloor } from './support/http.js';
import { cpuBetween, cpuBudgetMs, cpuMsPer as ms, type CpuSample, fixed as fmt, loadAverage, machine, percentile, printRows, ProcessMeter, rateTheCoresAllow, sampleCpu, threadCpuSeconds, writeResults } from './support/report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** API processes serving the clients: this one and BENCH_API_PROCESSES − 1 forked (KELISIM_ROLE=api). */
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
/** BENCH_WORKER=process: the worker runs in a process of its own (as docker/compose.yaml runs it), this one is KELISIM_ROLE=api. */
const WORKER_PROCESS = process.env.BENCH_WORKER === 'process';
const TARGET_RATIO = 0.5;
/** HTTP against pgbench running the command under the old design's global-lock append (issue 11). */
const TARGET_REFERENCE_RATIO = 1.5;

const PGBENCH_SCRIPT = `${ROOT}bench/commands.pgbench.sql`;

interface LoadJob {
  /** The platform's ports (client i uses port i mod their number), or the transport floor's (which answers any path). */
  ports: number[];
  token: string;
  connections: number;
  warmupMs: number;
  durationMs: number;
}

interface LoadResult extends ClosedLoopResult {
  windowMs: number;
  /** The clients' thread's CPU seconds in the measured window. */
  clientCpuSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Worker thread: the HTTP clients.
// ---------------------------------------------------------------------------------------------

async function runClients(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  parentPort?.postMessage({ kind: 'started' });
  const tag = randomBytes(3).toString('hex');
  const clientCpu = new Promise<number>((resolve) =>
    setTimeout(() => {
      const start = threadCpuSeconds();
      setTimeout(() => resolve(threadCpuSeconds() - start), job.durationMs);
    }, job.warmupMs),
  );
  const loop = await closedLoop({
    connections: job.connections,
    warmupMs: job.warmupMs,
    durationMs: job.durationMs,
    body: (id, i) => JSON.stringify({ name: `Bench department ${tag}-${id}-${i}`, kind: 'department' }),
    send: (body, id) => httpRequest(agent, job.ports[id % job.ports.length]!, job.token, 'POST', '/api/v1/organizations', body),
  });
  agent.destroy();
  return { ...loop, windowMs: job.durationMs, clientCpuSeconds: await clientCpu };
}

/** Runs the clients in a worker thread against `job.ports`; `onStart` when they start (the warm-up begins). */
function load(job: LoadJob, onStart: () => void = () => undefined): Promise<LoadResult> {
  return new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.on('message', (message: { kind: 'started' } | { kind: 'result'; result: LoadResult }) =>
      message.kind === 'result' ? resolve(message.result) : onStart(),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  });
}

/**
 * The transport floor: a bare node:http server on this thread that answers every POST with 201
 * after sending the command's SQL message — the pgbench script, rendered with the platform's append,
 * its variables filled in (one random number per request, as pgbench's `\set r`) — through a pg
 * pool of the platform's size.
 */
async function startFloor(databaseUrl: string, poolSize: number, actorId: string): Promise<{ port: number; close: () => Promise<void> }> {
  const { readFile } = await import('node:fs/promises');
  const { default: pg } = await import('pg');
  const script = await renderPgbenchScript(await readFile(PGBENCH_SCRIPT, 'utf8'), `${ROOT}bench`);
  // pgbench's meta-commands go (the script's one, `\set r random(…)`, becomes a random number per request).
  const sql = script.replace(/^--.*$/gm, '').replace(/^\\set .*$/gm, '').replaceAll('\\;', ';').replaceAll(':actor_id', actorId);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  let n = 0;
  return serveFloor(async (_, body) => {
    const { name } = JSON.parse(body) as { name: string };
    await pool.query(sql.replaceAll(':client_id', String(n++)).replace(/:r\b/g, String(Math.floor(Math.random() * 1e12))));
    return { status: 201, body: { name } };
  }, pool);
}

/**
 * CPU per command of each side, from /proc, and the rate that CPU allows on this machine's cores.
 * PostgreSQL's share is what the machine was busy with beyond the Node processes (HTTP) or pgbench:
 * PostgreSQL with the kernel's work for it (this machine runs nothing else during a bench).
 */
function cpuPerCommand(run: {
  http: CpuSample & { commands: number; clients: number; api: number; worker: number };
  pgbench: CpuSample & { transactions: number; tps: number };
}) {
  const { http, pgbench } = run;
  const cpuBound = rateTheCoresAllow(http.busy, http.commands);
  return {
    http: {
      busyCores: Number((http.busy / SECONDS).toFixed(2)),
      msPerCommand: {
        machine: ms(http.busy, http.commands),
        postgres: ms(http.busy - http.api - http.worker - http.clients, http.commands),
        api: ms(http.api, http.commands),
        worker: WORKER_PROCESS ? ms(http.worker, http.commands) : null,
        clients: ms(http.clients, http.commands),
      },
    },
    pgbench: {
      busyCores: Number((pgbench.busy / SECONDS).toFixed(2)),
      msPerTransaction: {
        machine: ms(pgbench.busy, pgbench.transactions),
        postgres: ms(pgbench.busy - pgbench.children, pgbench.transactions),
        pgbench: ms(pgbench.children, pgbench.transactions),
      },
    },
    cpuBoundCommandsPerSecond: Number(cpuBound.toFixed(1)),
    cpuBoundRatio: Number((cpuBound / pgbench.tps).toFixed(3)),
    /** The CPU per command every side together may cost for the HTTP path to reach TARGET_RATIO × pgbench. */
    budgetForTargetMs: cpuBudgetMs(TARGET_RATIO * pgbench.tps),
  };
}

function cpuRows(cpu: ReturnType<typeof cpuPerCommand>): [string, string][] {
  const h = cpu.http.msPerCommand;
  const p = cpu.pgbench.msPerTransaction;
  return [
    ['CPU ms per command, HTTP', `${fmt(h.machine, 3)} (${cpu.http.busyCores} cores busy): API ${fmt(h.api, 3)}${h.worker === null ? ' (worker inside)' : `, worker ${fmt(h.worker, 3)}`}, clients ${fmt(h.clients, 3)}, PostgreSQL and the kernel ${fmt(h.postgres, 3)}`],
    ['CPU ms per transaction, pgbench', `${fmt(p.machine, 3)} (${cpu.pgbench.busyCores} cores busy): pgbench ${fmt(p.pgbench, 3)}, PostgreSQL and the kernel ${fmt(p.postgres, 3)}`],
    ["rate the cores allow at HTTP's CPU", `${fmt(cpu.cpuBoundCommandsPerSecond)}/s (${cpu.cpuBoundRatio.toFixed(2)}× pgbench); ${TARGET_RATIO}× needs ≤ ${fmt(cpu.budgetForTargetMs, 3)} ms per command in all`],
  ];
}

// ---------------------------------------------------------------------------------------------
// Main thread: the platform, the run, pgbench, the report.
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const loadBefore = loadAverage();
  const { config, database, adminEmail, adminPassword } = await benchRun(WORKER_PROCESS ? 'api' : 'all');

  let app: Awaited<ReturnType<typeof startPlatform>>['app'] | null = null;
  let sampler: SessionSampler | null = null;
  let extra: PlatformProcesses | null = null;
  let worker: PlatformProcesses | null = null;
  try {
    console.log(`bench:commands — ${CONNECTIONS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s, database ${database}`);
    const platform = await startPlatform(config);
    app = platform.app;
    extra = await forkPlatform(config, 'api', API_PROCESSES - 1);
    worker = await forkPlatform(config, 'worker', WORKER_PROCESS ? 1 : 0);
    const accessToken = await login(platform.port, adminEmail, adminPassword);
    const readyMs = performance.now() - started;

    // --- HTTP ---------------------------------------------------------------------------------
    const headBefore = await queryOne<{ position: string }>(config.databaseUrl, 'SELECT coalesce(max(position), 0) AS position FROM journal_events');
    sampler = await SessionSampler.open(config.databaseUrl);
    const meter = new ProcessMeter({ eventLoopDelay: true });
    const job: LoadJob = {
      ports: [platform.port, ...extra.ports],
      token: accessToken,
      connections: CONNECTIONS,
      warmupMs: WARMUP_SECONDS * 1000,
      durationMs: SECONDS * 1000,
    };
    // Server-side figures cover the measured window only; the clients time it from their start.
    let server = { eventLoopUtilization: 0, eventLoopDelayP99Ms: NaN, cpuSeconds: 0 };
    let httpSessions: Record<string, number> = {};
    /** The forked API processes' CPU seconds in the window. */
    let extraCpu = 0;
    let cpuStart: Promise<CpuSample> | undefined;
    let cpuEnd: Promise<CpuSample> | undefined;
    let workerCpu = 0;
    let warmupTimer: NodeJS.Timeout | undefined;
    let stopTimer: NodeJS.Timeout | undefined;
    const result = await load(job, () => {
      warmupTimer = setTimeout(() => {
        cpuStart = sampleCpu();
        void extra?.cpuSeconds().then((seconds) => (extraCpu -= seconds));
        void worker?.cpuSeconds().then((seconds) => (workerCpu -= seconds));
        meter.start();
        sampler!.start();
      }, job.warmupMs);
      stopTimer = setTimeout(() => {
        cpuEnd = sampleCpu();
        void extra?.cpuSeconds().then((seconds) => (extraCpu += seconds));
        void worker?.cpuSeconds().then((seconds) => (workerCpu += seconds));
        server = meter.stop();
        httpSessions = sampler!.stop();
      }, job.warmupMs + job.durationMs);
    });
    clearTimeout(warmupTimer);
    clearTimeout(stopTimer);
    const after = await queryOne<{ position: string; pending: string }>(
      config.databaseUrl,
      'SELECT (SELECT coalesce(max(position), 0) FROM journal_events) AS position, (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS pending',
    );
    const committed = Number(after.position) - Number(headBefore.position);
    const httpCpu = cpuBetween(await cpuStart!, await cpuEnd!);
    const loadAfterHttp = loadAverage();

    const latencies = result.latencies.sort((a, b) => a - b);
    const httpRate = result.created / (result.windowMs / 1000);
    const nonCreated = Object.values(result.unexpected).reduce((a, b) => a + b, 0);

    // --- the transport floor, then pgbench (platform stopped; on the same database) ------------
    await extra.close();
    extra = null;
    await worker.close();
    worker = null;
    await app.close();
    app = null;
    const actor = await queryOne<{ id: string }>(config.databaseUrl, `SELECT id FROM users ORDER BY created_at LIMIT 1`);
    const floor = await startFloor(config.databaseUrl, config.databasePoolSize, actor.id);
    const floorLoad = await load({ ...job, ports: [floor.port] }).finally(floor.close);
    if (floorLoad.errors > 0 || Object.keys(floorLoad.unexpected).length > 0) {
      throw new Error(`the transport floor: ${JSON.stringify(floorLoad.unexpected)}, ${floorLoad.errors} transport errors; first: ${floorLoad.firstUnexpected ?? floorLoad.firstError}`);
    }
    const floorRate = floorLoad.created / (floorLoad.windowMs / 1000);
    let pgbenchSessions: Record<string, number> = {};
    sampler.start();
    const pgbenchCpuStart = await sampleCpu();
    const pgbench = await runPgbench({ databaseUrl: config.databaseUrl, script: PGBENCH_SCRIPT, clients: CONNECTIONS, seconds: SECONDS, defines: { actor_id: actor.id } }).finally(() => (pgbenchSessions = sampler!.stop()));
    const pgbenchCpu = cpuBetween(pgbenchCpuStart, await sampleCpu());
    await loadGlobalLockReference(config.databaseUrl, ROOT);
    let referenceSessions: Record<string, number> = {};
    sampler.start();
    const reference = await runPgbench({
      databaseUrl: config.databaseUrl,
      script: PGBENCH_SCRIPT,
      append: 'global-lock',
      clients: CONNECTIONS,
      seconds: SECONDS,
      defines: { actor_id: actor.id },
    }).finally(() => (referenceSessions = sampler!.stop()));
    const ratio = httpRate / pgbench.tps;
    const referenceRatio = httpRate / reference.tps;
    const eluWindow = server.eventLoopUtilization;
    const cpu = cpuPerCommand({
      http: { ...httpCpu, commands: result.created, clients: result.clientCpuSeconds, api: server.cpuSeconds - result.clientCpuSeconds + extraCpu, worker: workerCpu },
      pgbench: { ...pgbenchCpu, transactions: pgbench.transactions, tps: pgbench.tps },
    });

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
        created: result.created,
        createdTotal: result.createdTotal,
        journalEventsCommitted: committed,
        nonCreated,
        nonCreatedByStatus: result.unexpected,
        transportErrors: result.errors,
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
          apiProcesses: API_PROCESSES,
          forkedApiProcessesCpuCores: Number((extraCpu / SECONDS).toFixed(2)),
          workerProcessCpuCores: WORKER_PROCESS ? Number((workerCpu / SECONDS).toFixed(2)) : null,
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
      /** The old design's append (global-lock-reference.init.sql), the rest of the script the same. */
      globalLockReference: {
        tps: Number(reference.tps.toFixed(1)),
        transactions: reference.transactions,
        failed: reference.failed,
        latencyAvgMs: reference.latencyAvgMs,
        sessions: referenceSessions,
      },
      /** CPU milliseconds per command (HTTP) and per transaction (pgbench), from /proc, and what they allow. */
      cpu,
      transportFloor: {
        commandsPerSecond: Number(floorRate.toFixed(1)),
        ratioToPgbench: Number((floorRate / pgbench.tps).toFixed(3)),
      },
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      meetsTarget: ratio >= TARGET_RATIO,
      referenceRatio: Number(referenceRatio.toFixed(3)),
      referenceTarget: TARGET_REFERENCE_RATIO,
      meetsReferenceTarget: referenceRatio >= TARGET_REFERENCE_RATIO,
      ratioToFloor: Number((httpRate / floorRate).toFixed(3)),
      startupSeconds: Number((readyMs / 1000).toFixed(1)),
      totalSeconds: 0,
    };

    const h = figures.http;
    const rows: [string, string][] = [
      ['HTTP commands/s (201)', fmt(httpRate)],
      ['pgbench tps (same SQL)', fmt(pgbench.tps)],
      ['ratio HTTP / pgbench', `${ratio.toFixed(2)}×  (target ≥ ${TARGET_RATIO}×${ratio >= TARGET_RATIO ? ', met' : ', NOT met'})`],
      ['pgbench tps, old global-lock append', fmt(reference.tps)],
      ['ratio HTTP / old design', `${referenceRatio.toFixed(2)}×  (target ≥ ${TARGET_REFERENCE_RATIO}×${referenceRatio >= TARGET_REFERENCE_RATIO ? ', met' : ', NOT met'})`],
      ['transport floor commands/s (bare node:http)', `${fmt(floorRate)}  (${(floorRate / pgbench.tps).toFixed(2)}× pgbench; HTTP is ${(httpRate / floorRate).toFixed(2)}× the floor)`],
      ['HTTP latency p50 / p90 / p99', `${fmt(h.latencyMs.p50)} / ${fmt(h.latencyMs.p90)} / ${fmt(h.latencyMs.p99)} ms`],
      ['pgbench latency avg', `${fmt(pgbench.latencyAvgMs)} ms`],
      ['HTTP 201 in window / all / journal', `${result.created} / ${result.createdTotal} / ${committed}`],
      ['HTTP non-201 / transport errors', `${nonCreated} / ${result.errors}`],
      ['server event loop busy / delay p99', `${(eluWindow * 100).toFixed(0)} % / ${h.server.eventLoopDelayP99Ms} ms`],
      ['server process CPU (cores)', `${h.server.processCpuCores} of ${cpus().length}${API_PROCESSES > 1 ? `; ${API_PROCESSES - 1} more API processes ${h.server.forkedApiProcessesCpuCores}` : ''}${WORKER_PROCESS ? `; the worker's process ${h.server.workerProcessCpuCores}` : ''}`],
      ['outbox unpublished after HTTP run', String(h.server.outboxUnpublishedAfterRun)],
      ...cpuRows(cpu),
      ['busy PG sessions, HTTP (avg)', topSessions(httpSessions)],
      ['busy PG sessions, pgbench (avg)', topSessions(pgbenchSessions)],
      ['busy PG sessions, old design (avg)', topSessions(referenceSessions)],
      ['load average before / HTTP / pgbench', `${[loadBefore, loadAfterHttp, figures.machine.loadAverage.afterPgbench].map((l) => l.toFixed(2)).join(' / ')} on ${cpus().length} cores`],
    ];
    console.log('');
    printRows(rows);
    console.log('');

    figures.totalSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    const written = await writeResults('commands', figures);
    console.log(`figures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);

    if (nonCreated > 0 || result.errors > 0) {
      throw new Error(
        `${nonCreated} non-201 answers ${JSON.stringify(result.unexpected)} and ${result.errors} transport errors; ` +
          `first: ${result.firstUnexpected ?? result.firstError}`,
      );
    }
    if (pgbench.failed > 0 || reference.failed > 0) throw new Error(`pgbench reported ${pgbench.failed} and ${reference.failed} failed transactions`);
    if (committed !== result.createdTotal) {
      throw new Error(`the journal grew by ${committed} events but the clients saw ${result.createdTotal} 201s`);
    }
  } finally {
    await extra?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await sampler?.close().catch(() => undefined);
    await dropRun(config);
  }
}

if (isMainThread) {
  runBench('commands', main);
} else {
  const result = await runClients(workerData as LoadJob);
  parentPort!.postMessage({ kind: 'result', result });
}
