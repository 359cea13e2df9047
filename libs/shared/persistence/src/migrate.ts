import { DataSource, type MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

export function dataSourceOptions(databaseUrl: string, migrations: MigrationClass[] = []) {
  return {
    type: 'postgres' as const,
    url: databaseUrl,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    entities: [],
  };
}

/**
 * Runs pending migrations on one connection that holds an advisory lock, so replicas starting
 * together migrate once.
 */
export async function runMigrations(databaseUrl: string, migrations: MigrationClass[]): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, migrations), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query(`SELECT pg_advisory_lock(hashtext('kelisim.migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query(`SELECT pg_advisory_unlock(hashtext('kelisim.migrations'))`).catch(() => undefined);
    await dataSource.destroy();
  }
}
