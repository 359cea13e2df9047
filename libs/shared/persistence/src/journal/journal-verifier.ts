import type { DataSource } from 'typeorm';
import { GENESIS_HASH, journalHash } from './journal-hash.js';

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** Position of the first event whose hash, link or place in the sequence is wrong. */
  firstBrokenAt?: number;
  reason?: string;
}

interface Row {
  position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  payload: unknown;
  actor_id: string | null;
  occurred_at: Date;
  hash: string;
  prev_hash: string;
}

/** Walks the whole journal in position order, in pages, recomputing every hash. */
export async function verifyJournal(dataSource: DataSource, pageSize = 5000): Promise<ChainVerdict> {
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash
         FROM journal_events WHERE position >= $1 ORDER BY position LIMIT $2`,
      [expectedPosition, pageSize],
    )) as Row[];
    for (const row of rows) {
      const position = Number(row.position);
      if (position !== expectedPosition) {
        return { ok: false, checked, firstBrokenAt: expectedPosition, reason: 'missing event' };
      }
      const hash = journalHash(prevHash, {
        position,
        streamId: row.stream_id,
        streamType: row.stream_type,
        version: row.version,
        type: row.type,
        payload: row.payload,
        actorId: row.actor_id,
        occurredAt: new Date(row.occurred_at),
      });
      if (row.prev_hash !== prevHash || row.hash !== hash) {
        return { ok: false, checked, firstBrokenAt: position, reason: 'hash mismatch' };
      }
      prevHash = row.hash;
      expectedPosition += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = (await dataSource.query('SELECT position, hash FROM journal_head WHERE id = 1')) as {
    position: string;
    hash: string;
  }[];
  const headPosition = Number(head?.position ?? 0);
  if (headPosition !== checked || (head && head.hash !== prevHash)) {
    return { ok: false, checked, firstBrokenAt: checked + 1, reason: 'events missing at the end of the journal' };
  }
  return { ok: true, checked };
}
