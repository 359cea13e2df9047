import type { AggregateRoot } from '@kelisim/kernel';
import { ConcurrentChangeError } from '@kelisim/kernel';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * Saves an aggregate's row with an explicit optimistic check and hands its events to the journal.
 * `columns` maps column names to values (snake_case); `version` is written by this helper.
 */
export async function saveAggregateRow(
  uow: UnitOfWork,
  table: string,
  aggregate: AggregateRoot,
  columns: Record<string, unknown>,
): Promise<void> {
  if (aggregate.peekEvents().length === 0) return;
  const names = Object.keys(columns);
  const values = Object.values(columns);
  if (aggregate.isNew) {
    const all = ['id', ...names, 'version'];
    await uow.manager.query(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})`,
      [aggregate.id, ...values, aggregate.version],
    );
  } else {
    const sets = names.map((name, i) => `${name} = $${i + 4}`);
    const [, affected] = (await uow.manager.query(
      `UPDATE ${table} SET ${[...sets, 'version = $3'].join(', ')} WHERE id = $1 AND version = $2`,
      [aggregate.id, aggregate.loadedVersion, aggregate.version, ...values],
    )) as [unknown, number];
    if (affected !== 1) throw new ConcurrentChangeError(aggregate.streamType, aggregate.id);
  }
  uow.collect(aggregate);
}
