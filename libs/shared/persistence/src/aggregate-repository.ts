import type { AggregateRoot } from '@kelisim/kernel';
import type { BatchStatement, UnitOfWork } from './unit-of-work.js';

/**
 * Saves an aggregate's row with an explicit optimistic check and hands its events to the journal.
 * `columns` maps column names to values (snake_case); `version` is written by this helper.
 * `alongside`: statements that belong to the same save (e.g. the aggregate's child rows).
 *
 * The writes are deferred: they travel with the transaction's next message (a later read sees
 * them) or with its commit. The check is made by PostgreSQL itself — an UPDATE … WHERE version = n
 * that changed no row raises in kelisim_expect_saved, which stops the message before COMMIT and
 * reaches the caller of UnitOfWork.run as a ConcurrentChangeError.
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
  if (aggregate.isNew) {
    const all = ['id', ...names, 'version'];
    uow.defer({
      text: `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})`,
      values: [aggregate.id, ...values, aggregate.version],
    });
  } else {
    const sets = names.map((name, i) => `${name} = $${i + 5}`);
    uow.defer({
      text: `WITH saved AS (UPDATE ${table} SET ${[...sets, 'version = $3'].join(', ')} WHERE id = $1 AND version = $2 RETURNING 1)
             SELECT kelisim_expect_saved((SELECT count(*) FROM saved), $4, $1::text)`,
      values: [aggregate.id, aggregate.loadedVersion, aggregate.version, aggregate.streamType, ...values],
    });
  }
  for (const statement of alongside) uow.defer(statement);
  uow.collect(aggregate);
}
