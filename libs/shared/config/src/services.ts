import pg from 'pg';
import { Redis } from 'ioredis';

/** A service that is missing or unreachable at start-up: the message is the one line the operator reads. */
export class ServiceUnavailableAtStartError extends Error {}

const describe = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
};

/** Creates the database named in the URL when it is missing (the user must be allowed to). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceUnavailableAtStartError(
      `PostgreSQL is unreachable at ${describe(databaseUrl)} (${(error as Error).message}): start it (e.g. 'pg_ctlcluster 15 main start') or set DATABASE_URL.`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

/** Checks Redis answers and keeps BullMQ's jobs safe from eviction. */
export async function checkRedis(redisUrl: string, production: boolean): Promise<string | undefined> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailableAtStartError(
      `Redis is unreachable at ${describe(redisUrl)} (${(error as Error).message}): start it (e.g. 'redis-server --daemonize yes') or set REDIS_URL.`,
    );
  }
  try {
    const [, policy] = ((await redis.config('GET', 'maxmemory-policy')) as string[]) ?? [];
    if (policy && policy !== 'noeviction') {
      const message = `Redis maxmemory-policy is '${policy}': BullMQ needs 'noeviction' (redis-cli config set maxmemory-policy noeviction), or reminders may be lost.`;
      if (production) throw new ServiceUnavailableAtStartError(message);
      return message;
    }
    return undefined;
  } catch (error) {
    if (error instanceof ServiceUnavailableAtStartError) throw error;
    return undefined; // CONFIG may be disabled on managed Redis; nothing to check then
  } finally {
    redis.disconnect();
  }
}
