import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { Redis } from 'ioredis';
import { QueueRegistry } from './queue-registry.js';
import { redisOptions } from './redis-connection.js';

export const REDIS = Symbol('kelisim:redis');
export const KEY_PREFIX = Symbol('kelisim:key-prefix');

export interface QueueOptions {
  redisUrl: string;
  /** BullMQ prefix and the prefix of Kelisim's own Redis keys, so installations can share a Redis. */
  prefix: string;
}

@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(options: QueueOptions): DynamicModule {
    const connection = redisOptions(options.redisUrl);
    return {
      module: QueueModule,
      imports: [BullModule.forRoot({ connection, prefix: options.prefix })],
      providers: [
        // Producers fail fast: a command must answer 503 rather than hang while Redis is away.
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis({ ...connection, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
            redis.on('error', () => undefined);
            return redis;
          },
        },
        { provide: KEY_PREFIX, useValue: options.prefix },
        QueueRegistry,
      ],
      exports: [REDIS, KEY_PREFIX, QueueRegistry],
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
