import { afterAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import {
  CompactRange,
  consistencyProof,
  frontierNodeIds,
  inclusionProof,
  JournalTreeUpperNodes1765000001300,
  leafHash,
  type NodeId,
  NoteVerifier,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@kelisim/audit';
import { ensureDatabase } from '@kelisim/config';
import { dataSourceOptions, runMigrations } from '@kelisim/persistence';
import { allMigrations } from '@kelisim/platform';
import { anOrganization, appendProbeEvents, startTestApp, type TestApp } from '@kelisim/testing';

/** The migration that stores only the tree's upper levels: everything before it is an installation of yesterday. */
const UPPER_NODES = 1765000001300;
const before = allMigrations.filter((m) => Number(/(\d{13})$/.exec(new m().name ?? '')![1]) < UPPER_NODES);
/** Past one complete subtree of 512 leaves, so that stored levels 8 and 9 and a ragged right edge all exist. */
const EVENTS = 700;

const databaseUrl = (name: string): string => {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  url.pathname = `/${name}`;
  return url.toString();
};
const key = (level: number, index: number | string): string => `${level}/${index}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * A database as yesterday's platform left it: migrated up to before `JournalTreeUpperNodes`,
 * `EVENTS` chained events, sealed as the old sealer did — every leaf, a
 * foreign key from each leaf to its event, and every complete subtree stored, level 0 up. Returns
 * those stored nodes.
 */
async function yesterdaysTree(name: string): Promise<Map<string, Buffer>> {
  const url = databaseUrl(name);
  await ensureDatabase(url);
  await runMigrations(url, before);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await appendProbeEvents((text, values) => client.query(text, values).then((r) => r.rows), EVENTS);
    expect(rows[0]!.position).toBe(1); // below, an event's position is its leaf index + 1
    const nodes = new Map<string, Buffer>();
    const range = new CompactRange();
    for (const r of rows) range.append(leafHash(Buffer.from(r.hash, 'hex')), (level, index, hash) => nodes.set(key(level, index), hash));
    await client.query(`INSERT INTO journal_leaves (leaf_index, position) SELECT g - 1, g FROM generate_series(1, $1::int) g`, [EVENTS]);
    const all = [...nodes].map(([k, hash]) => [...k.split('/').map(Number), hash] as [number, number, Buffer]);
    await client.query(`INSERT INTO journal_tree_nodes (level, index, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`, [
      all.map(([level]) => level),
      all.map(([, index]) => index),
      all.map(([, , hash]) => hash),
    ]);
    return nodes;
  } finally {
    await client.end();
  }
}

describe('a tree stored at every level, migrated to its upper levels', () => {
  let t: TestApp | null = null;
  afterAll(async () => {
    await t?.close();
  });

  it('OldStoredTree_KeepsItsRootsAndProofs_WithOnlyUpperLevelsStored_AndSealingGoesOn_DownPutsTheLevelsBack', async () => {
    const name = `kelisim_test_upper_nodes_${process.pid}_${randomBytes(4).toString('hex')}`;
    const old = await yesterdaysTree(name);
    const oldRead = (ids: readonly NodeId[]) => ids.map((id) => old.get(key(id.level, id.index))!);
    const oldRoot = CompactRange.of(EVENTS, oldRead(frontierNodeIds(EVENTS))).root();

    // The platform starts on it: the migration runs as the owner.
    t = await startTestApp({ database: name });
    const stored = (await t.asOwner('SELECT level, index, hash FROM journal_tree_nodes ORDER BY level, index')) as { level: number; index: string; hash: Buffer }[];
    const upper = [...old].filter(([k]) => Number(k.split('/')[0]) >= 8);
    expect(upper.map(([k]) => k)).toEqual(['8/0', '8/1', '9/0']);
    expect(stored.map((n) => [key(n.level, n.index), n.hash.toString('hex')])).toEqual(upper.map(([k, hash]) => [k, hash.toString('hex')]));
    expect(await t.asOwner(`SELECT count(*)::int AS fks FROM pg_constraint WHERE conrelid = 'journal_leaves'::regclass AND contype = 'f'`)).toEqual([{ fks: 0 }]);

    // The sealer resumes from the stored frontier (the platform's own start-up events follow ours):
    // the signed tree extends the one the old nodes gave.
    const first = await t.sealer.sealNow();
    expect(first.treeSize).toBeGreaterThanOrEqual(EVENTS);
    const admin = bearer(t.adminToken);
    const verifier = NoteVerifier.parse((await t.http.get('/api/v1/audit/public-key').set(admin)).body.verifierKey);
    const signedRoot = async (size: number) => {
      const items = (await t!.http.get('/api/v1/audit/checkpoints?limit=1').set(admin)).body.items as { treeSize: number; note: string }[];
      expect(items[0]!.treeSize).toBe(size);
      return openCheckpoint(items[0]!.note, [verifier]).checkpoint.rootHash;
    };
    const rootFirst = await signedRoot(first.treeSize);
    const extended = await t.http.get(`/api/v1/audit/consistency?from=${EVENTS}&to=${first.treeSize}`).set(admin);
    expect(verifyConsistency(EVENTS, first.treeSize, oldRoot, rootFirst, extended.body.proof.map((p: string) => Buffer.from(p, 'base64')))).toBe(true);

    // Proofs of the lower levels, now computed from the leaves, are the ones the old nodes gave.
    for (const position of [1, 2, 255, 256, 300, 512, 513, 640, 699, 700]) {
      const proof = await t.http.get(`/api/v1/audit/events/${position}/proof?treeSize=${EVENTS}`).set(admin);
      expect(proof.status).toBe(200);
      const expected = await inclusionProof(position - 1, EVENTS, oldRead);
      expect(proof.body).toEqual({ leafIndex: position - 1, treeSize: EVENTS, proof: expected.map((h) => h.toString('base64')) });
    }
    for (const [from, to] of [
      [1, 700],
      [256, 700],
      [300, 641],
      [699, 700],
    ] as const) {
      const proof = await t.http.get(`/api/v1/audit/consistency?from=${from}&to=${to}`).set(admin);
      expect(proof.body.proof).toEqual((await consistencyProof(from, to, oldRead)).map((h) => h.toString('base64')));
    }

    // Sealing goes on: new events, a new checkpoint consistent with the old one, the journal verified.
    await anOrganization(t);
    const second = await t.sealer.sealNow();
    expect(second.treeSize).toBeGreaterThan(EVENTS);
    const rootNow = await signedRoot(second.treeSize);
    const consistency = await t.http.get(`/api/v1/audit/consistency?from=${first.treeSize}&to=${second.treeSize}`).set(admin);
    expect(verifyConsistency(first.treeSize, second.treeSize, rootFirst, rootNow, consistency.body.proof.map((p: string) => Buffer.from(p, 'base64')))).toBe(true);
    const [leaf] = (await t.dataSource.query('SELECT e.position, e.hash FROM journal_leaves l JOIN journal_events e ON e.position = l.position WHERE l.leaf_index = $1', [
      second.treeSize - 1,
    ])) as { position: string; hash: string }[];
    const inclusion = await t.http.get(`/api/v1/audit/events/${leaf!.position}/proof`).set(admin);
    expect(verifyInclusion(leafHash(Buffer.from(leaf!.hash, 'hex')), second.treeSize - 1, second.treeSize, inclusion.body.proof.map((p: string) => Buffer.from(p, 'base64')), rootNow)).toBe(
      true,
    );
    expect((await t.http.get('/api/v1/audit/verify').set(admin)).body).toMatchObject({ ok: true, sealed: second.treeSize });

    // The platform's role may not store a lower level (the CHECK), as it may not change a row.
    await expect(t.dataSource.query(`INSERT INTO journal_tree_nodes (level, index, hash) VALUES (0, 999999, sha256('x'))`)).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23514' }),
    });

    // Down puts every lower level back as the old sealer stored it, and the foreign key.
    const owner = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
    try {
      const runner = owner.createQueryRunner();
      await runner.startTransaction();
      await new JournalTreeUpperNodes1765000001300().down(runner);
      const back = (await runner.query('SELECT level, index, hash FROM journal_tree_nodes')) as { level: number; index: string; hash: Buffer }[];
      const rebuilt = new Map(back.map((n) => [key(n.level, n.index), n.hash.toString('hex')]));
      for (const [k, hash] of old) expect([k, rebuilt.get(k)]).toEqual([k, hash.toString('hex')]);
      let expected = 0;
      for (let level = 0; level < 8; level++) expected += Math.floor(second.treeSize / 2 ** level);
      expect(back.filter((n) => n.level < 8)).toHaveLength(expected);
      expect(await runner.query(`SELECT count(*)::int AS fks FROM pg_constraint WHERE conrelid = 'journal_leaves'::regclass AND contype = 'f'`)).toEqual([{ fks: 1 }]);
      await runner.rollbackTransaction();
      await runner.release();
    } finally {
      await owner.destroy();
    }
  }, 240_000);
});
