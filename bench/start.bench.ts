/**
 * `npm run bench:start [-- <runs>]`: how long `npm start`'s process takes, in embedded mode (no
 * DATABASE_URL, no REDIS_URL), from its spawn to the first 200 of /health/ready (issue 14):
 *
 * - cold: a fresh data directory each time (initdb, migrations, BullMQ's schema, the first admin);
 * - warm: the same directory again (PostgreSQL starts on data it has, nothing to migrate).
 *
 * <runs> (5) of each, the whole process every time (stopped with SIGTERM, its PostgreSQL with it);
 * prints each run and the median, writes bench/results/start.json. There is no ceiling to measure
 * against in the same run here, so each figure is given with the machine's load.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './support/root.js';
import { runBench } from './support/platform.js';
import { ascending, loadAverage, machine, percentile, printRows, round, writeResults } from './support/report.js';

const RUNS = Number(process.argv[2] ?? 5);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Spawns the platform on `dataDir`, returns the milliseconds to a ready /health/ready, then stops it. */
async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...env } = process.env;
  const started = performance.now();
  const child = spawn('node', ['--max-semi-space-size=32', join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...env, KELISIM_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', KELISIM_ADMIN_EMAIL: 'bench@kelisim.test', KELISIM_ADMIN_PASSWORD: 'bench-password-123' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the platform exited (${child.exitCode}): ${stderr}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false);
      if (ready) return performance.now() - started;
      if (performance.now() - started > 180_000) throw new Error(`not ready in 180 s: ${stderr}`);
      await sleep(20);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const summary = (values: number[]) => {
  const sorted = ascending(values);
  return { runs: values.map((v) => round(v)), median: round(percentile(sorted, 50)), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
};

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const cold: number[] = [];
  const warm: number[] = [];
  const keep = await mkdtemp(join(tmpdir(), 'kelisim-bench-start-'));
  await chmod(keep, 0o755); // as root, PostgreSQL runs as 'postgres', which must enter it
  try {
    for (let i = 0; i < RUNS; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'kelisim-bench-cold-'));
      await chmod(dir, 0o755);
      try {
        cold.push(await startOnce(dir));
        console.log(`  cold ${i + 1}: ${round(cold[i] / 1000, 2)} s`);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    await startOnce(keep); // initialises it
    for (let i = 0; i < RUNS; i++) {
      warm.push(await startOnce(keep));
      console.log(`  warm ${i + 1}: ${round(warm[i] / 1000, 2)} s`);
    }
  } finally {
    await rm(keep, { recursive: true, force: true });
  }
  const figures = { cold: summary(cold), warm: summary(warm) };
  printRows([
    ['cold start to /health/ready (fresh data directory), median', `${round(figures.cold.median / 1000, 2)} s (${RUNS} runs, ${round(figures.cold.min / 1000, 2)}–${round(figures.cold.max / 1000, 2)})`],
    ['warm start to /health/ready, median', `${round(figures.warm.median / 1000, 2)} s (${RUNS} runs, ${round(figures.warm.min / 1000, 2)}–${round(figures.warm.max / 1000, 2)})`],
  ]);
  const written = await writeResults('start', { ...figures, machine: machine(), loadBefore, loadAfter: loadAverage() });
  console.log(`  written to ${written}`);
}

runBench('start', main);
