import type { MigrationInterface, QueryRunner } from 'typeorm';
import { JOURNAL_GENESIS_HASH, journalEventHash } from '@kelisim/kernel';

interface EventRow {
  position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  payload: unknown;
  actor_id: string | null;
  occurred_at: Date;
}

/**
 * Per-stream chains (issue 11). The old global chain (journal_head, journal_hash()) is verified
 * once, kept verbatim in `journal_legacy`, then every event gets its per-stream hash, computed here
 * in Node exactly as the append computes it; the sealer then seals them as the first leaves of the
 * Merkle tree, so the first checkpoint covers the whole history. Positions come from a sequence and
 * each row records its transaction id (xid8), for the relay's and the sealer's horizon.
 */
export class JournalPerStream1765000000000 implements MigrationInterface {
  name = 'JournalPerStream1765000000000';

  async up(db: QueryRunner): Promise<void> {
    const [broken] = (await db.query(`
      SELECT x.position, x.rn FROM (
        SELECT position, row_number() OVER (ORDER BY position) AS rn, hash, prev_hash,
               lag(hash, 1, repeat('0', 64)::bpchar) OVER (ORDER BY position) AS expected_prev,
               journal_hash(prev_hash, position, stream_id, stream_type, version, type, payload, actor_id, occurred_at) AS recomputed
          FROM journal_events) x
       WHERE x.position <> x.rn OR x.prev_hash <> x.expected_prev OR x.hash <> x.recomputed
       ORDER BY x.position LIMIT 1`)) as { position: string }[];
    if (broken) throw new Error(`The journal's old chain is broken at position ${broken.position}; it cannot be migrated as evidence. Restore it from a backup first.`);
    const [head] = (await db.query(`
      SELECT h.position = coalesce((SELECT max(position) FROM journal_events), 0)
             AND h.hash = coalesce((SELECT hash FROM journal_events ORDER BY position DESC LIMIT 1), repeat('0', 64)) AS ok
        FROM journal_head h WHERE h.id = 1`)) as { ok: boolean }[];
    if (!head?.ok) throw new Error("The journal's old head does not match its last event (events missing at the end); it cannot be migrated as evidence.");

    await db.query(`CREATE TABLE journal_legacy AS SELECT * FROM journal_events ORDER BY position`);
    await db.query(`ALTER TABLE journal_legacy ADD PRIMARY KEY (position)`);
    await db.query(`COMMENT ON TABLE journal_legacy IS 'The global hash chain (journal_hash) of the journal before per-stream chains, verified when migrated; read-only.'`);
    await db.query(`
      CREATE TRIGGER journal_legacy_append_only BEFORE UPDATE OR DELETE ON journal_legacy
      FOR EACH ROW EXECUTE FUNCTION journal_events_append_only()`);
    await db.query(`DROP TABLE journal_head`);
    await db.query(`DROP FUNCTION journal_hash`);

    await db.query(`ALTER TABLE journal_events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await db.query(`CREATE SEQUENCE journal_position_seq AS bigint OWNED BY journal_events.position`);
    await db.query(`SELECT setval('journal_position_seq', coalesce((SELECT max(position) FROM journal_events), 0) + 1, false)`);
    await db.query(`ALTER TABLE journal_events ALTER COLUMN position SET DEFAULT nextval('journal_position_seq')`);
    await db.query(`CREATE INDEX journal_events_tx ON journal_events (tx)`);

    await db.query(`ALTER TABLE journal_events DISABLE TRIGGER journal_events_append_only`);
    let after = { stream: '00000000-0000-0000-0000-000000000000', version: 0 };
    let prev = { stream: '', hash: JOURNAL_GENESIS_HASH };
    for (;;) {
      const rows = (await db.query(
        `SELECT position, stream_id, stream_type, version, type, payload, actor_id, occurred_at FROM journal_events
          WHERE (stream_id, version) > ($1::uuid, $2::int) ORDER BY stream_id, version LIMIT 5000`,
        [after.stream, after.version],
      )) as EventRow[];
      if (rows.length === 0) break;
      const update = { positions: [] as string[], hashes: [] as string[], prevs: [] as string[] };
      for (const row of rows) {
        const prevHash = prev.stream === row.stream_id ? prev.hash : JOURNAL_GENESIS_HASH;
        const hash = journalEventHash(
          {
            streamId: row.stream_id,
            streamType: row.stream_type,
            version: row.version,
            type: row.type,
            payload: row.payload,
            actorId: row.actor_id,
            occurredAt: row.occurred_at,
          },
          prevHash,
        );
        update.positions.push(row.position);
        update.hashes.push(hash);
        update.prevs.push(prevHash);
        prev = { stream: row.stream_id, hash };
        after = { stream: row.stream_id, version: row.version };
      }
      await db.query(
        `UPDATE journal_events e SET hash = u.hash, prev_hash = u.prev
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(position, hash, prev) WHERE e.position = u.position`,
        [update.positions, update.hashes, update.prevs],
      );
    }
    await db.query(`ALTER TABLE journal_events ENABLE TRIGGER journal_events_append_only`);
    // No fork: a stream's previous hash is taken by one event only.
    await db.query(`ALTER TABLE journal_events ADD CONSTRAINT journal_events_stream_prev UNIQUE (stream_id, prev_hash)`);
  }

  async down(): Promise<void> {
    throw new Error('The per-stream journal cannot be turned back into the global chain.');
  }
}
