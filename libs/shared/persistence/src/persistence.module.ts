import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from '@kelisim/kernel';
import { dataSourceOptions } from './migrate.js';
import { OutboxMetrics } from './outbox/outbox-metrics.js';
import { OutboxRelay, RELAY_OPTIONS, type RelayOptions } from './outbox/outbox-relay.js';
import { UnitOfWork } from './unit-of-work.js';

export interface PersistenceOptions {
  databaseUrl: string;
  /** Whether this process runs the outbox relay loop (the worker does). */
  relay: boolean;
  poolSize?: number;
  /** Tests freeze time here; everything else uses the system clock. */
  clock?: Clock;
}

@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    const relay: RelayOptions = {
      enabled: options.relay,
      batchSize: 200,
      idlePollMs: 1000,
      coalesceMs: 10,
      databaseUrl: options.databaseUrl,
    };
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(options.databaseUrl), extra: { max: options.poolSize ?? 20 } }),
        DiscoveryModule,
      ],
      providers: [
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: RELAY_OPTIONS, useValue: relay },
        UnitOfWork,
        OutboxMetrics,
        OutboxRelay,
      ],
      exports: [Clock, UnitOfWork, OutboxRelay],
    };
  }
}
