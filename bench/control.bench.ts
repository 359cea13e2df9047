/**
 * `npm run bench:control`: the control view over 1M tasks in 500 organizations, and task creation.
 *
 * 1. A fresh database migrated by the platform (started in-process, KELISIM_ROLE=api); 500
 *    organizations, 2,000 executors and 1M tasks loaded with COPY … FROM STDIN (through psql, the
 *    PostgreSQL client: node-postgres has no COPY of its own), indexes rebuilt, VACUUM ANALYZE.
 * 2. GET /control/summary (last 30 days) and GET /control/overdue (first page) over HTTP, one
 *    request at a time from a worker thread, next to the very SQL they run through a pg client of
 *    that thread: p50/p95 and their ratios (target ≤ 1.5× at both and p95 < 100 ms). Interleaved,
 *    in turns, with a third probe, the transport floor: the same SQL behind a bare node:http
 *    handler of this process (pg pool, JSON.stringify, no auth, no validation, no logging), what no
 *    HTTP service in Node can beat on this machine. EXPLAIN (ANALYZE, BUFFERS).
 * 3. POST /api/v1/tasks with 32 clients for 10 s, then pgbench running the SQL one IssueTask
 *    commits (bench/control.pgbench.sql) against the same database: target ≥ 0.5×; and pgbench
 *    running the same script with the old design's global-lock journal append (issue 11's reference
 *    ceiling, bench/global-lock-reference.init.sql): target ≥ 1.5×. Between them, the same clients
 *    against the write floor: the script's three messages behind a bare node:http handler
 *    (startWriteFloor), what no Node service sending this SQL beats here. While the clients write, the
 *    journal's sealer runs its loop in this process (as KELISIM_ROLE=all runs it) with a 1 s
 *    checkpoint interval: each new event's checkpoint lag, from its occurred_at (taken before its
 *    commit, so the lag is over-stated by the command's own time) to the first signed checkpoint
 *    covering it: target p99 < 2 × the interval, none unsealed.
 * Writes bench/results/control.json; drops the database and the Redis keys.
 * Knobs: BENCH_TASKS, BENCH_ORGANIZATIONS, BENCH_READS, BENCH_CONNECTIONS, BENCH_SECONDS, DATABASE_URL, REDIS_URL,
 * BENCH_API_PROCESSES (the writes' API processes, 1).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { ROOT } from './support/root.js';
import { benchRun, dropRun, forkPlatform, login, type PlatformProcesses, runBench, startPlatform } from './support/platform.js';
import { watchCheckpoints } from './support/checkpoints.js';
import { withClient } from './support/postgres.js';
import { loadGlobalLockReference, runPgbench, runProcess } from './support/pgbench.js';
import { closedLoop, type ClosedLoopResult, httpRequest as request, inWorker, serveFloor, serveWorker } from './support/http.js';
import { ascending, cpuBetween, cpuBudgetMs, cpuMsPer, loadAverage, machine, percentile, printRows, rateTheCoresAllow, round, sampleCpu, writeResults } from './support/report.js';
import { StatementRecorder } from './support/statements.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const RECORD_STATEMENTS = process.env.BENCH_STATEMENTS === '1';
const ORGANIZATIONS = Number(process.env.BENCH_ORGANIZATIONS ?? 500);
const EXECUTORS_PER_ORGANIZATION = 4;
const READS = Number(process.env.BENCH_READS ?? 200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** API processes taking POST /tasks: this one and BENCH_API_PROCESSES − 1 forked (KELISIM_ROLE=api). */
const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);
const WARMUP_SECONDS = 2;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGETS = { readRatio: 1.5, readP95Ms: 100, writeRatio: 0.5, referenceRatio: 1.5 };
/** The sealer's checkpoint interval while the clients write (the lag target is twice it). */
const CHECKPOINT_INTERVAL_MS = 1000;
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Worker thread: HTTP clients (reads one at a time; writes with many connections).
// ---------------------------------------------------------------------------------------------

type Job =
  | { kind: 'reads'; port: number; floorPort: number; token: string; databaseUrl: string; period: Period; reads: { name: ReadName; path: string; count: number }[] }
  | { kind: 'writes'; ports: number[]; token: string; executors: string[]; connections: number; warmupMs: number; durationMs: number };

type ReadName = 'summary' | 'overdue' | 'summaryAllTime';
type ReadSamples = Record<'platform' | 'floor' | 'sql', number[]>;
interface Period {
  from: string;
  to: string;
}

/** The statement a read sends and its parameters at `now`, as ControlQueries builds them. */
async function readStatement(name: ReadName, period: Period): Promise<{ sql: string; params: (now: Date) => unknown[] }> {
  const { summarySql, overdueSql } = await import('@kelisim/control');
  const soon = (now: Date): Date => new Date(now.getTime() + 7 * DAY);
  switch (name) {
    case 'summary':
      return { sql: summarySql('WHERE due_at >= $3 AND due_at < $4'), params: (now) => [now, soon(now), new Date(period.from), new Date(period.to)] };
    case 'summaryAllTime':
      return { sql: summarySql(''), params: (now) => [now, soon(now)] };
    case 'overdue':
      return {
        sql: overdueSql(`WHERE t.status IN ('assigned', 'in_progress', 'report_submitted') AND t.due_at < $1`, 'ASC', '$2'),
        params: (now) => [now, 51],
      };
  }
}

/**
 * Each read's three probes in turns (the order rotating every round), so that all three meet the
 * same machine: the platform's endpoint, the transport floor's, and the SQL on this thread's client.
 */
async function measureReads(job: Extract<Job, { kind: 'reads' }>, agent: http.Agent): Promise<Record<string, ReadSamples>> {
  const { default: pg } = await import('pg');
  const floorAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const client = new pg.Client({ connectionString: job.databaseUrl });
  await client.connect();
  try {
    const out: Record<string, ReadSamples> = {};
    for (const { name, path, count } of job.reads) {
      const statement = await readStatement(name, job.period);
      const ok = async (answer: Promise<{ status: number; text: string }>, what: string): Promise<void> => {
        const { status, text } = await answer;
        if (status !== 200) throw new Error(`${what}: ${status} ${text.slice(0, 300)}`);
      };
      const probes: [keyof ReadSamples, () => Promise<unknown>][] = [
        ['platform', () => ok(request(agent, job.port, job.token, 'GET', path), path)],
        ['floor', () => ok(request(floorAgent, job.floorPort, '', 'GET', `/${name}`), `floor /${name}`)],
        ['sql', () => client.query(statement.sql, statement.params(new Date()))],
      ];
      const samples: ReadSamples = { platform: [], floor: [], sql: [] };
      for (let i = -10; i < count; i++) {
        for (let j = 0; j < probes.length; j++) {
          const [probe, run] = probes[(i + 10 + j) % probes.length];
          const start = performance.now();
          await run();
          if (i >= 0) samples[probe].push(performance.now() - start); // the first ten rounds warm up
        }
      }
      out[name] = samples;
    }
    return out;
  } finally {
    floorAgent.destroy();
    await client.end();
  }
}

async function runJob(job: Job): Promise<unknown> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.kind === 'writes' ? job.connections : 1 });
  try {
    if (job.kind === 'reads') return await measureReads(job, agent);
    const dueAt = new Date(Date.now() + 30 * DAY).toISOString();
    return await closedLoop({
      connections: job.connections,
      warmupMs: job.warmupMs,
      durationMs: job.durationMs,
      body: (id, i) => {
        const executorId = job.executors[(id * 7919 + i) % job.executors.length];
        return JSON.stringify({ title: `Bench task ${id}-${i}`, executorId, dueAt });
      },
      send: (body, id) => request(agent, job.ports[id % job.ports.length]!, job.token, 'POST', '/api/v1/tasks', body),
      textLimit: 300,
    });
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Main thread.
// ---------------------------------------------------------------------------------------------

const ms = (value: number): number => round(value, 2);

/** Streams rows into `COPY table (columns) FROM STDIN` through psql, with back-pressure. */
async function copyInto(databaseUrl: string, table: string, columns: string[], rows: Iterable<string>, setup: string[] = []): Promise<void> {
  const commands = [...setup, `COPY ${table} (${columns.join(', ')}) FROM STDIN`].flatMap((command) => ['-c', command]);
  const { code, stderr } = await runProcess('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', databaseUrl, ...commands], async (stdin) => {
    let buffer = '';
    for (const row of rows) {
      buffer += row + '\n';
      if (buffer.length > 1 << 20) {
        if (!stdin.write(buffer)) await new Promise((resolve) => stdin.once('drain', resolve));
        buffer = '';
      }
    }
    stdin.write(buffer);
  });
  if (code !== 0) throw new Error(`COPY ${table} failed: ${stderr}`);
}

interface Dataset {
  controllerId: string;
  executors: { id: string; organizationId: string }[];
}

/** 500 organizations with 4 executors each, and 1M tasks due from a year ago to half a year ahead. */
async function generate(databaseUrl: string, pg: typeof import('pg').default, now: number): Promise<Dataset> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [controller] = (await client.query(`SELECT id FROM users ORDER BY created_at LIMIT 1`)).rows as { id: string }[];
    await client.query(`UPDATE users SET roles = ARRAY['admin', 'controller'] WHERE id = $1`, [controller.id]);
    const organizations = Array.from({ length: ORGANIZATIONS }, (_, i) => ({ id: randomUUID(), name: `Ауылдық округ ${String(i + 1).padStart(3, '0')}` }));
    await copyInto(databaseUrl, 'organizations', ['id', 'name', 'kind', 'timezone', 'version'], organizations.map((o) => `${o.id}\t${o.name}\trural_district\tAsia/Almaty\t1`));
    const [{ password_hash: hash }] = (await client.query(`SELECT password_hash FROM users WHERE id = $1`, [controller.id])).rows as { password_hash: string }[];
    const executors = organizations.flatMap((o, i) =>
      Array.from({ length: EXECUTORS_PER_ORGANIZATION }, (_, j) => ({ id: randomUUID(), organizationId: o.id, name: `Орындаушы ${i + 1}-${j + 1}` })),
    );
    await copyInto(
      databaseUrl,
      'users',
      ['id', 'full_name', 'email', 'organization_id', 'roles', 'locale', 'active', 'password_hash', 'version'],
      executors.map((e, i) => `${e.id}\t${e.name}\texecutor-${i}@bench.test\t${e.organizationId}\t{}\tkk\ttrue\t${hash}\t1`),
    );
    await client.query(`CREATE TABLE bench_executors (n int PRIMARY KEY, id uuid NOT NULL, organization_id uuid NOT NULL)`);
    await copyInto(databaseUrl, 'bench_executors', ['n', 'id', 'organization_id'], executors.map((e, i) => `${i + 1}\t${e.id}\t${e.organizationId}`));

    const iso = (t: number): string => new Date(t).toISOString();
    const c = controller.id;
    function* tasks(): Generator<string> {
      let seed = 42;
      const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff) / 0x80000000);
      for (let i = 0; i < TASKS; i++) {
        const executor = executors[Math.floor(random() * executors.length)];
        const due = now - 365 * DAY + Math.floor(random() * 545 * DAY);
        const created = due - (3 + Math.floor(random() * 30)) * DAY;
        const r = random();
        let status = 'assigned';
        let accepted = '\\N';
        let onTime = '\\N';
        if (due < now ? r < 0.8 : r < 0.1) {
          status = 'done';
          const late = due < now && random() < 0.15;
          const at = late ? due + Math.floor(random() * 10 * DAY) : due - Math.floor(random() * 3 * DAY);
          accepted = iso(Math.min(at, now));
          onTime = at <= due ? 't' : 'f';
        } else if (r > 0.96) status = 'cancelled';
        else if (r > 0.9) status = 'in_progress';
        const extensions = random() < 0.05 ? 1 : 0;
        yield [randomUUID(), `Тапсырма ${i}`, c, c, executor.id, executor.organizationId, iso(due), iso(due - extensions * 7 * DAY), 'normal', status, extensions, accepted, onTime, iso(created), 1].join('\t');
      }
    }
    // A bulk load's usual shape: secondary indexes dropped and rebuilt after (the same definitions,
    // read from the catalogue), and, as a superuser, the foreign-key triggers skipped for rows that
    // are consistent by construction.
    const started = performance.now();
    const indexes = (
      await client.query(
        `SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'tasks'
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const index of indexes) await client.query(`DROP INDEX ${index.indexname}`);
    const [{ rolsuper: superuser }] = (await client.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows as { rolsuper: boolean }[];
    await copyInto(
      databaseUrl,
      'tasks',
      ['id', 'title', 'author_id', 'controller_id', 'executor_id', 'executor_organization_id', 'due_at', 'original_due_at', 'priority', 'status', 'extension_count', 'accepted_at', 'done_on_time', 'created_at', 'version'],
      tasks(),
      superuser ? ['SET session_replication_role = replica'] : [],
    );
    const copySeconds = (performance.now() - started) / 1000;
    const indexStart = performance.now();
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await client.query(index.indexdef);
    console.log(`  rebuilt ${indexes.length} indexes of tasks in ${((performance.now() - indexStart) / 1000).toFixed(1)} s`);
    const vacuumStart = performance.now();
    await client.query('VACUUM ANALYZE tasks');
    await client.query('VACUUM ANALYZE users');
    await client.query('VACUUM ANALYZE organizations');
    // The load's dirty pages written now, not by the checkpointer while the reads are timed.
    if (superuser) await client.query('CHECKPOINT');
    console.log(`  generated ${TASKS} tasks with COPY in ${copySeconds.toFixed(1)} s, VACUUM ANALYZE ${((performance.now() - vacuumStart) / 1000).toFixed(1)} s`);
    figures.generation = {
      tasks: TASKS,
      organizations: ORGANIZATIONS,
      executors: executors.length,
      copySeconds: ms(copySeconds),
      indexSeconds: ms((vacuumStart - indexStart) / 1000),
      vacuumSeconds: ms((performance.now() - vacuumStart) / 1000),
      foreignKeyTriggersSkipped: superuser,
    };
    return { controllerId: controller.id, executors };
  } finally {
    await client.end();
  }
}

/**
 * The transport floor: the reads' SQL behind a bare node:http handler (pool, query, JSON.stringify),
 * in this process like the platform; no auth, validation, logging or framework.
 */
async function startFloor(databaseUrl: string, pg: typeof import('pg').default, period: Period): Promise<{ port: number; close: () => Promise<void> }> {
  const names: ReadName[] = ['summary', 'overdue', 'summaryAllTime'];
  const statements = new Map<string, Awaited<ReturnType<typeof readStatement>>>(await Promise.all(names.map(async (name) => [`/${name}`, await readStatement(name, period)] as const)));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return serveFloor(async (request) => {
    const statement = statements.get(request.url ?? '');
    if (!statement) return { status: 404, body: null };
    const { rows } = await pool.query(statement.sql, statement.params(new Date()));
    return { status: 200, body: { items: rows } };
  }, pool);
}

/**
 * The write floor: POST /tasks's SQL behind a bare node:http handler of this process — the three
 * messages of bench/control.pgbench.sql (rendered with the platform's journal append) on one
 * connection of a pg pool of the platform's size, the executor from the body, its organization from
 * a map, the task's id from the second message's answer, 201 with the id. No auth, validation,
 * deadline arithmetic, hashing or logging: what no Node service sending this SQL beats on this machine.
 */
async function startWriteFloor(
  databaseUrl: string,
  pg: typeof import('pg').default,
  poolSize: number,
  data: Dataset,
): Promise<{ port: number; close: () => Promise<void> }> {
  const { readFile } = await import('node:fs/promises');
  const { renderPgbenchScript } = await import('./support/pgbench.js');
  const script = await renderPgbenchScript(await readFile(`${ROOT}bench/control.pgbench.sql`, 'utf8'), `${ROOT}bench`);
  // pgbench's messages: each ends at a line's unescaped `;` or at \gset / \aset; the executor's pick goes.
  const messages = script
    .replace(/^--.*$/gm, '')
    .replace(/^\\set .*$/gm, '')
    .split(/(?<!\\);[ \t]*$|\\[ga]set[ \t]*$/m)
    .map((message) => message.replaceAll('\\;', ';').trim())
    .filter((message) => message && !message.includes('bench_executors'))
    .map((message) => message.replaceAll(':controller_id', data.controllerId));
  if (messages.length !== 3) throw new Error(`control.pgbench.sql: expected 3 messages in the transaction, found ${messages.length}`);
  const organizations = new Map(data.executors.map((e) => [e.id, e.organizationId]));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  let n = 0;
  return serveFloor(async (_, body) => {
    const { executorId } = JSON.parse(body) as { executorId: string };
    const fill = (message: string): string =>
      message.replaceAll(':client_id', String(n++)).replaceAll(':executor_id', executorId).replaceAll(':executor_org', organizations.get(executorId)!);
    const client = await pool.connect();
    try {
      await client.query(fill(messages[0]));
      const [inserted] = (await client.query(fill(messages[1]))) as unknown as { rows: { task_id: string }[] }[];
      const id = inserted.rows[0].task_id;
      await client.query(fill(messages[2]).replaceAll(':task_id', id));
      return { status: 201, body: { id } };
    } finally {
      client.release();
    }
  }, pool);
}

async function explain(databaseUrl: string, sql: string, params: unknown[]): Promise<string[]> {
  return withClient(databaseUrl, async (client) => {
    const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows as { 'QUERY PLAN': string }[];
    return rows.map((r) => r['QUERY PLAN']);
  });
}

const figures: Record<string, unknown> = {};

async function main(): Promise<void> {
  const started = performance.now();
  // The API alone: pgbench runs no outbox consumers either (the outbox rows wait, unpublished).
  const { config, database, adminEmail, adminPassword } = await benchRun('api');
  const { default: pg } = await import('pg');
  figures.at = new Date().toISOString();
  figures.machine = { ...machine(), loadAverageBefore: loadAverage() };

  let app: Awaited<ReturnType<typeof startPlatform>>['app'] | null = null;
  let extra: PlatformProcesses | null = null;
  try {
    console.log(`bench:control — ${TASKS} tasks over ${ORGANIZATIONS} organizations, database ${database}`);
    const statements = new StatementRecorder();
    // Counting costs the measured process CPU: on request only (BENCH_STATEMENTS=1), never for reported figures.
    if (RECORD_STATEMENTS) statements.install(pg);
    const platform = await startPlatform(config);
    app = platform.app;
    const port = platform.port;
    const now = Date.now();
    const data = await generate(config.databaseUrl, pg, now);
    // The bootstrap admin is now a controller too: log in after the role change.
    const token = await login(port, adminEmail, adminPassword);

    // --- reads: HTTP next to the bare SQL and the transport floor ---------------------------------
    const period = { from: new Date(now - 30 * DAY).toISOString(), to: new Date(now).toISOString() };
    const floor = await startFloor(config.databaseUrl, pg, period);
    const samples = await inWorker<Record<ReadName, ReadSamples>>(import.meta.url, {
      kind: 'reads',
      port,
      floorPort: floor.port,
      token,
      databaseUrl: config.databaseUrl,
      period,
      reads: [
        { name: 'summary', path: `/api/v1/control/summary?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`, count: READS },
        { name: 'overdue', path: '/api/v1/control/overdue', count: READS },
        { name: 'summaryAllTime', path: '/api/v1/control/summary', count: 20 },
      ],
    } satisfies Job).finally(floor.close);
    const reads: Record<string, unknown> = {};
    const lines: [string, string][] = [];
    for (const name of ['summary', 'overdue', 'summaryAllTime'] as const) {
      const [platform, floorMs, sql] = (['platform', 'floor', 'sql'] as const).map((probe) => {
        const sorted = ascending(samples[name][probe]);
        return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
      });
      const ratio = { p50: platform.p50 / sql.p50, p95: platform.p95 / sql.p95 };
      const floorRatio = { p50: floorMs.p50 / sql.p50, p95: floorMs.p95 / sql.p95 };
      const targeted = name !== 'summaryAllTime';
      const meets = Math.max(ratio.p50, ratio.p95) <= TARGETS.readRatio && platform.p95 < TARGETS.readP95Ms;
      const pair = (x: { p50: number; p95: number }): { p50: number; p95: number } => ({ p50: ms(x.p50), p95: ms(x.p95) });
      reads[name] = {
        requests: samples[name].platform.length,
        httpMs: pair(platform),
        sqlMs: pair(sql),
        ratio: pair(ratio),
        floorMs: pair(floorMs),
        floorRatio: pair(floorRatio),
        ...(targeted ? { meetsTarget: meets } : { note: 'no period: every task, for information' }),
      };
      const times = (x: { p50: number; p95: number }): string => `${x.p50.toFixed(2)} / ${x.p95.toFixed(2)} ms`;
      const ratios = (x: { p50: number; p95: number }): string => `${x.p50.toFixed(2)}× / ${x.p95.toFixed(2)}×`;
      lines.push(
        [
          `${name} HTTP vs SQL p50/p95`,
          `${times(platform)} vs ${times(sql)}  ratio ${ratios(ratio)}` +
            (targeted ? `  (target ≤ ${TARGETS.readRatio}× and p95 < ${TARGETS.readP95Ms} ms: ${meets ? 'met' : 'NOT met'})` : '  (no target)'),
        ],
        [`${name} transport floor p50/p95`, `${times(floorMs)}  ratio to SQL ${ratios(floorRatio)}`],
      );
    }
    for (const [label, value] of lines) console.log(`  ${label}: ${value}`);
    figures.reads = { summaryPeriod: period, ...reads };
    const explained = await Promise.all((['summary', 'overdue'] as const).map((name) => readStatement(name, period)));
    const plans = {
      summary: await explain(config.databaseUrl, explained[0].sql, explained[0].params(new Date())),
      overdue: await explain(config.databaseUrl, explained[1].sql, explained[1].params(new Date())),
    };
    figures.explain = plans;
    // Saved now too, so the read figures survive a failed write phase.
    await writeResults('control', figures);

    // --- writes: POST /tasks next to pgbench, the sealer sealing --------------------------------
    const head = await withClient(config.databaseUrl, async (c) => Number((await c.query('SELECT coalesce(max(position), 0) AS p FROM journal_events')).rows[0].p));
    const watch = await watchCheckpoints(config, CHECKPOINT_INTERVAL_MS);
    // BENCH_API_PROCESSES − 1 more API processes for the writes, as a deployment scales the API out.
    extra = await forkPlatform(config, 'api', API_PROCESSES - 1);
    statements.start();
    const httpCpu = await sampleCpu();
    const load = await inWorker<ClosedLoopResult>(import.meta.url, {
      kind: 'writes',
      ports: [port, ...extra.ports],
      token,
      executors: data.executors.map((e) => e.id),
      connections: CONNECTIONS,
      warmupMs: WARMUP_SECONDS * 1000,
      durationMs: SECONDS * 1000,
    });
    const httpBusy = cpuBetween(httpCpu, await sampleCpu()).busy;
    const httpRate = load.created / SECONDS;
    const statementsPerCommand = StatementRecorder.perUnit(statements.stop(), load.createdTotal);
    const appended = await withClient(config.databaseUrl, async (c) => {
      const { rows } = await c.query('SELECT position, (extract(epoch FROM occurred_at) * 1000)::float8 AS at FROM journal_events WHERE position > $1', [head]);
      return new Map((rows as { position: string; at: number }[]).map((r) => [Number(r.position), r.at]));
    });
    const lag = await watch.stop(appended);
    await extra.close();
    extra = null;
    await app.close();
    app = null;
    const writeFloor = await startWriteFloor(config.databaseUrl, pg, config.databasePoolSize, data);
    const floorCpu = await sampleCpu();
    const floorLoad = await inWorker<ClosedLoopResult>(import.meta.url, {
      kind: 'writes',
      ports: [writeFloor.port],
      token,
      executors: data.executors.map((e) => e.id),
      connections: CONNECTIONS,
      warmupMs: WARMUP_SECONDS * 1000,
      durationMs: SECONDS * 1000,
    } satisfies Job).finally(writeFloor.close);
    if (floorLoad.errors > 0 || Object.keys(floorLoad.unexpected).length > 0) {
      throw new Error(`the write floor: ${JSON.stringify(floorLoad.unexpected)}, ${floorLoad.errors} transport errors; first: ${floorLoad.firstUnexpected ?? floorLoad.firstError}`);
    }
    const floorBusy = cpuBetween(floorCpu, await sampleCpu()).busy;
    const floorRate = floorLoad.created / SECONDS;
    const pgbenchOptions = {
      databaseUrl: config.databaseUrl,
      script: `${ROOT}bench/control.pgbench.sql`,
      clients: CONNECTIONS,
      seconds: SECONDS,
      defines: { controller_id: data.controllerId, executors: data.executors.length },
    };
    const pgbenchCpu = await sampleCpu();
    const pgbench = await runPgbench(pgbenchOptions);
    const pgbenchBusy = cpuBetween(pgbenchCpu, await sampleCpu()).busy;
    await loadGlobalLockReference(config.databaseUrl, ROOT);
    const reference = await runPgbench({ ...pgbenchOptions, append: 'global-lock' });
    const { tps } = pgbench;
    const failed = pgbench.failed + reference.failed;
    const writeRatio = httpRate / tps;
    const referenceRatio = httpRate / reference.tps;
    const latencies = ascending(load.latencies);
    // CPU per command over the whole load, warm-up included (createdTotal), and what the cores allow at it.
    const cpu = {
      httpMsPerCommand: cpuMsPer(httpBusy, load.createdTotal),
      floorMsPerCommand: cpuMsPer(floorBusy, floorLoad.createdTotal),
      pgbenchMsPerTransaction: cpuMsPer(pgbenchBusy, pgbench.transactions),
      httpCpuBoundPerSecond: ms(rateTheCoresAllow(httpBusy, load.createdTotal)),
      floorCpuBoundPerSecond: ms(rateTheCoresAllow(floorBusy, floorLoad.createdTotal)),
      /** The CPU per command, every side together, at which the cores allow each target. */
      budgetMs: { ratio: cpuBudgetMs(TARGETS.writeRatio * tps), referenceRatio: cpuBudgetMs(TARGETS.referenceRatio * reference.tps) },
    };
    figures.writes = {
      endpoint: 'POST /api/v1/tasks',
      apiProcesses: API_PROCESSES,
      connections: CONNECTIONS,
      seconds: SECONDS,
      httpCommandsPerSecond: ms(httpRate),
      httpLatencyMs: { p50: ms(percentile(latencies, 50)), p95: ms(percentile(latencies, 95)), p99: ms(percentile(latencies, 99)) },
      created: load.created,
      nonCreated: load.unexpected,
      transportErrors: load.errors,
      pgbenchTps: ms(tps),
      pgbenchFailed: failed,
      ratio: ms(writeRatio),
      statementsPerCommand,
      target: TARGETS.writeRatio,
      meetsTarget: writeRatio >= TARGETS.writeRatio,
      /** pgbench, the same script with the old design's global-lock append. */
      globalLockReferenceTps: ms(reference.tps),
      referenceRatio: ms(referenceRatio),
      referenceTarget: TARGETS.referenceRatio,
      meetsReferenceTarget: referenceRatio >= TARGETS.referenceRatio,
      checkpointLag: lag,
      /** The same SQL behind a bare node:http handler (startWriteFloor), the same clients. */
      transportFloor: {
        commandsPerSecond: ms(floorRate),
        ratioToPgbench: ms(floorRate / tps),
        ratioToGlobalLockReference: ms(floorRate / reference.tps),
      },
      ratioToFloor: ms(httpRate / floorRate),
      /** The machine's CPU per command (all processes, from /proc/stat) and the rate the cores allow at it. */
      cpu,
    };
    lines.push(
      ['POST /tasks HTTP commands/s', httpRate.toFixed(1)],
      ['pgbench tps (same SQL)', tps.toFixed(1)],
      ['ratio HTTP / pgbench', `${writeRatio.toFixed(2)}×  (target ≥ ${TARGETS.writeRatio}×: ${writeRatio >= TARGETS.writeRatio ? 'met' : 'NOT met'})`],
      ['pgbench tps, old global-lock append', reference.tps.toFixed(1)],
      [
        'POST /tasks transport floor (bare node:http)',
        `${floorRate.toFixed(1)}/s = ${(floorRate / tps).toFixed(2)}× pgbench, ${(floorRate / reference.tps).toFixed(2)}× old design; HTTP is ${(httpRate / floorRate).toFixed(2)}× the floor`,
      ],
      ['ratio HTTP / old design', `${referenceRatio.toFixed(2)}×  (target ≥ ${TARGETS.referenceRatio}×: ${referenceRatio >= TARGETS.referenceRatio ? 'met' : 'NOT met'})`],
      [
        'machine CPU ms per command: HTTP / floor / pgbench',
        `${cpu.httpMsPerCommand} / ${cpu.floorMsPerCommand} / ${cpu.pgbenchMsPerTransaction}; the cores allow ${cpu.httpCpuBoundPerSecond}/s (HTTP), ${cpu.floorCpuBoundPerSecond}/s (floor); the targets need ≤ ${cpu.budgetMs.ratio} and ≤ ${cpu.budgetMs.referenceRatio} ms`,
      ],
      [
        'checkpoint lag while POST /tasks writes',
        `p50 ${lag.p50Ms} / p99 ${lag.p99Ms} / max ${lag.maxMs} ms over ${lag.events} events, ${lag.checkpoints} checkpoints, ${lag.unsealed} unsealed (interval ${lag.intervalMs} ms, target p99 < ${2 * lag.intervalMs}: ${lag.met ? 'met' : 'NOT met'})`,
      ],
      ['POST /tasks latency p50 / p95', `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} ms`],
    );

    console.log('');
    for (const [name, plan] of Object.entries(plans)) {
      console.log(`  EXPLAIN (ANALYZE, BUFFERS) ${name}:`);
      for (const line of plan) console.log(`    ${line}`);
      console.log('');
    }
    if (RECORD_STATEMENTS) {
      console.log('  statements the platform sent per POST /tasks (the enqueuer\'s after commit included):');
      for (const s of statementsPerCommand) console.log(`  ${s.perUnit.toFixed(2).padStart(6)}  ${s.msEach.toFixed(2).padStart(6)} ms  ${s.statement}`);
      console.log('');
    }
    console.log('  --- summary ---');
    printRows(lines);
    figures.machine = { ...(figures.machine as object), loadAverageAfter: loadAverage() };
    figures.totalSeconds = ms((performance.now() - started) / 1000);
    const written = await writeResults('control', figures);
    console.log(`\nfigures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);
    if (Object.keys(load.unexpected).length > 0 || load.errors > 0) {
      throw new Error(`POST /tasks: non-201 ${JSON.stringify(load.unexpected)}, ${load.errors} transport errors; first: ${load.firstUnexpected}`);
    }
    if (failed > 0) throw new Error(`pgbench reported ${failed} failed transactions`);
    if (lag.unsealed > 0) throw new Error(`${lag.unsealed} of ${lag.events} events were not sealed`);
  } finally {
    await extra?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await dropRun(config);
  }
}

if (isMainThread) {
  runBench('control', main);
} else {
  serveWorker(runJob);
}
