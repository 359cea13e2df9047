import 'reflect-metadata';
import { ConfigurationError, loadConfig, ServiceUnavailableAtStartError } from '@kelisim/config';
import { startWorker } from '../../worker/src/start-worker.js';
import { createApi } from './bootstrap.js';

/** `npm start`: API and worker in one process; KELISIM_ROLE=api|worker runs either alone. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.role === 'worker') {
    await startWorker(config);
    return;
  }
  const app = await createApi(config);
  await app.listen(config.port, '0.0.0.0');
  console.log(`Kelisim (${config.role}) is listening on ${config.publicUrl} — API docs at ${config.publicUrl}/api/docs`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError) {
    console.error(`Kelisim cannot start: ${error.message}`);
  } else {
    console.error('Kelisim failed to start:', error);
  }
  process.exit(1);
});
