/**
 * `npm run bench:memoranda [-- <count>]`: <count> (default 1,000) memoranda, each with 10 parties,
 * driven over HTTP through the whole cycle — create, submit, clear by the prosecutor, 10 approvals,
 * 10 signatures → in force — by 32 concurrent keep-alive clients, the 10 parties of a memorandum
 * acting at the same moment. Reports commands/s next to pgbench running one command's SQL
 * (memorandum row + version row + journal event + outbox row, bench/memoranda.pgbench.sql) in the
 * same run, and fails unless every approval and signature counted exactly once: every memorandum
 * active, exactly 10 VersionApproved, 10 VersionSigned and 1 VersionEnteredIntoForce per memorandum
 * in journal_events, and /api/v1/audit/verify ok. Writes bench/results/memoranda.json.
 *
 * The platform runs in this process (KELISIM_ROLE=all, as `npm start`), the clients in a worker
 * thread. Everything lives in a database and a queue prefix of its own, dropped at the end.
 * Knobs: BENCH_CONNECTIONS (32), BENCH_PGBENCH_SECONDS (10), DATABASE_URL, REDIS_URL, PGBENCH.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';
import { ROOT } from './support/root.js';
import { apiClient, benchRun, dropRun, login as logIn, runBench, startPlatform } from './support/platform.js';
import { withClient } from './support/postgres.js';
import { runPgbench } from './support/pgbench.js';
import { httpRequest, inWorker, serveWorker } from './support/http.js';
import { ascending, cpuBetween, cpuBudgetMs, cpuMsPer, fixed as fmt, loadAverage, machine, percentile, printRows, ProcessMeter, rateTheCoresAllow, round, sampleCpu, writeResults } from './support/report.js';
import { StatementRecorder } from './support/statements.js';

const PARTIES = 10;
const RECORD_STATEMENTS = process.env.BENCH_STATEMENTS === '1';
/** create, submit, clear, one approval and one signature per party. */
const COMMANDS_PER_MEMORANDUM = 3 + 2 * PARTIES;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 10);
const TARGET_RATIO = 0.5;

/**
 * The cycle's SQL at the cycle's weights: of a memorandum's 23 commands, two move the version to
 * its next stage (clearance, last approval: a reminder plan for every party and ten notifications);
 * the other 21 run as approvals (creation, submission and the last signature do a little more than
 * an approval, so the ceiling errs on pgbench's side).
 */
const PGBENCH_MIX = [
  { path: `${ROOT}bench/memoranda.pgbench.sql`, weight: COMMANDS_PER_MEMORANDUM - 2 },
  { path: `${ROOT}bench/memoranda-stage.pgbench.sql`, weight: 2 },
];

interface Cast {
  reviewerOrganizationId: string;
  prosecutorToken: string;
  parties: { organizationId: string; signatoryId: string; token: string }[];
}

interface DriveJob {
  port: number;
  count: number;
  connections: number;
  cast: Cast;
  /** Stop each memorandum once it waits for approvals (to prepare pgbench's memoranda). */
  untilApproval?: boolean;
}

interface DriveResult {
  memorandumIds: string[];
  completed: number;
  ok: number;
  unexpected: Record<string, number>;
  firstUnexpected: string | null;
  errors: number;
  firstError: string | null;
  elapsedMs: number;
  /** Milliseconds per command kind. */
  latencies: Record<string, number[]>;
  /** How busy the clients' own thread was: it shares the machine with the server and PostgreSQL. */
  clientEventLoopUtilization: number;
}

// ---------------------------------------------------------------------------------------------
// Worker thread: the HTTP clients.
// ---------------------------------------------------------------------------------------------

async function drive(job: DriveJob): Promise<DriveResult> {
  // The 32 connections are the clients; requests beyond them queue for a free socket.
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const result: DriveResult = {
    memorandumIds: [],
    completed: 0,
    ok: 0,
    unexpected: {},
    firstUnexpected: null,
    errors: 0,
    firstError: null,
    elapsedMs: 0,
    latencies: { create: [], submit: [], clear: [], approve: [], sign: [] },
    clientEventLoopUtilization: 0,
  };
  const { cast } = job;

  const send = async (kind: string, path: string, token: string, payload: object): Promise<{ status: number; body: { id?: string } }> => {
    const body = JSON.stringify(payload);
    const sent = performance.now();
    try {
      const { status, text } = await httpRequest(agent, job.port, token, 'POST', `/api/v1${path}`, body);
      if (status === 200 || status === 201) {
        result.ok++;
        result.latencies[kind].push(performance.now() - sent);
        // Only the new memorandum's id is needed from an answer: the client parses nothing else.
        return { status, body: kind === 'create' ? (JSON.parse(text) as { id?: string }) : {} };
      }
      result.unexpected[`${kind} ${status}`] = (result.unexpected[`${kind} ${status}`] ?? 0) + 1;
      result.firstUnexpected ??= `${kind} ${status} ${text.slice(0, 500)}`;
      return { status, body: {} };
    } catch (error) {
      result.errors++;
      result.firstError ??= `${kind}: ${(error as Error).message}`;
      return { status: 0, body: {} };
    }
  };

  const lifecycle = async (i: number): Promise<void> => {
    const drafter = cast.parties[0];
    const created = await send('create', '/memoranda', drafter.token, {
      title: `Этносаралық келісім туралы меморандум №${i + 1}`,
      purpose: 'Өңірдегі этносаралық келісімді нығайту',
      reviewerOrganizationId: cast.reviewerOrganizationId,
      parties: cast.parties.map((p) => ({ organizationId: p.organizationId, signatoryId: p.signatoryId })),
      clauses: [
        { text: 'Тараптар этносаралық келісім мен бірлікті нығайту мақсатында бірлесіп жұмыс істейді.' },
        { text: 'Әр елді мекенде түсіндіру жұмыстары жүргізіледі.' },
        { text: `Тараптар тоқсан сайын есеп береді (${i + 1}).` },
      ],
    });
    const id = created.body.id;
    if (!id) return;
    result.memorandumIds.push(id);
    const v = (action: string) => `/memoranda/${id}/versions/1/${action}`;
    if ((await send('submit', v('submit'), drafter.token, {})).status !== 200) return;
    if ((await send('clear', v('clear'), cast.prosecutorToken, {})).status !== 200) return;
    if (job.untilApproval) {
      result.completed++;
      return;
    }
    // Every party at the same moment: each approval and signature must count exactly once.
    const approvals = await Promise.all(cast.parties.map((p) => send('approve', v('approve'), p.token, {})));
    if (approvals.some((a) => a.status !== 200)) return;
    const signatures = await Promise.all(cast.parties.map((p) => send('sign', v('sign'), p.token, {})));
    if (signatures.some((s) => s.status !== 200)) return;
    result.completed++;
  };

  const start = performance.now();
  const busyBefore = performance.eventLoopUtilization();
  let next = 0;
  const client = async (): Promise<void> => {
    while (next < job.count) await lifecycle(next++);
  };
  await Promise.all(Array.from({ length: Math.min(job.connections, job.count) }, client));
  result.elapsedMs = performance.now() - start;
  result.clientEventLoopUtilization = performance.eventLoopUtilization(busyBefore).utilization;
  agent.destroy();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Main thread: the platform, the run, the checks, pgbench, the report.
// ---------------------------------------------------------------------------------------------

interface Integrity {
  memoranda: number;
  active: number;
  /** Memoranda whose journal does not hold exactly 10 / 10 / 1 of the three events. */
  wrongApprovedEvents: number;
  wrongSignedEvents: number;
  wrongInForceEvents: number;
  /** Versions whose stored approvals / signatures are not exactly one per party. */
  wrongApprovals: number;
  wrongSignatures: number;
  auditVerify: { ok: boolean; checked: number };
}

/** What "zero lost or duplicated approvals and signatures" means, read from PostgreSQL and the audit API. */
async function checkIntegrity(databaseUrl: string, ids: string[], audit: () => Promise<{ ok: boolean; checked: number }>): Promise<Integrity> {
  return withClient(databaseUrl, async (client) => {
    const [m] = (
      await client.query<{ memoranda: number; active: number }>(
        `SELECT count(*)::int AS memoranda, count(*) FILTER (WHERE status = 'active' AND version_in_force = 1)::int AS active
           FROM memoranda WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows;
    const [events] = (
      await client.query<{ approved: number; signed: number; in_force: number }>(
        `WITH per AS (
           SELECT m.id,
                  count(e.*) FILTER (WHERE e.type = 'VersionApproved') AS approved,
                  count(e.*) FILTER (WHERE e.type = 'VersionSigned') AS signed,
                  count(e.*) FILTER (WHERE e.type = 'VersionEnteredIntoForce') AS in_force
             FROM memoranda m LEFT JOIN journal_events e ON e.stream_id = m.id
            WHERE m.id = ANY($1::uuid[]) GROUP BY m.id)
         SELECT count(*) FILTER (WHERE approved <> $2)::int AS approved, count(*) FILTER (WHERE signed <> $2)::int AS signed,
                count(*) FILTER (WHERE in_force <> 1)::int AS in_force FROM per`,
        [ids, PARTIES],
      )
    ).rows;
    const [stored] = (
      await client.query<{ approvals: number; signatures: number }>(
        `SELECT count(*) FILTER (WHERE (SELECT count(DISTINCT a->>'organizationId') FROM jsonb_array_elements(v.approvals) a) <> $2
                                   OR jsonb_array_length(v.approvals) <> $2)::int AS approvals,
                count(*) FILTER (WHERE (SELECT count(DISTINCT s->>'organizationId') FROM jsonb_array_elements(v.signatures) s) <> $2
                                   OR jsonb_array_length(v.signatures) <> $2 OR v.status <> 'in_force')::int AS signatures
           FROM memorandum_versions v WHERE v.memorandum_id = ANY($1::uuid[])`,
        [ids, PARTIES],
      )
    ).rows;
    return {
      memoranda: m.memoranda,
      active: m.active,
      wrongApprovedEvents: events.approved,
      wrongSignedEvents: events.signed,
      wrongInForceEvents: events.in_force,
      wrongApprovals: stored.approvals,
      wrongSignatures: stored.signatures,
      auditVerify: await audit(),
    };
  });
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? process.env.BENCH_MEMORANDA ?? 1000);
  if (!Number.isInteger(count) || count < 1) throw new Error(`the memorandum count must be a positive integer, got ${process.argv[2]}`);
  const started = performance.now();
  const loadBefore = loadAverage();
  const { config, database, adminEmail, adminPassword } = await benchRun('all');

  let app: Awaited<ReturnType<typeof startPlatform>>['app'] | null = null;
  try {
    console.log(`bench:memoranda — ${count} memoranda × ${PARTIES} parties, ${CONNECTIONS} clients, database ${database}`);
    const statements = new StatementRecorder();
    // Counting costs the measured process CPU: on request only (BENCH_STATEMENTS=1), never for reported figures.
    if (RECORD_STATEMENTS) statements.install((await import('pg')).default);
    const platform = await startPlatform(config);
    app = platform.app;
    const port = platform.port;
    const api = apiClient(port);
    const login = (email: string, password: string) => logIn(port, email, password);
    const admin = await login(adminEmail, adminPassword);

    // --- the cast, once: 10 party organizations with their signatories, a prosecutor's office ----
    const password = randomBytes(12).toString('hex');
    const person = async (organizationId: string, roles: string[], fullName: string) => {
      const email = `${randomBytes(6).toString('hex')}@bench.kelisim.test`;
      const user = await api<{ id: string }>('POST', '/users', admin, { fullName, email, organizationId, roles, password });
      return { id: user.id, token: await login(email, password) };
    };
    const reviewer = await api<{ id: string }>('POST', '/organizations', admin, { name: 'Аудандық прокуратура', kind: 'prosecutor' });
    const prosecutor = await person(reviewer.id, ['prosecutor'], 'Аудан прокуроры');
    const parties: Cast['parties'] = [];
    for (let i = 0; i < PARTIES; i++) {
      const organization = await api<{ id: string }>('POST', '/organizations', admin, { name: `Тарап ұйым ${i + 1}`, kind: i === 0 ? 'akimat' : 'department' });
      const signatory = await person(organization.id, ['signatory'], `Қол қоюшы ${i + 1}`);
      parties.push({ organizationId: organization.id, signatoryId: signatory.id, token: signatory.token });
    }
    const readyMs = performance.now() - started;

    // --- HTTP: the whole cycle of every memorandum ------------------------------------------------
    const headBefore = await withClient(config.databaseUrl, async (c) => Number((await c.query('SELECT coalesce(max(position), 0) AS position FROM journal_events')).rows[0].position));
    const meter = new ProcessMeter();
    meter.start();
    statements.start();
    const httpCpuStart = await sampleCpu();
    const job: DriveJob = { port, count, connections: CONNECTIONS, cast: { reviewerOrganizationId: reviewer.id, prosecutorToken: prosecutor.token, parties } };
    const drove = await inWorker<DriveResult>(import.meta.url, job);
    const httpBusy = cpuBetween(httpCpuStart, await sampleCpu()).busy;
    const server = meter.stop();
    const statementsPerCommand = StatementRecorder.perUnit(statements.stop(), drove.ok);
    const elu = server.eventLoopUtilization;
    const loadAfterHttp = loadAverage();
    const headAfter = await withClient(config.databaseUrl, async (c) => Number((await c.query('SELECT coalesce(max(position), 0) AS position FROM journal_events')).rows[0].position));
    const httpRate = drove.ok / (drove.elapsedMs / 1000);

    // --- the checks, before pgbench touches anything ----------------------------------------------
    const integrity = await checkIntegrity(config.databaseUrl, drove.memorandumIds, () => api('GET', '/audit/verify', admin));
    const problems: string[] = [];
    const nonOk = Object.values(drove.unexpected).reduce((a, b) => a + b, 0);
    if (nonOk > 0 || drove.errors > 0) {
      problems.push(`${nonOk} non-2xx answers ${JSON.stringify(drove.unexpected)} and ${drove.errors} transport errors; first: ${drove.firstUnexpected ?? drove.firstError}`);
    }
    if (drove.completed !== count) problems.push(`${drove.completed} of ${count} memoranda went through the whole cycle`);
    if (integrity.memoranda !== count || integrity.active !== count) problems.push(`${integrity.active} of ${count} memoranda are active with version 1 in force`);
    if (integrity.wrongApprovedEvents || integrity.wrongSignedEvents || integrity.wrongInForceEvents) {
      problems.push(
        `journal: ${integrity.wrongApprovedEvents} memoranda without exactly ${PARTIES} VersionApproved, ${integrity.wrongSignedEvents} without exactly ` +
          `${PARTIES} VersionSigned, ${integrity.wrongInForceEvents} without exactly 1 VersionEnteredIntoForce`,
      );
    }
    if (integrity.wrongApprovals || integrity.wrongSignatures) {
      problems.push(`${integrity.wrongApprovals} versions with approvals and ${integrity.wrongSignatures} with signatures not exactly one per party`);
    }
    if (!integrity.auditVerify.ok) problems.push(`audit/verify failed: ${JSON.stringify(integrity.auditVerify)}`);

    // --- pgbench: platform stopped, one command's SQL on the same database -----------------------
    // pgbench approves on memoranda as the HTTP approvals found them: waiting for approvals, every
    // party's stage reminders pending (an approval cancels its signatory's). Prepared over HTTP,
    // untimed, with the platform still up; pgbench picks a memorandum and a party at random.
    const prepared = await inWorker<DriveResult>(import.meta.url, { ...job, untilApproval: true });
    if (prepared.completed !== count) throw new Error(`preparing pgbench's memoranda: ${prepared.completed} of ${count} reached approval`);
    await app.close();
    app = null;
    await withClient(config.databaseUrl, async (c) => {
      await c.query(`CREATE TABLE bench_memoranda AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM unnest($1::uuid[]) AS id`, [
        prepared.memorandumIds,
      ]);
      await c.query(`ALTER TABLE bench_memoranda ADD PRIMARY KEY (n)`);
      await c.query(`CREATE TABLE bench_parties (p int PRIMARY KEY, signatory_id uuid NOT NULL, organization_id uuid NOT NULL)`);
      await c.query(`INSERT INTO bench_parties SELECT * FROM unnest($1::int[], $2::uuid[], $3::uuid[])`, [
        parties.map((_, i) => i + 1),
        parties.map((p) => p.signatoryId),
        parties.map((p) => p.organizationId),
      ]);
      await c.query('VACUUM ANALYZE');
    });
    const pgbenchCpuStart = await sampleCpu();
    const pgbench = await runPgbench({
      databaseUrl: config.databaseUrl,
      script: PGBENCH_MIX,
      clients: CONNECTIONS,
      seconds: PGBENCH_SECONDS,
      defines: { memoranda: count, party_count: PARTIES },
    });
    const pgbenchBusy = cpuBetween(pgbenchCpuStart, await sampleCpu()).busy;
    const ratio = httpRate / pgbench.tps;
    // The machine's CPU per command on each side (every process, /proc/stat) and what the cores allow at it.
    const cpu = {
      httpMsPerCommand: cpuMsPer(httpBusy, drove.ok),
      pgbenchMsPerTransaction: cpuMsPer(pgbenchBusy, pgbench.transactions),
      httpCpuBoundPerSecond: round(rateTheCoresAllow(httpBusy, drove.ok)),
      budgetForTargetMs: cpuBudgetMs(TARGET_RATIO * pgbench.tps),
    };
    const loadAfterPgbench = loadAverage();

    const all = ascending(Object.values(drove.latencies).flat());
    const perKind = Object.fromEntries(
      Object.entries(drove.latencies).map(([kind, list]) => {
        const sorted = ascending(list);
        return [kind, { p50: Number(fmt(percentile(sorted, 50), 1)), p99: Number(fmt(percentile(sorted, 99), 1)) }];
      }),
    );
    const figures = {
      at: new Date().toISOString(),
      machine: { ...machine(), loadAverage: { before: loadBefore, afterHttp: loadAfterHttp, afterPgbench: loadAfterPgbench } },
      memoranda: count,
      partiesPerMemorandum: PARTIES,
      connections: CONNECTIONS,
      http: {
        commandsPerSecond: Number(httpRate.toFixed(1)),
        memorandaPerSecond: Number((drove.completed / (drove.elapsedMs / 1000)).toFixed(2)),
        commands: drove.ok,
        expectedCommands: count * COMMANDS_PER_MEMORANDUM,
        seconds: Number((drove.elapsedMs / 1000).toFixed(1)),
        journalEventsCommitted: headAfter - headBefore,
        nonOk,
        nonOkByKind: drove.unexpected,
        transportErrors: drove.errors,
        latencyMs: { p50: Number(fmt(percentile(all, 50), 1)), p90: Number(fmt(percentile(all, 90), 1)), p99: Number(fmt(percentile(all, 99), 1)), byCommand: perKind },
        statementsPerCommand,
        clientEventLoopUtilization: Number(drove.clientEventLoopUtilization.toFixed(3)),
        server: { eventLoopUtilization: Number(elu.toFixed(3)), processCpuCores: Number((server.cpuSeconds / (drove.elapsedMs / 1000)).toFixed(2)) },
      },
      /** The machine's CPU per command (HTTP) and per transaction (pgbench), and the rate the cores allow at HTTP's. */
      cpu,
      integrity,
      pgbench: { ...pgbench, seconds: PGBENCH_SECONDS, tps: Number(pgbench.tps.toFixed(1)) },
      ratio: Number(ratio.toFixed(3)),
      target: TARGET_RATIO,
      meetsTarget: ratio >= TARGET_RATIO,
      problems,
      startupSeconds: Number((readyMs / 1000).toFixed(1)),
      totalSeconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };

    const rows: [string, string][] = [
      ['memoranda through the cycle', `${drove.completed} / ${count} in ${fmt(drove.elapsedMs / 1000)} s`],
      ['HTTP commands/s (2xx)', `${fmt(httpRate)}  (${drove.ok} commands)`],
      ['pgbench tps (same SQL)', fmt(pgbench.tps)],
      ['ratio HTTP / pgbench', `${ratio.toFixed(2)}×  (target ≥ ${TARGET_RATIO}×${ratio >= TARGET_RATIO ? ', met' : ', NOT met'})`],
      [
        'machine CPU ms per command: HTTP / pgbench',
        `${cpu.httpMsPerCommand} / ${cpu.pgbenchMsPerTransaction}; the cores allow ${cpu.httpCpuBoundPerSecond}/s at HTTP's; ${TARGET_RATIO}× needs ≤ ${cpu.budgetForTargetMs} ms`,
      ],
      ['HTTP latency p50 / p90 / p99', `${fmt(percentile(all, 50))} / ${fmt(percentile(all, 90))} / ${fmt(percentile(all, 99))} ms`],
      ['  approve p50 / p99', `${perKind.approve.p50} / ${perKind.approve.p99} ms`],
      ['  sign p50 / p99', `${perKind.sign.p50} / ${perKind.sign.p99} ms`],
      ['HTTP non-2xx / transport errors', `${nonOk} / ${drove.errors}`],
      ['active memoranda', `${integrity.active} / ${count}`],
      ['journal ≠10 approved / ≠10 signed / ≠1 in force', `${integrity.wrongApprovedEvents} / ${integrity.wrongSignedEvents} / ${integrity.wrongInForceEvents}`],
      ['audit/verify', `${integrity.auditVerify.ok ? 'ok' : 'BROKEN'} (${integrity.auditVerify.checked} events)`],
      ['server event loop busy / CPU', `${(elu * 100).toFixed(0)} % / ${figures.http.server.processCpuCores} cores of ${cpus().length} (clients' thread included)`],
      ['clients\' thread busy', `${(drove.clientEventLoopUtilization * 100).toFixed(0)} %`],
      ['load average before / HTTP / pgbench', `${[loadBefore, loadAfterHttp, loadAfterPgbench].map((l) => l.toFixed(2)).join(' / ')}`],
    ];
    console.log('');
    printRows(rows);
    if (RECORD_STATEMENTS) console.log('\n  statements the platform sent per command (HTTP phase; relay and consumers included):');
    for (const s of statementsPerCommand) console.log(`  ${s.perUnit.toFixed(2).padStart(6)}  ${s.msEach.toFixed(2).padStart(6)} ms  ${s.statement}`);
    console.log('');
    const written = await writeResults('memoranda', figures);
    console.log(`figures written to ${written} (run took ${figures.totalSeconds} s before cleanup)`);

    if (pgbench.failed > 0) problems.push(`pgbench reported ${pgbench.failed} failed transactions`);
    if (problems.length) throw new Error(problems.join('\n'));
  } finally {
    await app?.close().catch(() => undefined);
    await dropRun(config);
  }
}

if (isMainThread) {
  runBench('memoranda', main);
} else {
  serveWorker(drive);
}
