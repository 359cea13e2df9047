import pg from 'pg';
import { QUEUE_SCHEMA } from '@kelisim/queue';
import { runMigrations as runQueueMigrations } from 'bullmq';
import { type AppConfig, checkRedis, describeRedis, ensureDatabase, type RunningConfig } from '@kelisim/config';
import { runMigrations } from '@kelisim/persistence';
import { checkConnectionBudget, connectionBudget } from './connection-budget.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import { allMigrations } from './migrations.js';
import { ensurePlatformRole } from './platform-role.js';

/** The services under the platform, as start-up found or started them. */
export interface Services {
  config: RunningConfig;
  embedded: EmbeddedPostgres | undefined;
  /** Stops what start-up started (the embedded PostgreSQL): call it once the platform has closed. */
  stop(): Promise<void>;
}

/**
 * What every entry point does first: with DATABASE_URL unset, start (or find running) the embedded
 * PostgreSQL in `<KELISIM_DATA_DIR>/postgres`, whose URL the rest of the configuration then carries.
 */
export async function startServices(config: AppConfig): Promise<Services> {
  if (config.databaseUrl) return { config: { ...config, databaseUrl: config.databaseUrl }, embedded: undefined, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return { config: { ...config, databaseUrl: embedded.url }, embedded, stop: () => embedded.stop() };
}

/** The start-up line's account of the services: which mode runs, and where the data lives. */
export function describeServices({ config, embedded }: Pick<Services, 'config' | 'embedded'>): string {
  const url = new URL(config.databaseUrl);
  const database = embedded
    ? `embedded PostgreSQL (${embedded.origin === 'started' ? 'started' : embedded.origin === 'recovered' ? 'recovered from a stopped run' : 'already running'}) on 127.0.0.1:${embedded.port}, data in ${embedded.pgdata}`
    : `PostgreSQL at ${url.hostname}:${url.port || 5432}/${decodeURIComponent(url.pathname.slice(1))}`;
  const queues = config.redis ? `queues on ${describeRedis(config.redis)} (prefix ${config.queuePrefix})` : `queues on PostgreSQL (schema ${QUEUE_SCHEMA})`;
  return `${database}; ${queues}`;
}

export interface PrepareOptions {
  /**
   * Whether PostgreSQL must first give the platform's role every connection this process may hold
   * (the entry points: npm start, the worker). Test apps leave it off: suites side by side on one
   * server would take each other's slots for the moment of the check.
   */
  checkConnections?: boolean;
}

/**
 * What must hold before Nest starts: the database exists and is migrated (as the owner,
 * DATABASE_URL), and so is the queue store; the platform's role has its rights (and, when asked,
 * the connections it may hold). `platformUrl` is what the platform then connects with: the
 * platform's role, not the owner.
 */
export async function prepareServices(
  config: RunningConfig,
  options: PrepareOptions = {},
): Promise<{ warnings: string[]; applied: string[]; platformUrl: string }> {
  const warning = config.redis ? await checkRedis(config.redis, config.nodeEnv === 'production') : undefined;
  const applied = await migrateDatabase(config);
  const role = await ensurePlatformRole(config.databaseUrl, config.appDatabaseUrl, { queuesOnPostgres: !config.redis });
  if (options.checkConnections) await checkConnectionBudget(role.url, connectionBudget(config, config.role !== 'api'));
  const warnings = [...(warning ? [warning] : []), ...(role.warning ? [`Least privilege is not in force: ${role.warning}.`] : [])];
  return { warnings, applied, platformUrl: role.url };
}

/** Creates the database if missing and runs Kelisim's migrations, and BullMQ's when the queues run on PostgreSQL. */
export async function migrateDatabase(config: RunningConfig): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const applied = await runMigrations(config.databaseUrl, allMigrations);
  if (!config.redis) await migrateQueueSchema(config.databaseUrl);
  return applied;
}

/** BullMQ's own migrations of its PostgreSQL schema (one transaction under its advisory lock). */
async function migrateQueueSchema(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await runQueueMigrations(client, QUEUE_SCHEMA);
  } finally {
    await client.end();
  }
}
