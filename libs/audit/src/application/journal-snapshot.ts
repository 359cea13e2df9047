import type { DataSource } from 'typeorm';

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
