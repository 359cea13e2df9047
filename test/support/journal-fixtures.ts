import { JOURNAL_GENESIS_HASH, journalEventHash, newId } from '@kelisim/kernel';

/** Runs SQL as the database's owner (the platform's role may insert events too, but not pick positions). */
export type OwnerSql = (text: string, values?: unknown[]) => Promise<unknown>;

export interface ProbeEvent {
  position: number;
  hash: string;
}

/**
 * Appends `count` events to the journal with SQL, as a bulk load would: seven streams interleaved,
 * each chained as the platform chains it (hashes computed in Node), positions after the highest
 * (the sequence moved past them). Enough events fill the tree's stored levels (2^8 leaves and up)
 * without a command each. Returns them in position order.
 */
export async function appendProbeEvents(sql: OwnerSql, count: number): Promise<ProbeEvent[]> {
  const [{ top }] = (await sql('SELECT coalesce(max(position), 0)::int AS top FROM journal_events')) as { top: number }[];
  const streams = Array.from({ length: 7 }, () => newId());
  const last = new Map<string, string>();
  const rows = Array.from({ length: count }, (_, i) => {
    const stream = streams[i % streams.length]!;
    const fields = {
      streamId: stream,
      streamType: 'task',
      version: Math.floor(i / streams.length) + 1,
      type: 'TaskProbe',
      payload: { n: i + 1, title: `Тапсырма №${i + 1}` },
      actorId: null,
      occurredAt: new Date(1_796_000_000_000 + i * 1000).toISOString(),
    };
    const prevHash = last.get(stream) ?? JOURNAL_GENESIS_HASH;
    const hash = journalEventHash(fields, prevHash);
    last.set(stream, hash);
    return { position: top + i + 1, ...fields, prevHash, hash };
  });
  await sql(
    `INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
     SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::jsonb[], $7::uuid[], $8::timestamptz[], $9::text[], $10::text[])`,
    [
      rows.map((r) => r.position),
      rows.map((r) => r.streamId),
      rows.map((r) => r.streamType),
      rows.map((r) => r.version),
      rows.map((r) => r.type),
      rows.map((r) => JSON.stringify(r.payload)),
      rows.map((r) => r.actorId),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.hash),
      rows.map((r) => r.prevHash),
    ],
  );
  await sql(`SELECT setval('journal_position_seq', greatest((SELECT max(position) FROM journal_events), (SELECT last_value FROM journal_position_seq)))`);
  return rows.map(({ position, hash }) => ({ position, hash }));
}
