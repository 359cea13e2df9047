import type { AggregateRoot } from '@kelisim/kernel';
import { ConcurrentChangeError } from '@kelisim/kernel';
import type { BatchStatement, UnitOfWork } from './unit-of-work.js';

/**
 * Saves an aggregate's row with an explicit optimistic check and hands its events to the journal.
 * `columns` maps column names to values (snake_case); `version` is written by this helper.
 * `alongside`: statements that belong to the same save (e.g. the aggregate's child rows), sent in
 * the same message as the row; should the check fail they are undone with the transaction.
 */
export async function saveAggregateRow(
  uow: UnitOfWork,
  table: string,
  aggregate: AggregateRoot,
  columns: Record<string, unknown>,
  alongside: readonly BatchStatement[] = [],
): Promise<void> {
  if (aggregate.peekEvents().length === 0) return;
  const names = Object.keys(columns);
  const values = Object.values(columns);
  let row: BatchStatement;
  if (aggregate.isNew) {
    const all = ['id', ...names, 'version'];
    row = {
      text: `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING 1 AS saved`,
      values: [aggregate.id, ...values, aggregate.version],
    };
  } else {
    const sets = names.map((name, i) => `${name} = $${i + 4}`);
    row = {
      text: `UPDATE ${table} SET ${[...sets, 'version = $3'].join(', ')} WHERE id = $1 AND version = $2 RETURNING 1 AS saved`,
      values: [aggregate.id, aggregate.loadedVersion, aggregate.version, ...values],
    };
  }
  const [saved] =
    alongside.length > 0 ? await uow.batch([row, ...alongside]) : [(await uow.manager.query(row.text, [...row.values!])) as unknown[]];
  // TypeORM answers an UPDATE with [rows, count], an INSERT with its rows.
  const savedRows = aggregate.isNew || alongside.length > 0 ? saved : (saved as unknown as [unknown[], number])[0];
  if (savedRows.length !== 1) throw new ConcurrentChangeError(aggregate.streamType, aggregate.id);
  uow.collect(aggregate);
}
