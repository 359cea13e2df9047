/**
 * `npm run bench:journal [-- <sealEvents> <verifyEvents>]` (issue 11):
 *
 * 1. Sealer throughput alone: <sealEvents> (200,000) events written with SQL into a migrated
 *    database (nothing else running), then the platform's JournalSealer seals them all (leaves,
 *    tree nodes of level ≥ 8, signed checkpoints as the worker's loop publishes them, one at the
 *    end) → events/s. Target ≥ 20,000 events/s.
 * 2. Checkpoint lag while writing: the sealer's own loop (as the worker runs it) with a checkpoint
 *    interval of LAG_INTERVAL_MS, while LAG_WRITERS connections append events with SQL, one a
 *    transaction, as fast as they can for LAG_SECONDS (more events a second than the HTTP commands
 *    of bench:control write). An event's lag: from its commit to the first signed checkpoint
 *    covering it being visible (polled every 20 ms) → p50, p99, max. Target p99 < 2 × the interval.
 * 3. Verification of an export in Node: <verifyEvents> (1,000,000) events — chained per stream
 *    (10 events a stream), all sealed, one signed checkpoint — written as the JSON Lines of
 *    `npm run audit:export`, then verified by the export verifier (`audit:verify --file`) →
 *    events/s, next to `sha256sum` of the same file (the cost of merely reading and hashing its bytes).
 *
 * Writes bench/results/journal.json; drops its database and deletes its files, also on failure.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { benchRun, dropRun, runBench } from './support/platform.js';
import { watchCheckpoints } from './support/checkpoints.js';
import { withClient } from './support/postgres.js';
import { loadAverage, machine, printRows, round, writeResults } from './support/report.js';

const SEAL_EVENTS = Number(process.argv[2] ?? 200_000);
const VERIFY_EVENTS = Number(process.argv[3] ?? 1_000_000);
const TARGET_SEAL_RATE = 20_000;
const LAG_INTERVAL_MS = 1000;
const LAG_WRITERS = 4;
const LAG_SECONDS = 20;

runBench('journal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kelisim-bench-journal-'));
  const keyPath = join(dir, 'journal-key.pem');
  const audit = await import('@kelisim/audit');
  writeFileSync(keyPath, audit.generateSigningKeyPem(), { mode: 0o600 });
  process.env.KELISIM_JOURNAL_KEY = keyPath;
  process.env.KELISIM_JOURNAL_ORIGIN = 'bench.kelisim.test/journal';
  const run = await benchRun('all');
  const { config } = run;
  try {
    // --- 1. sealer throughput -------------------------------------------------------------
    const { migrateDatabase } = await import('@kelisim/platform');
    const { dataSourceOptions } = await import('@kelisim/persistence');
    const { DataSource } = await import('typeorm');
    await migrateDatabase(config);
    await withClient(config.databaseUrl, (c) =>
      c.query(
        `INSERT INTO journal_events (stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
         SELECT gen_random_uuid(), 'bench', 1, 'BenchEvent', jsonb_build_object('n', g), NULL, now(), md5(g::text) || md5((-g)::text), repeat('0', 64)
           FROM generate_series(1, $1::int) g`,
        [SEAL_EVENTS],
      ),
    );
    const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl)).initialize();
    const sealer = new audit.JournalSealer(dataSource, new audit.JournalKey(config), config);
    const sealStart = process.hrtime.bigint();
    const sealed = await sealer.sealNow();
    const sealSeconds = Number(process.hrtime.bigint() - sealStart) / 1e9;
    await dataSource.destroy();
    if (sealed.sealed !== SEAL_EVENTS) throw new Error(`sealed ${sealed.sealed} of ${SEAL_EVENTS} events`);
    const sealRate = SEAL_EVENTS / sealSeconds;

    // --- 2. checkpoint lag while writing ------------------------------------------------------
    const watch = await watchCheckpoints(config, LAG_INTERVAL_MS);
    const commits = new Map<number, number>();
    const writeUntil = Date.now() + LAG_SECONDS * 1000;
    const writer = () =>
      withClient(config.databaseUrl, async (c) => {
        while (Date.now() < writeUntil) {
          const { rows } = await c.query(
            `INSERT INTO journal_events (stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
             VALUES (gen_random_uuid(), 'bench', 1, 'BenchEvent', '{}', NULL, now(), md5(random()::text) || md5(random()::text), repeat('0', 64)) RETURNING position`,
          );
          commits.set(Number(rows[0].position), Date.now());
        }
      });
    await Promise.all(Array.from({ length: LAG_WRITERS }, writer));
    const lag = { ...(await watch.stop(commits)), writers: LAG_WRITERS, eventsPerSecond: Math.round(commits.size / LAG_SECONDS) };
    const { unsealed } = lag;

    // --- 3. verification of an export ---------------------------------------------------------
    const { journalEventHash, JOURNAL_GENESIS_HASH } = await import('@kelisim/kernel');
    const signer = audit.NoteSigner.fromPem('bench.kelisim.test/journal', audit.generateSigningKeyPem());
    const event = (i: number, prevHash: string) => {
      const stream = Math.floor(i / 10);
      const fields = {
        position: i + 1,
        streamId: `00000000-0000-4000-8000-${stream.toString(16).padStart(12, '0')}`,
        streamType: 'task',
        version: (i % 10) + 1,
        type: 'TaskAssigned',
        payload: { taskId: `t-${i}`, title: `Тапсырма ${i}`, dueAt: '2026-12-31T13:00:00.000Z', executors: [i % 97, i % 89] },
        actorId: null,
        occurredAt: new Date(1_796_000_000_000 + i).toISOString(),
        prevHash,
      };
      return { ...fields, hash: journalEventHash(fields, prevHash) };
    };
    const generate = function* () {
      let prev = JOURNAL_GENESIS_HASH;
      for (let i = 0; i < VERIFY_EVENTS; i++) {
        const e = event(i, i % 10 === 0 ? JOURNAL_GENESIS_HASH : prev);
        prev = e.hash;
        yield e;
      }
    };
    const range = new audit.CompactRange();
    for (const e of generate()) range.append(audit.leafHash(Buffer.from(e.hash, 'hex')));
    const note = audit.signCheckpoint({ origin: signer.name, treeSize: VERIFY_EVENTS, rootHash: range.root() }, signer);
    const file = join(dir, 'journal.jsonl');
    const out = createWriteStream(file);
    const write = async (line: unknown) => {
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
    };
    await write({ kind: 'kelisim-journal-export', version: 1, origin: signer.name, verifierKey: signer.verifier.verifierKey, exportedAt: new Date().toISOString() });
    await write({ kind: 'checkpoint', treeSize: VERIFY_EVENTS, note, sealedAt: new Date().toISOString() });
    let leafIndex = 0;
    for (const e of generate()) await write({ kind: 'leaf', leafIndex: leafIndex++, event: e });
    out.end();
    await once(out, 'finish');
    const bytes = statSync(file).size;

    const verifyStart = process.hrtime.bigint();
    const verdict = await audit.verifyExport(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), () => signer.verifier);
    const verifySeconds = Number(process.hrtime.bigint() - verifyStart) / 1e9;
    if (!verdict.ok || verdict.checked !== VERIFY_EVENTS) throw new Error(`the export did not verify: ${JSON.stringify(verdict)}`);
    const shaStart = process.hrtime.bigint();
    const sha = spawnSync('sha256sum', [file], { encoding: 'utf8' });
    const shaSeconds = Number(process.hrtime.bigint() - shaStart) / 1e9;
    if (sha.status !== 0) throw new Error(`sha256sum failed: ${sha.stderr}`);

    const figures = {
      machine: { ...machine(), loadAverage: loadAverage() },
      seal: { events: SEAL_EVENTS, seconds: round(sealSeconds, 2), eventsPerSecond: Math.round(sealRate), target: TARGET_SEAL_RATE, met: sealRate >= TARGET_SEAL_RATE },
      checkpointLag: lag,
      verifyExport: {
        events: VERIFY_EVENTS,
        megabytes: round(bytes / 1e6),
        seconds: round(verifySeconds, 2),
        eventsPerSecond: Math.round(VERIFY_EVENTS / verifySeconds),
        sha256sum: { seconds: round(shaSeconds, 2), eventsPerSecond: Math.round(VERIFY_EVENTS / shaSeconds), megabytesPerSecond: round(bytes / 1e6 / shaSeconds) },
      },
    };
    console.log('bench:journal');
    printRows([
      ['sealer alone', `${Math.round(sealRate)} events/s over ${SEAL_EVENTS} (target ≥ ${TARGET_SEAL_RATE}${sealRate >= TARGET_SEAL_RATE ? ', met' : ', NOT met'})`],
      [
        'checkpoint lag while writing',
        `p50 ${lag.p50Ms} ms, p99 ${lag.p99Ms} ms, max ${lag.maxMs} ms, interval ${LAG_INTERVAL_MS} ms (target p99 < ${2 * LAG_INTERVAL_MS} ms${lag.met ? ', met' : ', NOT met'}); ${lag.events} events at ${lag.eventsPerSecond}/s from ${LAG_WRITERS} connections, ${lag.checkpoints} checkpoints, ${unsealed} unsealed`,
      ],
      ['verify export in Node', `${figures.verifyExport.eventsPerSecond} events/s over ${VERIFY_EVENTS} (${figures.verifyExport.megabytes} MB, ${figures.verifyExport.seconds} s)`],
      ['sha256sum of the same file', `${figures.verifyExport.sha256sum.eventsPerSecond} events/s (${figures.verifyExport.sha256sum.megabytesPerSecond} MB/s, ${figures.verifyExport.sha256sum.seconds} s)`],
      ['load average', `${figures.machine.loadAverage.toFixed(2)} on ${figures.machine.cpus} cores`],
    ]);
    console.log(`  → ${await writeResults('journal', figures)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropRun(config);
  }
});
