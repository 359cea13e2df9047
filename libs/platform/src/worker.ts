import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AuditWorkerModule } from '@kelisim/audit';
import type { RunningConfig } from '@kelisim/config';
import { RemindersWorkerModule } from '@kelisim/deadlines';
import { NotificationsWorkerModule } from '@kelisim/notifications';
import { loggerOptions } from './logging.js';
import { PlatformModule } from './platform.module.js';
import { type PrepareOptions, prepareServices } from './start.js';

/**
 * The background processes: BullMQ processors of the contexts that have them. The outbox relay
 * runs from the platform when `worker` is set. Imported by the worker root, and by the API root
 * when one process runs both (KELISIM_ROLE=all).
 */
@Module({ imports: [RemindersWorkerModule, NotificationsWorkerModule, AuditWorkerModule] })
export class WorkerProcessesModule {}

/** The worker root: the same providers as the API, no controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: RunningConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [LoggerModule.forRoot(loggerOptions(config)), PlatformModule.forRoot(config, { worker: true }), WorkerProcessesModule],
    };
  }
}

/** Starts the worker alone (`npm run start:worker`, or `npm start` with KELISIM_ROLE=worker). */
export async function startWorker(owner: RunningConfig, start: PrepareOptions = {}): Promise<INestApplicationContext> {
  const { warnings, platformUrl } = await prepareServices(owner, start);
  // The platform's role from here on (see createApi). A module that fails to start throws to the
  // caller, which prints one line, rather than abort the process (Nest's default).
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...owner, databaseUrl: platformUrl }), { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  warnings.forEach((warning) => logger.warn(warning));
  await app.init();
  return app;
}
