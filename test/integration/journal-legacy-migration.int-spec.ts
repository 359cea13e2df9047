import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureDatabase } from '@kelisim/config';
import { newId } from '@kelisim/kernel';
import { runMigrations } from '@kelisim/persistence';
import { allMigrations } from '@kelisim/platform';
import { dropDatabase, startTestApp, type TestApp } from '@kelisim/testing';

/** The first migration of per-stream chains: everything before it is the old, global-chain journal. */
const PER_STREAM = 1765000000000;
const before = allMigrations.filter((m) => Number(/(\d{13})$/.exec(new m().name ?? '')![1]) < PER_STREAM);

const databaseUrl = (name: string): string => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A database as the platform left it before per-stream chains (migrations up to the old journal,
 * events appended with the old global chain: journal_hash() over the previous event of any stream,
 * journal_head moved), holding `events` events of three streams interleaved.
 */
async function oldJournal(name: string, events: number, breakAt?: number): Promise<{ streams: string[] }> {
  const url = databaseUrl(name);
  await ensureDatabase(url);
  await runMigrations(url, before);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const streams = [newId(), newId(), newId()];
  try {
    expect((await client.query(`SELECT to_regprocedure('journal_hash(text,bigint,uuid,text,integer,text,jsonb,uuid,timestamptz)') IS NOT NULL AS old`)).rows[0].old).toBe(true);
    for (let position = 1; position <= events; position++) {
      const stream = streams[(position - 1) % 3];
      // The old append: the head row locked, the hash over the previous event of the whole journal.
      await client.query('BEGIN');
      const { rows } = await client.query('SELECT position, hash FROM journal_head WHERE id = 1 FOR UPDATE');
      const prev = rows[0].hash as string;
      await client.query(
        `INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
         SELECT $1, $2, 'task', $3, 'TaskProbe', $4::jsonb, NULL, $5::timestamptz,
                journal_hash($6, $1, $2, 'task', $3, 'TaskProbe', $4::jsonb, NULL, $5::timestamptz), $6`,
        [position, stream, Math.floor((position - 1) / 3) + 1, JSON.stringify({ n: position, title: `Тапсырма №${position}` }), new Date(1_790_000_000_000 + position * 1000), prev],
      );
      await client.query(`UPDATE journal_head SET position = $1, hash = (SELECT hash FROM journal_events WHERE position = $1) WHERE id = 1`, [position]);
      await client.query('COMMIT');
    }
    if (breakAt !== undefined) {
      await client.query('ALTER TABLE journal_events DISABLE TRIGGER journal_events_append_only');
      await client.query(`UPDATE journal_events SET payload = '{"n": -1}' WHERE position = $1`, [breakAt]);
      await client.query('ALTER TABLE journal_events ENABLE TRIGGER journal_events_append_only');
    }
  } finally {
    await client.end();
  }
  return { streams };
}

describe('a journal from before per-stream chains, migrated', () => {
  let t: TestApp | null = null;
  const run = `${process.pid}_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    await t?.close();
    await dropDatabase(databaseUrl(`kelisim_test_legacy_broken_${run}`));
  });

  it('OldGlobalChain_IsVerifiedKeptAndSealedFirst_ThenVerifyIsOk_WithASignedCheckpoint', async () => {
    const name = `kelisim_test_legacy_${run}`;
    const EVENTS = 12;
    const { streams } = await oldJournal(name, EVENTS);
    const reader = new pg.Client({ connectionString: databaseUrl(name) });
    await reader.connect();
    const old = (await reader.query('SELECT position, hash FROM journal_events ORDER BY position')).rows as { position: string; hash: string }[];
    await reader.end();

    // The platform starts on it: the remaining migrations run (as the owner), then it serves.
    t = await startTestApp({ database: name });
    const legacy = (await t.dataSource.query('SELECT position, hash FROM journal_legacy ORDER BY position')) as { position: string; hash: string }[];
    expect(legacy).toEqual(old); // the old chain kept verbatim
    expect(await t.dataSource.query(`SELECT to_regclass('journal_head') AS head, to_regprocedure('journal_hash(text,bigint,uuid,text,integer,text,jsonb,uuid,timestamptz)') AS fn`)).toEqual([
      { head: null, fn: null },
    ]);
    // Each stream is now its own chain.
    for (const stream of streams) {
      const rows = (await t.dataSource.query('SELECT version, hash, prev_hash FROM journal_events WHERE stream_id = $1 ORDER BY version', [stream])) as {
        hash: string;
        prev_hash: string;
      }[];
      expect(rows).toHaveLength(EVENTS / 3);
      expect(rows[0].prev_hash).toBe('0'.repeat(64));
      for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    }

    await t.sealer.sealNow();
    // The history is the tree's first leaves, in its old order.
    const leaves = (await t.dataSource.query('SELECT leaf_index, position FROM journal_leaves WHERE leaf_index < $1 ORDER BY leaf_index', [EVENTS])) as {
      leaf_index: string;
      position: string;
    }[];
    expect(leaves.map((l) => Number(l.position))).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));

    const admin = { Authorization: `Bearer ${t.adminToken}` };
    const verdict = await t.http.get('/api/v1/audit/verify').set(admin);
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: true });
    expect(verdict.body.checked).toBeGreaterThanOrEqual(EVENTS);
    expect(verdict.body.checkpoints).toBeGreaterThanOrEqual(1);
    const checkpoints = await t.http.get('/api/v1/audit/checkpoints').set(admin);
    expect(checkpoints.body.items[0].treeSize).toBeGreaterThanOrEqual(EVENTS);
    // An old event's inclusion in the signed tree is provable.
    const proof = await t.http.get('/api/v1/audit/events/1/proof').set(admin);
    expect(proof.status).toBe(200);
    expect(proof.body.leafIndex).toBe(0);
  }, 240_000);

  it('BrokenOldChain_RefusesToMigrate_NamingThePosition', async () => {
    const name = `kelisim_test_legacy_broken_${run}`;
    await oldJournal(name, 6, 4);
    await expect(runMigrations(databaseUrl(name), allMigrations)).rejects.toThrow(/broken at position 4/);
    // Nothing of the new format was left behind: the old journal stays as it was.
    const client = new pg.Client({ connectionString: databaseUrl(name) });
    await client.connect();
    try {
      expect((await client.query(`SELECT to_regclass('journal_legacy') AS legacy, to_regclass('journal_head') AS head`)).rows[0]).toEqual({ legacy: null, head: 'journal_head' });
    } finally {
      await client.end();
    }
  }, 120_000);
});
