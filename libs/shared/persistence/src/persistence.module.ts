import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import pg from 'pg';
import { GuardedClient, isConnectionShortage, PatientClient } from '@kelisim/config';
import { Clock, SystemClock } from '@kelisim/kernel';
import { dataSourceOptions } from './migrate.js';
import { OutboxMetrics } from './outbox/outbox-metrics.js';
import { OutboxRelay, RELAY_OPTIONS, type RelayOptions } from './outbox/outbox-relay.js';
import { COMMAND_POOL, UnitOfWork } from './unit-of-work.js';

export interface PersistenceOptions {
  databaseUrl: string;
  /** Whether this process runs the outbox relay loop (the worker does). */
  relay: boolean;
  /** Connections of the commands' pool (the unit of work's); TypeORM's gets a quarter as many, at least 2. */
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
    const poolSize = options.poolSize ?? 20;
    return {
      module: PersistenceModule,
      imports: [
        // TypeORM keeps the migrations and the background work outside commands (deliveries,
        // enqueuers, the sealer, the relay's batches): a smaller pool of its own, whose refused
        // connections (53300) back off, so the loops that use it do too. A refusal at start is not
        // retried: start-up stops with one line (the commands' pool stays quick to fail: 503).
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.databaseUrl),
          extra: { max: Math.max(2, Math.ceil(poolSize / 4)), Client: PatientClient },
          toRetry: (error: unknown) => !isConnectionShortage(error),
        }),
        DiscoveryModule,
      ],
      providers: [
        { provide: COMMAND_POOL, useFactory: () => new pg.Pool({ connectionString: options.databaseUrl, max: poolSize, Client: GuardedClient }) },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: RELAY_OPTIONS, useValue: relay },
        UnitOfWork,
        OutboxMetrics,
        OutboxRelay,
      ],
      exports: [Clock, UnitOfWork, OutboxRelay, COMMAND_POOL],
    };
  }
}
