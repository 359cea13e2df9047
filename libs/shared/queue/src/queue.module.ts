import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { BullModule, getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { KeyStore } from './key-store/key-store.js';
import { PostgresKeyStore } from './key-store/postgres-key-store.js';
import { RedisKeyStore } from './key-store/redis-key-store.js';
import { BackendQueue, BackendWorker, type QueueBackend, queueConnection, RedisClusterConnection } from './queue-backend.js';
import { QueueRegistry } from './queue-registry.js';
import { redisOptions } from './redis-connection.js';

export const KEY_PREFIX = Symbol('kelisim:key-prefix');
export const QUEUE_BACKEND = Symbol('kelisim:queue-backend');
const KEY_STORE_CLIENT = Symbol('kelisim:key-store-client');

export interface QueueOptions {
  backend: QueueBackend;
  /** BullMQ prefix and the prefix of Kelisim's own keys, so installations can share a Redis. */
  prefix: string;
  /** KELISIM_JOB_LOCK_MS: a job's lock, and the stalled jobs' check, of every worker. */
  jobLockMs?: number;
}

/** How long start-up waits for the key store's Redis client (start-up already checked Redis answers). */
const READY_TIMEOUT_MS = 10_000;

@Global()
@Module({})
export class QueueModule implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(KEY_STORE_CLIENT) private readonly client: Redis | Cluster | null) {}

  static forRoot(options: QueueOptions): DynamicModule {
    const { backend } = options;
    if (options.jobLockMs) BackendWorker.lockMs = options.jobLockMs;
    return {
      module: QueueModule,
      imports: [BullModule.forRoot({ connection: queueConnection(backend) as never, prefix: options.prefix })],
      providers: [
        // Producers fail fast: a command must answer 503 rather than hang while Redis is away.
        { provide: KEY_STORE_CLIENT, useFactory: () => keyStoreClient(backend) },
        {
          provide: KeyStore,
          useFactory: (client: Redis | Cluster | null, dataSource: DataSource) => (client ? new RedisKeyStore(client) : new PostgresKeyStore(dataSource)),
          inject: [KEY_STORE_CLIENT, DataSource],
        },
        { provide: KEY_PREFIX, useValue: options.prefix },
        { provide: QUEUE_BACKEND, useValue: backend },
        QueueRegistry,
      ],
      exports: [KeyStore, KEY_PREFIX, QUEUE_BACKEND, QueueRegistry],
    };
  }

  /**
   * A queue of this installation, on its backend, for `@InjectQueue(name)` and `@Processor(name)`
   * alike, listed in the registry (dashboard, readiness, metrics). Every queue is registered here.
   */
  static registerQueue(name: string): DynamicModule {
    // @nestjs/bullmq builds queues and workers with these classes; they pick the backend from the connection.
    BullModule.queueClass = BackendQueue;
    BullModule.workerClass = BackendWorker;
    const bull = BullModule.registerQueue({ name });
    return {
      module: RegisteredQueueModule,
      imports: [bull],
      providers: [
        {
          provide: `kelisim:registered-queue:${name}`,
          useFactory: (registry: QueueRegistry, queue: Queue) => registry.add(queue),
          inject: [QueueRegistry, getQueueToken(name)],
        },
      ],
      exports: [bull],
    };
  }

  async onModuleInit(): Promise<void> {
    if (!this.client || this.client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_TIMEOUT_MS);
      this.client!.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
  }
}

@Module({})
class RegisteredQueueModule {}

function keyStoreClient(backend: QueueBackend): Redis | Cluster | null {
  if (backend.kind === 'postgres') return null;
  const failFast = { maxRetriesPerRequest: 1, enableOfflineQueue: false } as const;
  const client =
    backend.target.kind === 'cluster'
      ? new RedisClusterConnection(backend.target).client({ maxRetriesPerRequest: 1 }, { enableOfflineQueue: false })
      : new Redis({ ...redisOptions(backend.target.url), ...failFast, lazyConnect: false });
  client.on('error', () => undefined);
  return client;
}
