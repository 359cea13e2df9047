import pg from 'pg';
import { Cluster, Redis } from 'ioredis';
import { describeRedis, type RedisTarget } from './redis-target.js';

/** A service that is missing or unreachable at start-up: the message is the one line the operator reads. */
export class ServiceUnavailableAtStartError extends Error {}

const describe = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}`;
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

/** Checks Redis (or every master of a Redis Cluster) answers and keeps BullMQ's jobs safe from eviction. */
export async function checkRedis(target: RedisTarget, production: boolean): Promise<string | undefined> {
  const noRetry = { maxRetriesPerRequest: 1, connectTimeout: 3000 };
  const redis =
    target.kind === 'cluster'
      ? new Cluster(target.nodes, {
          lazyConnect: true,
          clusterRetryStrategy: () => null,
          redisOptions: { ...noRetry, username: target.username, password: target.password, tls: target.tls ? {} : undefined },
        })
      : new Redis(target.url, { ...noRetry, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  let servers: Redis[];
  try {
    await redis.connect();
    await redis.ping();
    servers = redis instanceof Cluster ? redis.nodes('master') : [redis];
  } catch (error) {
    redis.disconnect();
    throw new ServiceUnavailableAtStartError(
      `${describeRedis(target)} is unreachable (${(error as Error).message}): start it (e.g. 'redis-server --daemonize yes') or set REDIS_URL.`,
    );
  }
  try {
    for (const server of servers) {
      const [, policy] = ((await server.config('GET', 'maxmemory-policy')) as string[]) ?? [];
      if (policy && policy !== 'noeviction') {
        const message = `Redis maxmemory-policy is '${policy}' on ${server.options.host}:${server.options.port}: BullMQ needs 'noeviction' (redis-cli config set maxmemory-policy noeviction), or reminders may be lost.`;
        if (production) throw new ServiceUnavailableAtStartError(message);
        return message;
      }
    }
    return undefined;
  } catch (error) {
    if (error instanceof ServiceUnavailableAtStartError) throw error;
    return undefined; // CONFIG may be disabled on managed Redis; nothing to check then
  } finally {
    redis.disconnect();
  }
}
