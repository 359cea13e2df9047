import { type AppConfig, checkRedis, ensureDatabase } from '@kelisim/config';
import { runMigrations } from '@kelisim/persistence';
import { allMigrations } from './migrations.js';

/** What must hold before Nest starts: the database exists and is migrated, Redis answers. */
export async function prepareServices(config: AppConfig): Promise<{ warnings: string[]; applied: string[] }> {
  await ensureDatabase(config.databaseUrl);
  const warning = await checkRedis(config.redisUrl, config.nodeEnv === 'production');
  const applied = await runMigrations(config.databaseUrl, allMigrations);
  return { warnings: warning ? [warning] : [], applied };
}
