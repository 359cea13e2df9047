import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@kelisim/kernel';
import { GENESIS_HASH, journalHash } from './journal-hash.js';

export interface PendingEvent extends DomainEvent {
  streamId: string;
  streamType: string;
  version: number;
  actorId: string | null;
  occurredAt: Date;
}

export const OUTBOX_CHANNEL = 'kelisim_outbox';

/**
 * Appends events to the one global hash chain and writes their outbox rows, inside the caller's
 * transaction. The head row is locked until commit, so appends are serialized and positions are
 * gapless in commit order; the head also records the last hash, so removing the tail is detected.
 */
export async function appendToJournal(manager: EntityManager, events: readonly PendingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const [head] = (await manager.query('SELECT position, hash FROM journal_head WHERE id = 1 FOR UPDATE')) as {
    position: string;
    hash: string;
  }[];
  let position = Number(head?.position ?? 0);
  let prevHash = head?.hash ?? GENESIS_HASH;

  const rows: unknown[] = [];
  const positions: number[] = [];
  for (const event of events) {
    position += 1;
    const hash = journalHash(prevHash, { ...event, position });
    rows.push([
      position,
      event.streamId,
      event.streamType,
      event.version,
      event.type,
      JSON.stringify(event.payload),
      event.actorId,
      event.occurredAt.toISOString(),
      hash,
      prevHash,
    ]);
    positions.push(position);
    prevHash = hash;
  }
  const columns = 10;
  const placeholders = rows
    .map((_, i) => `(${Array.from({ length: columns }, (_, j) => `$${i * columns + j + 1}`).join(',')})`)
    .join(',');
  await manager.query(
    `INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
     VALUES ${placeholders}`,
    rows.flat(),
  );
  await manager.query(`INSERT INTO outbox (position, stream_id) SELECT unnest($1::bigint[]), unnest($2::uuid[])`, [
    positions,
    events.map((e) => e.streamId),
  ]);
  if (head) {
    await manager.query('UPDATE journal_head SET position = $1, hash = $2 WHERE id = 1', [position, prevHash]);
  } else {
    await manager.query('INSERT INTO journal_head (id, position, hash) VALUES (1, $1, $2)', [position, prevHash]);
  }
  await manager.query(`SELECT pg_notify('${OUTBOX_CHANNEL}', '')`);
  return positions;
}
