import { Logger } from '@nestjs/common';
import {
  type BackendFactory,
  type KeepJobs,
  type MinimalJob,
  PostgresConnection,
  type PostgresConnectionOptions,
  PostgresQueueBackend,
  Queue,
  type QueueOptions,
  Worker,
  type WorkerOptions,
} from 'bullmq';
import { Cluster, type ClusterOptions } from 'ioredis';
import { connectionShortage, describeRedis, isConnectionShortage, PatientClient, type RedisTarget, ThrottledWarning } from '@kelisim/config';
import { redisOptions } from './redis-connection.js';
import { ERROR_LOG_INTERVAL_MS } from './logged-worker-host.js';

/** Where the queues live: Redis (a server or a cluster), or PostgreSQL through BullMQ's PostgreSQL backend. */
export type QueueBackend = { kind: 'redis'; target: RedisTarget } | { kind: 'postgres'; databaseUrl: string };

/** BullMQ's PostgreSQL backend keeps every queue in this schema of Kelisim's database. */
export const QUEUE_SCHEMA = 'kelisim_queue';

/** Each queue and each worker on PostgreSQL has a pool this large (a worker also has its LISTEN client). */
export const POSTGRES_QUEUE_POOL_SIZE = 4;

/** What a queue connects to on PostgreSQL: BullMQ builds its own pool (and LISTEN client) from it. */
export class PostgresQueueConnection {
  readonly schema = QUEUE_SCHEMA;
  /** pg-pool's client class: a refused connection (53300) is reported after a backoff (see PatientClient). */
  readonly Client = PatientClient;
  constructor(
    readonly connectionString: string,
    readonly max = POSTGRES_QUEUE_POOL_SIZE,
  ) {}
}

/** The nodes of a Redis Cluster: each queue and worker makes its own client from them. */
export class RedisClusterConnection {
  constructor(readonly target: Extract<RedisTarget, { kind: 'cluster' }>) {}

  client(overrides: ClusterOptions['redisOptions'] = {}, options: Omit<ClusterOptions, 'redisOptions'> = {}): Cluster {
    const { nodes, username, password, tls } = this.target;
    return new Cluster(nodes, { ...options, redisOptions: { username, password, tls: tls ? {} : undefined, ...overrides } });
  }
}

export type QueueConnection = ReturnType<typeof redisOptions> | PostgresQueueConnection | RedisClusterConnection;

/** The connection every queue of the installation is given (BullModule's shared configuration). */
export function queueConnection(backend: QueueBackend): QueueConnection {
  if (backend.kind === 'postgres') return new PostgresQueueConnection(backend.databaseUrl);
  return backend.target.kind === 'cluster' ? new RedisClusterConnection(backend.target) : redisOptions(backend.target.url);
}

export function describeQueueBackend(backend: QueueBackend): string {
  return backend.kind === 'postgres' ? `PostgreSQL (schema ${QUEUE_SCHEMA})` : describeRedis(backend.target);
}

interface Owned {
  connection: unknown;
  backend?: BackendFactory;
  release: () => Promise<void>;
}

const nothing = async (): Promise<void> => undefined;

type Keep = boolean | number | KeepJobs;

/** `{ age, count }` becomes `{ age }`; every other retention stays as it is. */
export function byAgeOnly(keep: Keep): Keep {
  return typeof keep === 'object' && keep !== null && 'age' in keep && keep.age !== undefined ? { age: keep.age } : keep;
}

/**
 * BullMQ's PostgreSQL backend, keeping finished jobs by age alone. Its count-based retention runs
 * `DELETE … WHERE id NOT IN (the newest <count> finished jobs)` at every completion: a sort of every
 * finished job of the queue per job, so the reminders' `count: 100_000` made a queue with 3,000
 * completed jobs fire 3–4× slower than with none (issue 14). Age is an index range. On Redis the
 * count stays: it bounds memory, and trimming a sorted set costs little there.
 */
class AgeRetainingPostgresBackend extends PostgresQueueBackend {
  override moveToCompleted<T = unknown, R = unknown, N extends string = string>(job: MinimalJob<T, R, N>, returnValue: R, keep: Keep, token: string, fetchNext: boolean) {
    return super.moveToCompleted(job, returnValue, byAgeOnly(keep), token, fetchNext);
  }

  override moveToFailed<T = unknown, R = unknown, N extends string = string>(
    job: MinimalJob<T, R, N>,
    reason: string,
    keep: Keep,
    token: string,
    fetchNext: boolean,
    fieldsToUpdate?: Record<string, unknown>,
  ) {
    return super.moveToFailed(job, reason, byAgeOnly(keep), token, fetchNext, fieldsToUpdate);
  }
}

/**
 * BullMQ's PostgreSQL connection, ready only once its pool could connect. BullMQ keeps the first
 * readiness it was given, a failure too: a queue or worker whose first connection was refused
 * (53300) failed every later call at once, and the worker's loop then spun on that failure without
 * I/O, starving the event loop. This one waits for a connection first, at the pace of the pool's
 * PatientClient, then lets BullMQ check its schema on the connection just released to the pool.
 * Only public members of BullMQ's PostgresConnection are overridden.
 */
class PatientPostgresConnection extends PostgresConnection {
  private patience: Promise<void> | undefined;

  override waitUntilReady(): Promise<void> {
    this.patience ??= this.connectable().then(() => super.waitUntilReady());
    return this.patience;
  }

  /** The worker's LISTEN client is a plain pg client (BullMQ's own): a refusal of it waits out the shortage's backoff too. */
  override async getListenClient(): ReturnType<PostgresConnection['getListenClient']> {
    try {
      return await super.getListenClient();
    } catch (error) {
      await connectionShortage.waitOut(error);
      throw error;
    }
  }

  private async connectable(): Promise<void> {
    for (;;) {
      try {
        (await this.pool.connect()).release();
        return;
      } catch (error) {
        // Anything but a shortage (a pool closing, a wrong password) is BullMQ's own start to report.
        if (!isConnectionShortage(error)) return;
      }
    }
  }
}

/** `createPostgresBackend`'s backend (its naming of the worker's LISTEN connection as BullMQ does it), patient at start, with age-only retention. */
const postgresBackend = ((name: string, opts: QueueOptions & { name?: string }, factory: { blocking?: boolean; withBlockingConnection?: boolean } = {}) => {
  const listenClientName = factory.withBlockingConnection ? `${name}${opts.name ? `:w:${opts.name}` : ''}` : factory.blocking ? `${name}:qe` : undefined;
  const connection = new PatientPostgresConnection(opts.connection as unknown as PostgresConnectionOptions);
  return new AgeRetainingPostgresBackend(connection, name, opts as never, true, listenClientName);
}) as unknown as BackendFactory;

/**
 * BullMQ emits a queue's errors as events; with no listener it printed each with its stack. One line
 * per ERROR_LOG_INTERVAL_MS at most, in the words of a worker's (LoggedWorkerHost).
 */
function logErrors(emitter: { on(event: 'error', listener: (error: Error) => void): unknown }, what: string): void {
  const warning = new ThrottledWarning(new Logger(what), ERROR_LOG_INTERVAL_MS);
  emitter.on('error', (error: Error) => warning.warn((heldBack) => `The queue failed: ${error.message}${heldBack > 0 ? ` (and ${heldBack} more since the last line)` : ''}`));
}

/** A cluster client that this queue or worker made, and so closes. */
function ownCluster(cluster: Cluster): Owned {
  return {
    connection: cluster,
    release: () => cluster.quit().then(nothing, () => cluster.disconnect()),
  };
}

/**
 * Turns the shared connection into what one queue or worker uses. PostgreSQL: BullMQ's PostgreSQL
 * backend builds its pool from the connection; a cluster: a client of its own (BullMQ leaves a
 * client it was given open, so this closes it); a Redis server: BullMQ's default, as it was.
 * `@nestjs/bullmq` has no backend option, so this is the one place the backend is chosen.
 */
function own(connection: unknown): Owned {
  if (connection instanceof PostgresQueueConnection) {
    return { connection, backend: postgresBackend, release: nothing };
  }
  // Workers and blocking connections need commands that wait for the cluster rather than fail.
  if (connection instanceof RedisClusterConnection) return ownCluster(connection.client({ maxRetriesPerRequest: null }));
  // A worker gets its queue's options, where the queue's own cluster client stands.
  if (connection instanceof Cluster) return ownCluster(connection.duplicate());
  return { connection, release: nothing };
}

/** BullMQ's Queue on the backend its connection names (see `own`). */
export class BackendQueue extends Queue {
  private readonly release: () => Promise<void>;

  constructor(name: string, opts: QueueOptions) {
    const owned = own(opts.connection);
    super(name, { ...opts, connection: owned.connection as QueueOptions['connection'] }, owned.backend as undefined);
    this.release = owned.release;
    logErrors(this, `Queue ${name}`);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.release();
  }
}

/** BullMQ's Worker on the backend its connection names (see `own`). */
export class BackendWorker extends Worker {
  /**
   * How long a job's lock lasts, and how often stalled jobs are looked for: a worker killed or
   * blocked this long loses its jobs to another. Set once by QueueModule.forRoot from the configuration
   * (@nestjs/bullmq passes workers nothing of forRoot's but the connection and prefix).
   */
  static lockMs = 30_000;
  private readonly release: () => Promise<void>;

  constructor(name: string, processor: ConstructorParameters<typeof Worker>[1], opts: WorkerOptions) {
    const owned = own(opts.connection);
    const lock = { lockDuration: BackendWorker.lockMs, stalledInterval: BackendWorker.lockMs };
    super(name, processor, { ...lock, ...opts, connection: owned.connection as WorkerOptions['connection'] }, owned.backend as undefined);
    this.release = owned.release;
  }

  override async close(force?: boolean): Promise<void> {
    await super.close(force);
    await this.release();
  }
}
