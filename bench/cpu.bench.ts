/**
 * `npm run bench:cpu`: the API process's CPU per command, the figure issue 11's rates hang on.
 *
 * Each platform runs in a process of its own (KELISIM_ROLE=all by default, as bench:commands runs
 * it), so process.cpuUsage() there is the server's alone; this process runs the HTTP clients
 * (32 keep-alive) and asks each server for its CPU at the start and end of every window. Slices of
 * POST /api/v1/organizations and POST /api/v1/tasks in turns; prints CPU ms per 201 and the rate of
 * each slice, then the medians.
 *
 * `-- --against <another checkout's dist/bench/cpu.bench.js>` starts that build's platform too and
 * interleaves the two slice by slice (the order alternating), so both meet the same machine: on a
 * shared machine the CPU per command moves by a third from one minute to the next.
 * Run a server under `node --cpu-prof` with BENCH_SERVER_EXEC_ARGV='--cpu-prof --cpu-prof-dir=DIR'.
 * Knobs: BENCH_ENDPOINTS (organizations,tasks), BENCH_CONNECTIONS, BENCH_SLICE_SECONDS, BENCH_SLICES, BENCH_ROLE (all | api), DATABASE_URL, REDIS_URL.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { benchRun, dropRun, login, runBench, startPlatform } from './support/platform.js';
import { withClient } from './support/postgres.js';
import { closedLoop, httpRequest } from './support/http.js';
import { loadAverage, percentile, printRows } from './support/report.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_MS = 1000;
const SLICE_SECONDS = Number(process.env.BENCH_SLICE_SECONDS ?? 4);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const ROLE = (process.env.BENCH_ROLE ?? 'all') as 'all' | 'api';
const DAY = 86_400_000;

type Endpoint = 'organizations' | 'tasks';
const ENDPOINTS = (process.env.BENCH_ENDPOINTS?.split(',') ?? ['organizations', 'tasks']) as Endpoint[];

interface Ready {
  kind: 'ready';
  port: number;
  token: string;
  executors: string[];
}

// ---------------------------------------------------------------------------------------------
// Server process: the platform, its CPU on request.
// ---------------------------------------------------------------------------------------------

async function serve(): Promise<void> {
  const { config, adminEmail, adminPassword } = await benchRun(ROLE);
  const platform = await startPlatform(config);
  const executors = await withClient(config.databaseUrl, async (pg) => {
    const [admin] = (await pg.query(`SELECT id, password_hash FROM users ORDER BY created_at LIMIT 1`)).rows as { id: string; password_hash: string }[];
    await pg.query(`UPDATE users SET roles = ARRAY['admin', 'controller'] WHERE id = $1`, [admin.id]);
    const ids: string[] = [];
    for (let o = 0; o < 10; o++) {
      const organization = randomUUID();
      await pg.query(`INSERT INTO organizations (id, name, kind, timezone, version) VALUES ($1, $2, 'rural_district', 'Asia/Almaty', 1)`, [organization, `CPU organization ${o}`]);
      for (let e = 0; e < 4; e++) {
        const id = randomUUID();
        await pg.query(
          `INSERT INTO users (id, full_name, email, organization_id, roles, locale, active, password_hash, version) VALUES ($1, $2, $3, $4, '{}', 'kk', true, $5, 1)`,
          [id, `Executor ${o}-${e}`, `executor-${o}-${e}@cpu.test`, organization, admin.password_hash],
        );
        ids.push(id);
      }
    }
    return ids;
  });
  const token = await login(platform.port, adminEmail, adminPassword);
  process.on('message', (message: { kind: 'cpu' } | { kind: 'stop' }) => {
    if (message.kind === 'cpu') {
      const used = process.cpuUsage();
      process.send!({ kind: 'cpu', ms: (used.user + used.system) / 1000, systemMs: used.system / 1000 });
    } else {
      void platform.app
        .close()
        .catch(() => undefined)
        .then(() => dropRun(config))
        .then(() => process.exit(0));
    }
  });
  process.send!({ kind: 'ready', port: platform.port, token, executors } satisfies Ready);
}

// ---------------------------------------------------------------------------------------------
// Main process: the clients and the report.
// ---------------------------------------------------------------------------------------------

/** The server process's CPU so far: all of it, and the part spent in the kernel (socket writes and reads on loopback). */
interface Cpu {
  ms: number;
  systemMs: number;
}

class Server {
  private pending: ((cpu: Cpu) => void)[] = [];
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    child.on('message', (message: { kind: string } & Cpu) => message.kind === 'cpu' && this.pending.shift()?.(message));
  }

  static start(name: string, script: string): Promise<Server> {
    const execArgv = process.env.BENCH_SERVER_EXEC_ARGV?.split(' ').filter(Boolean) ?? [];
    const child = fork(script, ['serve'], { execArgv });
    return new Promise((resolve, reject) => {
      child.once('message', (message: Ready) => resolve(new Server(name, child, message)));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`server ${name} exited with ${code}`)));
    });
  }

  cpu(): Promise<Cpu> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.send({ kind: 'cpu' });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit');
      this.child.once('exit', () => resolve());
      this.child.send({ kind: 'stop' });
    });
  }
}

/** One slice against `server`: warm-up, then the window; the server's CPU over the window per 201. */
async function slice(server: Server, endpoint: Endpoint, tag: string): Promise<{ cpuPerCommand: number; systemShare: number; rate: number; other: string }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const { port, token, executors } = server.ready;
  const dueAt = new Date(Date.now() + 30 * DAY).toISOString();
  let cpuStart: Cpu | null = null;
  let cpuEnd: Cpu | null = null;
  const timers = [
    setTimeout(() => void server.cpu().then((cpu) => (cpuStart = cpu)), WARMUP_MS),
    setTimeout(() => void server.cpu().then((cpu) => (cpuEnd = cpu)), WARMUP_MS + SLICE_SECONDS * 1000),
  ];
  const load = await closedLoop({
    connections: CONNECTIONS,
    warmupMs: WARMUP_MS,
    durationMs: SLICE_SECONDS * 1000,
    body:
      endpoint === 'organizations'
        ? (id, i) => JSON.stringify({ name: `CPU department ${tag}-${id}-${i}`, kind: 'department' })
        : (id, i) => JSON.stringify({ title: `CPU task ${tag}-${id}-${i}`, executorId: executors[(id * 7919 + i) % executors.length], dueAt }),
    send: (body) => httpRequest(agent, port, token, 'POST', `/api/v1/${endpoint}`, body),
  });
  agent.destroy();
  timers.forEach(clearTimeout);
  while (!cpuStart || !cpuEnd) await new Promise((resolve) => setTimeout(resolve, 10));
  const [start, end] = [cpuStart as Cpu, cpuEnd as Cpu];
  const unexpected = Object.entries(load.unexpected).map(([status, n]) => `${n}×${status}`);
  return {
    cpuPerCommand: (end.ms - start.ms) / load.created,
    systemShare: (end.systemMs - start.systemMs) / (end.ms - start.ms),
    rate: load.created / SLICE_SECONDS,
    other: [...unexpected, ...(load.errors ? [`${load.errors} errors: ${load.firstError}`] : []), ...(load.firstUnexpected ? [load.firstUnexpected] : [])].join(', '),
  };
}

async function main(): Promise<void> {
  const against = process.argv.indexOf('--against');
  const scripts: [string, string][] = [['this', fileURLToPath(import.meta.url)]];
  if (against > 0) scripts.push(['against', process.argv[against + 1]]);
  console.log(`bench:cpu — role ${ROLE}, ${CONNECTIONS} clients, ${SLICES} slices of ${SLICE_SECONDS} s per endpoint and build (${scripts.map(([n, s]) => `${n}: ${s}`).join('; ')})`);
  const servers: Server[] = [];
  try {
    for (const [name, script] of scripts) servers.push(await Server.start(name, script));
    const figures = new Map<string, { cpu: number[]; system: number[]; rate: number[] }>();
    const tag = randomBytes(3).toString('hex');
    for (let s = 0; s < SLICES; s++) {
      const order = s % 2 === 0 ? servers : [...servers].reverse();
      for (const endpoint of ENDPOINTS) {
        for (const server of order) {
          const result = await slice(server, endpoint, `${tag}-${s}`);
          const key = `${server.name} POST /${endpoint}`;
          const entry = figures.get(key) ?? { cpu: [], system: [], rate: [] };
          entry.cpu.push(result.cpuPerCommand);
          entry.system.push(result.systemShare);
          entry.rate.push(result.rate);
          figures.set(key, entry);
          console.log(`slice ${s + 1} ${key}: ${result.cpuPerCommand.toFixed(3)} ms CPU per 201 (${(100 * result.systemShare).toFixed(0)} % kernel), ${result.rate.toFixed(0)}/s, load ${loadAverage().toFixed(2)}${result.other ? `, ${result.other}` : ''}`);
        }
      }
    }
    const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);
    console.log('');
    printRows(
      [...figures].map(([key, { cpu, system, rate }]) => [
        key,
        `median ${median(cpu).toFixed(3)} ms CPU per 201 (min ${Math.min(...cpu).toFixed(3)}; ${(100 * median(system)).toFixed(0)} % in the kernel), median ${median(rate).toFixed(0)}/s`,
      ]),
    );
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

if (process.argv[2] === 'serve') {
  serve().catch((error: unknown) => {
    console.error('bench:cpu server failed:', error);
    process.exit(1);
  });
} else {
  runBench('cpu', main);
}
