/**
 * `npm run bench:queues [-- <seconds> <burst>]`: reminder firing on each queue store — BullMQ's
 * PostgreSQL backend (REDIS_URL unset) and Redis — next to raw BullMQ on the same store, in the same
 * run (issue 14), the two sides interleaved so that a burst of load on the shared machine lands on
 * both alike. Per store:
 *
 * 1. Lateness at a steady rate: BENCH_RATE (100) due per second, in slots of BENCH_SLOT_MS (1,000)
 *    that alternate platform, raw, platform, … until each side has had <seconds> (20) of them. The
 *    platform's lateness is `fired_at − fire_at` from PostgreSQL, raw's `now − planned` when its
 *    worker starts the job (bench/queues/sides.ts). Targets: p99 ≤ 1.5× raw, and on PostgreSQL p99 < 1 s.
 * 2. Throughput: <burst> (5,000) due at the same instant, BENCH_BURST_ROUNDS (2) rounds a side in the
 *    order platform, raw, raw, platform, …; fired per second from the due instant to the last one,
 *    over all of a side's rounds.
 *
 * Writes bench/results/queues.json; drops each run's database and keys, also on failure.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { apiClient, benchRun, dropRun, login, runBench, startPlatform } from './support/platform.js';
import { ascending, loadAverage, machine, percentile, printRows, round, writeResults } from './support/report.js';
import { type Fired, platformSide, rawSide, type Side } from './queues/sides.js';

const SECONDS = Number(process.argv[2] ?? 20);
const BURST = Number(process.argv[3] ?? 5000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const SLOT_MS = Number(process.env.BENCH_SLOT_MS ?? 1000);
const BURST_ROUNDS = Number(process.env.BENCH_BURST_ROUNDS ?? 2);
/** Which stores to measure (both by default): `postgres`, `redis`, or `postgres,redis`. */
const STORES = (process.env.BENCH_STORES ?? 'postgres,redis').split(',');
/** From planting to the first due time: the rows are written and queued before then. */
const LEAD_MS = Number(process.env.BENCH_LEAD_MS ?? 8000);
/** How long after the last due time a side may take before the run reports what fired. */
const GIVE_UP_MS = 120_000;
const TARGETS = { p99Ratio: 1.5, postgresP99Ms: 1000 };

const stats = (values: number[]) => {
  const sorted = ascending(values);
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted[sorted.length - 1] ?? NaN) };
};

/** Both sides at RATE a second in alternating slots, planted together before the first is due. */
async function steady(platform: Side, raw: Side) {
  const start = Date.now() + LEAD_MS;
  const due: [number[], number[]] = [[], []];
  const perSlot = Math.round((RATE * SLOT_MS) / 1000);
  for (let slot = 0; slot < (2 * SECONDS * 1000) / SLOT_MS; slot++) {
    for (let i = 0; i < perSlot; i++) due[slot % 2].push(start + slot * SLOT_MS + (i * 1000) / RATE);
  }
  const rounds = [await platform.plant(due[0]), await raw.plant(due[1])];
  const giveUpAt = start + 2 * SECONDS * 1000 + GIVE_UP_MS;
  const [p, r] = await Promise.all(rounds.map((one) => one.wait(giveUpAt)));
  return {
    platform: { ...stats(p.late), planted: due[0].length, taken: stats(p.taken) },
    raw: { ...stats(r.late), planted: due[1].length, taken: stats(r.taken) },
  };
}

/** BURST due at once, a side at a time (platform, raw, raw, platform, …); fired per second over each side's rounds. */
async function burst(platform: Side, raw: Side) {
  const fired: { platform: Fired[]; raw: Fired[] } = { platform: [], raw: [] };
  const spent = { platform: 0, raw: 0 };
  for (let i = 0; i < 2 * BURST_ROUNDS; i++) {
    const which = i % 4 === 0 || i % 4 === 3 ? 'platform' : 'raw';
    const at = Date.now() + LEAD_MS;
    const result = await (await (which === 'platform' ? platform : raw).plant(Array.from({ length: BURST }, () => at))).wait(at + GIVE_UP_MS);
    fired[which].push(result);
    spent[which] += Math.max(0.001, result.lastAt - at) / 1000;
  }
  const perSecond = (side: 'platform' | 'raw') => round(fired[side].reduce((n, f) => n + f.late.length, 0) / spent[side]);
  return { platform: perSecond('platform'), raw: perSecond('raw'), rounds: { platform: fired.platform.map((f) => f.late.length), raw: fired.raw.map((f) => f.late.length) } };
}

async function store(name: 'postgres' | 'redis') {
  process.env.REDIS_URL = name === 'postgres' ? '' : (process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0');
  const { config, id, adminEmail, adminPassword } = await benchRun('all');
  const { default: pg } = await import('pg');
  let app: INestApplication | undefined;
  let raw: Side | undefined;
  const sql = new pg.Client({ connectionString: config.databaseUrl });
  try {
    const started = await startPlatform(config);
    app = started.app;
    await sql.connect();
    const api = apiClient(started.port);
    const admin = await login(started.port, adminEmail, adminPassword);
    const organization = await api<{ id: string }>('POST', '/organizations', admin, { name: 'Bench department', kind: 'department' });
    const user = await api<{ id: string }>('POST', '/users', admin, { fullName: 'Bench executor', email: `${id}@bench.kelisim.test`, organizationId: organization.id, password: randomUUID() });
    const platform = await platformSide(app, sql, user.id);
    raw = await rawSide(config, `kbraw_${id}`);
    const lateness = await steady(platform, raw);
    const throughput = await burst(platform, raw);
    return {
      lateness,
      throughput,
      p99Ratio: round(lateness.platform.p99 / Math.max(1, lateness.raw.p99), 2),
      throughputRatio: round(throughput.platform / throughput.raw, 2),
    };
  } finally {
    await raw?.close().catch(() => undefined);
    await sql.end().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await dropRun(config, [config.queuePrefix, `kbraw_${id}`]);
  }
}

async function main(): Promise<void> {
  await import('reflect-metadata');
  const loadBefore = loadAverage();
  const postgres = STORES.includes('postgres') ? await store('postgres') : undefined;
  const redis = STORES.includes('redis') ? await store('redis') : undefined;
  const rows: [string, string][] = [];
  const figure = (s: { p50: number; p99: number; max: number; count: number; planted: number }) => `${s.p50} / ${s.p99} / ${s.max} ms (${s.count} of ${s.planted})`;
  for (const [name, s] of [['PostgreSQL', postgres], ['Redis', redis]] as const) {
    if (!s) continue;
    rows.push(
      [`${name}: lateness p50 / p99 / max at ${RATE}/s, platform`, figure(s.lateness.platform)],
      [`${name}: lateness p50 / p99 / max at ${RATE}/s, raw BullMQ`, figure(s.lateness.raw)],
      [`${name}: p99 platform ÷ raw (target ≤ ${TARGETS.p99Ratio})`, `${s.p99Ratio}`],
      [`${name}: job taken (processedOn) p50 / p99, platform / raw`, `${s.lateness.platform.taken.p50} / ${s.lateness.platform.taken.p99} ms; ${s.lateness.raw.taken.p50} / ${s.lateness.raw.taken.p99} ms`],
      [`${name}: ${BURST} due at once ×${BURST_ROUNDS}, fired per second, platform / raw`, `${s.throughput.platform} / ${s.throughput.raw} (${s.throughputRatio}×)`],
    );
  }
  if (postgres) rows.push([`PostgreSQL p99 < ${TARGETS.postgresP99Ms} ms at ${RATE}/s`, postgres.lateness.platform.p99 < TARGETS.postgresP99Ms ? 'yes' : 'NO']);
  printRows(rows);
  const settings = { seconds: SECONDS, burst: BURST, burstRounds: BURST_ROUNDS, rate: RATE, slotMs: SLOT_MS };
  const written = await writeResults('queues', { ...settings, targets: TARGETS, postgres, redis, machine: machine(), loadBefore, loadAfter: loadAverage() });
  console.log(`  written to ${written}`);
  console.log(`  load average ${round(loadBefore)} before, ${round(loadAverage())} after`);
}

runBench('queues', main);
