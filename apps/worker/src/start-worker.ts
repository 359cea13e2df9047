import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { RunningConfig } from '@kelisim/config';
import { prepareServices } from '@kelisim/platform';
import { WorkerModule } from './worker.module.js';

export async function startWorker(config: RunningConfig): Promise<INestApplicationContext> {
  const { warnings } = await prepareServices(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  warnings.forEach((warning) => logger.warn(warning));
  await app.init();
  return app;
}
