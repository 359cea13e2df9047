import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { RunningConfig } from '@kelisim/config';
import { RemindersWorkerModule } from '@kelisim/deadlines';
import { NotificationsWorkerModule } from '@kelisim/notifications';
import { PlatformModule } from '@kelisim/platform';
import { loggerOptions } from '../../api/src/logging.js';

/**
 * The background processes: BullMQ processors of the contexts that have them. The outbox relay
 * runs from the platform when `worker` is set. Imported by the worker root, and by the API root
 * when one process runs both (KELISIM_ROLE=all).
 */
@Module({ imports: [RemindersWorkerModule, NotificationsWorkerModule] })
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
