import type { DataSource } from 'typeorm';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** Position of the first event whose hash, link or place in the sequence is wrong. */
  firstBrokenAt?: number;
  reason?: string;
}

interface Row {
  position: string;
  hash: string;
  prev_hash: string;
  recomputed: string;
}

/** Walks the whole journal in position order, in pages, recomputing every hash with `journal_hash`. */
export async function verifyJournal(dataSource: DataSource, pageSize = 5000): Promise<ChainVerdict> {
  let expectedPosition = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT position, hash, prev_hash,
              journal_hash(prev_hash, position, stream_id, stream_type, version, type, payload, actor_id, occurred_at) AS recomputed
         FROM journal_events WHERE position >= $1 ORDER BY position LIMIT $2`,
      [expectedPosition, pageSize],
    )) as Row[];
    for (const row of rows) {
      const position = Number(row.position);
      if (position !== expectedPosition) {
        return { ok: false, checked, firstBrokenAt: expectedPosition, reason: 'missing event' };
      }
      if (row.prev_hash !== prevHash || row.hash !== row.recomputed) {
        return { ok: false, checked, firstBrokenAt: position, reason: 'hash mismatch' };
      }
      prevHash = row.hash;
      expectedPosition += 1;
      checked += 1;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = (await dataSource.query('SELECT position, hash FROM journal_head WHERE id = 1')) as { position: string; hash: string }[];
  if (Number(head?.position ?? 0) !== checked || (head?.hash ?? GENESIS_HASH) !== prevHash) {
    return { ok: false, checked, firstBrokenAt: checked + 1, reason: 'events missing at the end of the journal' };
  }
  return { ok: true, checked };
}
