import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AuditHttpModule } from '@kelisim/audit';
import { AuthGuard } from '@kelisim/auth';
import { IdempotencyInterceptor } from '@kelisim/http';
import type { RunningConfig } from '@kelisim/config';
import { ControlHttpModule } from '@kelisim/control';
import { CalendarHttpModule, RemindersHttpModule } from '@kelisim/deadlines';
import type { Clock } from '@kelisim/kernel';
import { DirectoryHttpModule } from '@kelisim/directory';
import { GroupsHttpModule } from '@kelisim/groups';
import { loggerOptions, PlatformModule, WorkerProcessesModule } from '@kelisim/platform';
import { TasksHttpModule } from '@kelisim/tasks';
import { MemorandaHttpModule } from '@kelisim/memoranda';
import { NotificationsHttpModule } from '@kelisim/notifications';
import { HealthController } from './ops/health.controller.js';
import { MetricsController } from './ops/metrics.controller.js';

/** The HTTP root: every context's controllers over the shared platform; with KELISIM_ROLE=all, the worker's processes too. */
@Module({})
export class ApiModule {
  static forRoot(config: RunningConfig, clock?: Clock): DynamicModule {
    const worker = config.role === 'all';
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        PlatformModule.forRoot(config, { worker, clock }),
        TerminusModule,
        DirectoryHttpModule,
        AuditHttpModule,
        TasksHttpModule,
        MemorandaHttpModule,
        GroupsHttpModule,
        CalendarHttpModule,
        RemindersHttpModule,
        NotificationsHttpModule,
        ControlHttpModule,
        ...(worker ? [WorkerProcessesModule] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_GUARD, useExisting: AuthGuard },
        // The idempotency key's transaction wraps the command and its ETag: one interceptor for both.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
