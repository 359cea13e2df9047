import 'reflect-metadata';
import { ConfigurationError, loadConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { startWorker } from './start-worker.js';

/** The worker alone (KELISIM_ROLE is ignored here): relay, reminders, deliveries. */
startWorker({ ...loadConfig(), role: 'worker' }).catch((error: unknown) => {
  const known = error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError;
  console.error(known ? `Kelisim worker cannot start: ${(error as Error).message}` : error);
  process.exit(1);
});
