import pg from 'pg';
import { connectionShortageAdvice, isConnectionShortage, type RunningConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { POSTGRES_QUEUE_POOL_SIZE } from '@kelisim/queue';

/**
 * The queues a process of the platform opens, counted before it starts; `pipeline.int-spec` checks
 * them against the QueueRegistry of a running process.
 */
export const PLATFORM_QUEUES: readonly string[] = ['reminders', 'deliveries', 'witness-deliveries'];
const QUEUES = PLATFORM_QUEUES.length;

export interface ConnectionBudget {
  total: number;
  /** KELISIM_DB_POOL_SIZE. */
  commands: number;
  /** What the total is made of, for the line that names it. */
  parts: string;
}

/**
 * How many PostgreSQL connections one process of the platform may hold at once: the commands' pool
 * (KELISIM_DB_POOL_SIZE), TypeORM's (a quarter of it, at least 2), and with the worker's part the
 * outbox relay's LISTEN; with the queues on PostgreSQL, BullMQ's pool per queue and per worker, and
 * each worker's LISTEN.
 */
export function connectionBudget(config: RunningConfig, worker: boolean): ConnectionBudget {
  const commands = config.databasePoolSize;
  const background = Math.max(2, Math.ceil(commands / 4));
  const parts = [`${commands} for commands (KELISIM_DB_POOL_SIZE)`, `${background} for background work`];
  let total = commands + background;
  if (!config.redis) {
    const queues = QUEUES * POSTGRES_QUEUE_POOL_SIZE + (worker ? QUEUES * (POSTGRES_QUEUE_POOL_SIZE + 1) : 0);
    parts.push(`${queues} for the queues on PostgreSQL`);
    total += queues;
  }
  if (worker) {
    parts.push('1 for the outbox relay');
    total += 1;
  }
  return { total, commands, parts: parts.join(', ') };
}

/**
 * Opens, all at once, as many connections as the process may hold, and closes them. When
 * PostgreSQL refuses one (53300: max_connections, or the role's or the database's CONNECTION LIMIT),
 * start-up stops with one line that says so and what to change — rather than start with pools that
 * can never fill, whose background loops would then meet the refusal over and over. Other failures
 * are left to the platform's own start, which reports them.
 */
export async function checkConnectionBudget(platformUrl: string, budget: ConnectionBudget): Promise<void> {
  const clients = Array.from({ length: budget.total }, () => {
    const client = new pg.Client({ connectionString: platformUrl, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    return client;
  });
  const results = await Promise.allSettled(clients.map((client) => client.connect()));
  await Promise.all(clients.map((client, i) => (results[i].status === 'fulfilled' ? client.end().catch(() => undefined) : undefined)));
  const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && isConnectionShortage(r.reason));
  if (!refused) return;
  const url = new URL(platformUrl);
  const given = results.filter((r) => r.status === 'fulfilled').length;
  throw new ServiceUnavailableAtStartError(
    `PostgreSQL at ${url.hostname}:${url.port || 5432} gave ${given} of the ${budget.total} connections this process may hold ` +
      `(${budget.parts}) and refused the rest: ${(refused.reason as Error).message} (53300). ` +
      `${connectionShortageAdvice(budget.commands)}.`,
  );
}
