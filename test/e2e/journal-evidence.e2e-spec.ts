import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  exportJournal,
  generateSigningKeyPem,
  type JournalVerdict,
  leafHash,
  NoteSigner,
  NoteVerifier,
  openCheckpoint,
  signCheckpoint,
  verifyConsistency,
  verifyExport,
  verifyInclusion,
  verifyStoredJournal,
} from '@kelisim/audit';
import { anOrganization, startTestApp, type TestApp } from '@kelisim/testing';

const run = promisify(execFile);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/**
 * The journal as evidence (issue 11): the sealer's tree and signed checkpoints, the endpoints a
 * transparency log publishes, and verification outside the database — each tampering detected by
 * GET /audit/verify, by `audit:verify` and by the export verifier, naming what broke in kk/ru/en.
 */
describe('journal as evidence', () => {
  let t: TestApp;
  let dir: string;
  let verifier: NoteVerifier;

  const cli = async (args: string[]) => {
    const env = { ...process.env, DATABASE_URL: t.config.databaseUrl, KELISIM_JOURNAL_KEY: t.config.journal.keyPath, KELISIM_JOURNAL_ORIGIN: t.config.journal.origin };
    try {
      const { stdout, stderr } = await run('node', ['dist/apps/api/src/cli.js', ...args], { env, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  /**
   * The three verifiers, in the test's process (the command line runs the same functions; one test
   * below runs it for real): the API, the database verifier with a witness's note, and the export
   * verifier on a JSON Lines export with the key given outside.
   */
  const verifyAll = async (witness?: string) => {
    const lines: string[] = [];
    await exportJournal(t.dataSource, verifier, (line) => void lines.push(line.trimEnd()));
    const witnessNotes = witness ? [readFileSync(witness, 'utf8')] : [];
    const api = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(api.status).toBe(200);
    return {
      api: api.body as JournalVerdict,
      database: await verifyStoredJournal(t.dataSource, verifier, { witness: witnessNotes }),
      offline: await verifyExport(lines, () => verifier, witnessNotes),
    };
  };
  const expectBroken = async (reason: string | string[], where: Partial<JournalVerdict>, witness?: string) => {
    const { api, database, offline } = await verifyAll(witness);
    for (const verdict of witness ? [database, offline] : [api, database, offline]) {
      expect(verdict).toMatchObject({ ok: false, ...where });
      expect([reason].flat()).toContain(verdict.reason);
      expect(new Set(Object.values(verdict.message!)).size).toBe(3);
    }
  };
  /**
   * As the database's owner (the platform's role may not), around the append-only triggers, in one
   * transaction that first locks the tree's tables: the worker's sealer waits rather than interleaves.
   */
  const tamper = (statements: string[]) =>
    t.asOwner(
      [
        'BEGIN',
        'LOCK TABLE journal_leaves, journal_tree_nodes, journal_checkpoints, journal_events IN EXCLUSIVE MODE',
        ...['journal_events', 'journal_leaves', 'journal_tree_nodes', 'journal_checkpoints'].map((table) => `ALTER TABLE ${table} DISABLE TRIGGER USER`),
        ...statements,
        ...['journal_events', 'journal_leaves', 'journal_tree_nodes', 'journal_checkpoints'].map((table) => `ALTER TABLE ${table} ENABLE TRIGGER USER`),
        'COMMIT',
      ].join(';\n'),
    );
  const some = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const id = await anOrganization(t);
      await t.http.patch(`/api/v1/organizations/${id}`).set(bearer(t.adminToken)).set('If-Match', '"1"').send({ name: `Renamed ${id}` }).expect(200);
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kelisim-journal-'));
    t = await startTestApp({ env: { KELISIM_CHECKPOINT_INTERVAL_MS: '600000' } });
    verifier = NoteVerifier.parse((await t.http.get('/api/v1/audit/public-key').set(bearer(t.adminToken))).body.verifierKey);
  }, 120_000);
  afterAll(() => t.close());

  describe('checkpoints and proofs', () => {
    it('Checkpoints_AreSignedC2spNotes_WithInclusionAndConsistencyProofsThatVerify', async () => {
      await some(3);
      const first = await t.sealer.sealNow();
      expect(first.checkpoint).toBe(first.treeSize);
      await some(2);
      const second = await t.sealer.sealNow();
      expect(second.treeSize).toBeGreaterThan(first.treeSize);

      expect(verifier.name).toBe('kelisim.test/journal');
      const page = await t.http.get('/api/v1/audit/checkpoints?limit=1').set(bearer(t.adminToken));
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      const newest = page.body.items[0];
      expect(newest).toMatchObject({ treeSize: second.treeSize, sealedAt: expect.any(String) });
      const { checkpoint } = openCheckpoint(newest.note, [verifier]);
      expect(checkpoint).toMatchObject({ origin: 'kelisim.test/journal', treeSize: second.treeSize });
      const older = await t.http.get(`/api/v1/audit/checkpoints?limit=1&cursor=${page.body.nextCursor}`).set(bearer(t.adminToken));
      expect(older.body.items[0].treeSize).toBe(first.treeSize);
      const oldRoot = openCheckpoint(older.body.items[0].note, [verifier]).checkpoint.rootHash;

      // The list shows position and hash; an event's inclusion proof checks against the signed root.
      const events = await t.http.get('/api/v1/audit?limit=200').set(bearer(t.adminToken));
      const event = events.body.items[2];
      expect(event).toMatchObject({ position: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      const proof = await t.http.get(`/api/v1/audit/events/${event.position}/proof`).set(bearer(t.adminToken));
      expect(proof.status).toBe(200);
      expect(proof.body.treeSize).toBe(second.treeSize);
      expect(verifyInclusion(leafHash(Buffer.from(event.hash, 'hex')), proof.body.leafIndex, proof.body.treeSize, proof.body.proof.map((p: string) => Buffer.from(p, 'base64')), checkpoint.rootHash)).toBe(true);

      const consistency = await t.http.get(`/api/v1/audit/consistency?from=${first.treeSize}&to=${second.treeSize}`).set(bearer(t.adminToken));
      expect(consistency.status).toBe(200);
      expect(verifyConsistency(first.treeSize, second.treeSize, oldRoot, checkpoint.rootHash, consistency.body.proof.map((p: string) => Buffer.from(p, 'base64')))).toBe(true);
    });

    it('AuditExportAndVerify_OnTheCommandLine_WithoutADatabase_AcceptTheJournalAndRefuseAForeignKey', async () => {
      await t.sealer.sealNow();
      const file = join(dir, 'journal.jsonl');
      const exported = await cli(['audit:export', file]);
      expect(exported.code).toBe(0);
      const verified = await cli(['audit:verify', '--file', file, '--key', verifier.verifierKey]);
      expect(verified.code).toBe(0);
      expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, sealed: expect.any(Number), checkpoints: expect.any(Number) });
      const foreign = NoteSigner.fromPem('kelisim.test/journal', generateSigningKeyPem()).verifier.verifierKey;
      const refused = await cli(['audit:verify', '--file', file, '--key', foreign]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, reason: 'CHECKPOINT_SIGNATURE' });
      expect(refused.stderr.trim().split('\n')).toHaveLength(3);
    }, 240_000);

    it('Proofs_OutsideTheTreeOrOfHostileInput_Are400Or404NamingTheField', async () => {
      const tooBig = await t.http.get('/api/v1/audit/consistency?from=1&to=999999999').set(bearer(t.adminToken));
      expect(tooBig.status).toBe(400);
      expect(JSON.stringify(tooBig.body)).toContain('to');
      const words = await t.http.get('/api/v1/audit/consistency?from=one&to=2').set(bearer(t.adminToken));
      expect(words.status).toBe(400);
      expect(JSON.stringify(words.body.errors)).toContain('from');
      expect((await t.http.get('/api/v1/audit/events/0/proof').set(bearer(t.adminToken))).status).toBe(400);
      expect((await t.http.get('/api/v1/audit/events/999999999/proof').set(bearer(t.adminToken))).status).toBe(404);
      expect((await t.http.get('/api/v1/audit/events/1/proof?treeSize=1e400').set(bearer(t.adminToken))).status).toBe(400);
    });
  });

  describe('tampering, each detected by the API, audit:verify and the export verifier', () => {
    beforeEach(async () => {
      await some(2);
      await t.sealer.sealNow();
      const { api, database, offline } = await verifyAll();
      for (const verdict of [api, database, offline]) expect(verdict).toMatchObject({ ok: true });
    });
    const sealedPositions = async (): Promise<number[]> =>
      (await t.dataSource.query('SELECT position FROM journal_leaves ORDER BY leaf_index')).map((r: { position: string }) => Number(r.position));
    const restorable: string[] = [];
    const backup = async () => {
      // What an attacker restores: the tables as they are now (kept in the test's own tables).
      for (const table of ['journal_events', 'journal_leaves', 'journal_checkpoints', 'journal_tree_nodes']) {
        await t.asOwner(`DROP TABLE IF EXISTS backup_${table}`);
        await t.asOwner(`CREATE TABLE backup_${table} AS SELECT * FROM ${table}`);
      }
      restorable.push('done');
    };
    const restore = () =>
      tamper([
        `DELETE FROM outbox WHERE position NOT IN (SELECT position FROM backup_journal_events)`,
        `DELETE FROM consumer_inbox WHERE position NOT IN (SELECT position FROM backup_journal_events)`,
        `DELETE FROM journal_checkpoints`,
        `DELETE FROM journal_leaves`,
        `DELETE FROM journal_tree_nodes`,
        `DELETE FROM journal_events WHERE position NOT IN (SELECT position FROM backup_journal_events)`,
        `INSERT INTO journal_leaves SELECT * FROM backup_journal_leaves`,
        `INSERT INTO journal_tree_nodes SELECT * FROM backup_journal_tree_nodes`,
        `INSERT INTO journal_checkpoints SELECT * FROM backup_journal_checkpoints`,
      ]);

    it('APayloadEdited_IsTheEventAltered', async () => {
      const [, position] = await sealedPositions();
      await tamper([`UPDATE journal_events SET payload = payload || '{"forged": true}' WHERE position = ${position}`]);
      await expectBroken('EVENT_ALTERED', { firstBrokenAt: position });
      await tamper([`UPDATE journal_events SET payload = payload - 'forged' WHERE position = ${position}`]);
    });

    it('TheTailDeleted_IsACheckpointBeyondTheJournal', async () => {
      await backup();
      const positions = await sealedPositions();
      const tail = positions.slice(-2);
      await tamper([
        `DELETE FROM outbox WHERE position IN (${tail})`,
        `DELETE FROM consumer_inbox WHERE position IN (${tail})`,
        `DELETE FROM journal_leaves WHERE position IN (${tail})`,
        `DELETE FROM journal_events WHERE position IN (${tail})`,
      ]);
      await expectBroken('CHECKPOINT_BEYOND_JOURNAL', {});
      await tamper([`INSERT INTO journal_events SELECT * FROM backup_journal_events WHERE position IN (${tail})`, `INSERT INTO journal_leaves SELECT * FROM backup_journal_leaves WHERE position IN (${tail})`]);
    });

    it('AnEventDeletedInTheMiddle_IsALeafMissing', async () => {
      await backup();
      const positions = await sealedPositions();
      const middle = positions[Math.floor(positions.length / 2)];
      await tamper([
        `DELETE FROM outbox WHERE position = ${middle}`,
        `DELETE FROM consumer_inbox WHERE position = ${middle}`,
        `DELETE FROM journal_leaves WHERE position = ${middle}`,
        `DELETE FROM journal_events WHERE position = ${middle}`,
      ]);
      await expectBroken('LEAF_MISSING', {});
      await tamper([`INSERT INTO journal_events SELECT * FROM backup_journal_events WHERE position = ${middle}`, `INSERT INTO journal_leaves SELECT * FROM backup_journal_leaves WHERE position = ${middle}`]);
    });

    it('AnEventDeletedWithItsLeafKept_IsALeafMissing_AndAnExportInSmallPagesStillHoldsEveryOtherEvent', async () => {
      await backup();
      const [, gone] = await sealedPositions();
      await tamper([`DELETE FROM outbox WHERE position = ${gone}`, `DELETE FROM consumer_inbox WHERE position = ${gone}`, `DELETE FROM journal_events WHERE position = ${gone}`]);
      await expectBroken('LEAF_MISSING', {});
      // Pages of two leaves: the page holding the gap answers one event, and the pages after it are still read.
      const lines: string[] = [];
      const exported = await exportJournal(t.dataSource, verifier, (line) => void lines.push(line), 2);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM journal_events');
      expect(exported).toBe(n);
      expect(lines.filter((line) => line.startsWith('{"kind":"leaf"') || line.startsWith('{"kind":"event"'))).toHaveLength(n);
      await tamper([`INSERT INTO journal_events SELECT * FROM backup_journal_events WHERE position = ${gone}`]);
    });

    it('TwoEventsSwapped_IsARootMismatch', async () => {
      const positions = await sealedPositions();
      const [a, b] = [positions[1], positions[3]];
      // Leaves 1 and 3 trade places: every event intact, the order rewritten.
      await tamper([
        `ALTER TABLE journal_leaves DROP CONSTRAINT journal_leaves_position_key`,
        `UPDATE journal_leaves SET position = CASE position WHEN ${a} THEN ${b} ELSE ${a} END WHERE position IN (${a}, ${b})`,
      ]);
      // The first leaf out of place breaks its stream's chain, or (when the streams differ) the tree's root.
      await expectBroken(['CHAIN_BROKEN', 'ROOT_MISMATCH'], {});
      await tamper([
        `UPDATE journal_leaves SET position = CASE position WHEN ${a} THEN ${b} ELSE ${a} END WHERE position IN (${a}, ${b})`,
        `ALTER TABLE journal_leaves ADD CONSTRAINT journal_leaves_position_key UNIQUE (position)`,
      ]);
    });

    it('AStreamRewrittenWithEveryHashRecomputed_IsARootMismatch', async () => {
      const { journalEventHash, JOURNAL_GENESIS_HASH } = await import('@kelisim/kernel');
      const [{ stream_id: stream }] = await t.dataSource.query(
        `SELECT stream_id FROM journal_events WHERE stream_type = 'organization' GROUP BY stream_id HAVING count(*) >= 2 ORDER BY min(position) LIMIT 1`,
      );
      const rows = await t.dataSource.query(
        `SELECT position, stream_id, stream_type, version, type, payload, actor_id, occurred_at FROM journal_events WHERE stream_id = $1 ORDER BY version`,
        [stream],
      );
      const original = await t.dataSource.query('SELECT position, payload, hash, prev_hash FROM journal_events WHERE stream_id = $1', [stream]);
      let prev = JOURNAL_GENESIS_HASH;
      const statements: string[] = [];
      for (const row of rows) {
        const payload = { ...row.payload, name: 'Rewritten' };
        const hash = journalEventHash(
          { streamId: row.stream_id, streamType: row.stream_type, version: row.version, type: row.type, payload, actorId: row.actor_id, occurredAt: row.occurred_at },
          prev,
        );
        statements.push(`UPDATE journal_events SET payload = '${JSON.stringify(payload).replace(/'/g, "''")}', hash = '${hash}', prev_hash = '${prev}' WHERE position = ${row.position}`);
        prev = hash;
      }
      await tamper(statements);
      await expectBroken('ROOT_MISMATCH', {});
      await tamper(
        original.map(
          (r: { position: string; payload: unknown; hash: string; prev_hash: string }) =>
            `UPDATE journal_events SET payload = '${JSON.stringify(r.payload).replace(/'/g, "''")}', hash = '${r.hash}', prev_hash = '${r.prev_hash}' WHERE position = ${r.position}`,
        ),
      );
    });

    it('ACheckpointReSignedWithAnotherKey_IsACheckpointSignatureFault', async () => {
      const [{ tree_size: size, note }] = await t.dataSource.query('SELECT tree_size, note FROM journal_checkpoints ORDER BY tree_size DESC LIMIT 1');
      const { checkpoint } = openCheckpoint(note, [verifier]);
      const forger = NoteSigner.fromPem('kelisim.test/journal', generateSigningKeyPem());
      await tamper([`UPDATE journal_checkpoints SET note = '${signCheckpoint(checkpoint, forger)}' WHERE tree_size = ${size}`]);
      await expectBroken('CHECKPOINT_SIGNATURE', { brokenCheckpoint: Number(size) });
      await tamper([`UPDATE journal_checkpoints SET note = '${note}' WHERE tree_size = ${size}`]);
    });

    it('RestoredFromAnOlderBackup_WhileAWitnessHoldsANewerHead_IsAWitnessBeyondTheJournal', async () => {
      await backup();
      await some(2);
      await t.sealer.sealNow();
      const [{ note }] = await t.dataSource.query('SELECT note FROM journal_checkpoints ORDER BY tree_size DESC LIMIT 1');
      const witness = join(dir, 'witness-note.txt');
      writeFileSync(witness, note);
      const { checkpoint } = openCheckpoint(note, [verifier]);
      await restore();
      // The restored database is consistent in itself …
      expect((await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken))).body.ok).toBe(true);
      // … but not with the head the witness kept.
      await expectBroken('WITNESS_BEYOND_JOURNAL', { brokenCheckpoint: checkpoint.treeSize }, witness);
    });
  });
});
