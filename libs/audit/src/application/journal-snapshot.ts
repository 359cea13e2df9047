import type { DataSource } from 'typeorm';
import type { JournalEvent } from '@kelisim/kernel';
import { journalEventColumns, type JournalEventRow, toJournalEvent } from '@kelisim/persistence';

export type SnapshotQuery = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Runs `read` in one REPEATABLE READ, READ ONLY transaction: every page it reads is of one and the
 * same journal. Read page by page outside one, the sealer could seal events between the pages of
 * sealed leaves and the pages of unsealed events, and those events were in neither (CI saw verify
 * report 117 checked of 123).
 */
export async function inOneSnapshot<T>(dataSource: DataSource, read: (query: SnapshotQuery) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    try {
      return await read((sql, parameters) => runner.query(sql, parameters));
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/** One item of the journal as an auditor reads it: a leaf of the tree with its event, or an event not sealed yet. */
export type JournalItem = { kind: 'leaf'; leafIndex: number; event: JournalEvent | null } | { kind: 'unsealed'; event: JournalEvent };

/**
 * The journal `query` reads (in one snapshot: `inOneSnapshot`), `pageSize` rows a statement: the
 * leaves in leaf order with their events — `null` for a leaf whose event is gone — then the events
 * not sealed yet, in position order.
 */
export async function* journalItems(query: SnapshotQuery, pageSize: number): AsyncGenerator<JournalItem> {
  let leafIndex = 0;
  for (;;) {
    const rows = (await query(
      `SELECT l.leaf_index, ${journalEventColumns('e')} FROM journal_leaves l LEFT JOIN journal_events e ON e.position = l.position
        WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
      [leafIndex, pageSize],
    )) as (JournalEventRow & { leaf_index: string })[];
    for (const row of rows) {
      leafIndex = Number(row.leaf_index) + 1;
      yield { kind: 'leaf', leafIndex: leafIndex - 1, event: row.position === null ? null : toJournalEvent(row) };
    }
    if (rows.length < pageSize) break;
  }
  let after = 0;
  for (;;) {
    const rows = (await query(
      `SELECT ${journalEventColumns('e')} FROM journal_events e
        WHERE e.position > $1 AND NOT EXISTS (SELECT 1 FROM journal_leaves l WHERE l.position = e.position)
        ORDER BY e.position LIMIT $2`,
      [after, pageSize],
    )) as JournalEventRow[];
    for (const row of rows) yield { kind: 'unsealed', event: toJournalEvent(row) };
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].position);
  }
}
