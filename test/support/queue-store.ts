import { Cluster, Redis } from 'ioredis';
import pg from 'pg';
import type { RunningConfig } from '@kelisim/config';
import { QUEUE_SCHEMA } from '@kelisim/queue';

/** A test's hand on the queue store its platform runs on: Redis, a Redis Cluster, or PostgreSQL. */
export interface QueueStoreHandle {
  /** The store loses everything: every queue and Kelisim's keys (as a Redis restarted without persistence). */
  wipe(): Promise<void>;
  /** Drops what the test left (the database goes with the test's database) and disconnects. */
  close(): Promise<void>;
}

export function queueStore(config: RunningConfig): QueueStoreHandle {
  const redis = config.redis;
  if (!redis) {
    return {
      wipe: () => wipePostgresQueues(config.databaseUrl),
      close: async () => undefined,
    };
  }
  const client =
    redis.kind === 'cluster' ? new Cluster(redis.nodes, { redisOptions: { username: redis.username, password: redis.password } }) : new Redis(redis.url);
  const drop = () => dropRedisPrefix(client, config.queuePrefix);
  return {
    wipe: drop,
    close: async () => {
      await drop();
      client.disconnect();
    },
  };
}

/** Deletes every key of the prefix; on a cluster, node by node (SCAN walks one node's keys). */
export async function dropRedisPrefix(client: Redis | Cluster, prefix: string): Promise<void> {
  const servers = client instanceof Cluster ? client.nodes('master') : [client];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, keys] = await server.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      // One key at a time: keys of different queues may lie in different slots.
      for (const key of keys) await server.del(key);
      cursor = next;
    } while (cursor !== '0');
  }
}

async function wipePostgresQueues(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migration'`,
      [QUEUE_SCHEMA],
    );
    await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} CASCADE`);
    await client.query(`DELETE FROM kelisim_keys`);
  } finally {
    await client.end();
  }
}
