import { type DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@kelisim/audit';
import { AuthModule } from '@kelisim/auth';
import { APP_CONFIG, type RunningConfig } from '@kelisim/config';
import { ControlModule } from '@kelisim/control';
import { CalendarModule, RemindersModule } from '@kelisim/deadlines';
import { NotificationsModule } from '@kelisim/notifications';
import { DirectoryModule } from '@kelisim/directory';
import { GroupsModule } from '@kelisim/groups';
import type { Clock } from '@kelisim/kernel';
import { MemorandaModule } from '@kelisim/memoranda';
import { PersistenceModule } from '@kelisim/persistence';
import { type QueueBackend, QueueModule } from '@kelisim/queue';
import { TasksModule } from '@kelisim/tasks';
import { CommandMetrics } from './command-metrics.js';

export interface PlatformOptions {
  /** Run the background parts (outbox relay, processors): the worker role, or `all`. */
  worker: boolean;
  clock?: Clock;
}

/**
 * The configuration, the one provider every layer may inject without importing a module for it
 * (like the unit of work, the queues and auth, which are global infrastructure modules). No context
 * module is global: each imports the contexts it uses.
 */
@Global()
@Module({})
class AppConfigModule {
  static forRoot(config: RunningConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/**
 * Everything both roots share: configuration, PostgreSQL, the queues, auth, the command bus and every
 * context. Not global: what a root's own providers and controllers need it re-exports; the contexts'
 * modules import each other explicitly.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: RunningConfig, options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        AppConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        PersistenceModule.forRoot({ databaseUrl: config.databaseUrl, relay: options.worker, clock: options.clock, poolSize: config.databasePoolSize }),
        QueueModule.forRoot({ backend: queueBackend(config), prefix: config.queuePrefix, jobLockMs: config.jobLockMs }),
        AuthModule.forRoot(config, DirectoryModule),
        DirectoryModule,
        AuditModule,
        TasksModule,
        MemorandaModule,
        GroupsModule,
        CalendarModule,
        NotificationsModule,
        RemindersModule,
        ControlModule,
      ],
      providers: [CommandMetrics],
      exports: [DirectoryModule, AuditModule, CalendarModule, NotificationsModule, RemindersModule],
    };
  }
}

/** Redis (a server or a cluster) when REDIS_URL names one; otherwise BullMQ on PostgreSQL, in the platform's database. */
export const queueBackend = (config: RunningConfig): QueueBackend =>
  config.redis ? { kind: 'redis', target: config.redis } : { kind: 'postgres', databaseUrl: config.databaseUrl };
