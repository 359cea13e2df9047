import 'reflect-metadata';
import { ConfigurationError, isConnectionShortage, loadConfig, ServiceUnavailableAtStartError, tooManyConnections } from '@kelisim/config';
import { closeOnSignal, describeServices, startServices, startWorker, stopOnFailure } from '@kelisim/platform';
import { createApi } from './bootstrap.js';

/**
 * `npm start`: API and worker in one process; KELISIM_ROLE=api|worker runs either alone. With no
 * DATABASE_URL the embedded PostgreSQL starts first and stops last.
 */
async function main(): Promise<void> {
  const services = await startServices(loadConfig());
  const { config } = services;
  const app = await stopOnFailure(services, async () => {
    if (config.role === 'worker') return startWorker(config, { checkConnections: true });
    const api = await createApi(config, undefined, { checkConnections: true });
    await api.listen(config.port, '0.0.0.0');
    return api;
  });
  closeOnSignal(async () => {
    await app.close();
    await services.stop();
  });
  const where = config.role === 'worker' ? 'worker started' : `is listening on ${config.publicUrl} — API docs at ${config.publicUrl}/api/docs`;
  console.log(`Kelisim (${config.role}) ${where}; ${describeServices(services)}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError) {
    console.error(`Kelisim cannot start: ${error.message}`);
  } else if (isConnectionShortage(error)) {
    console.error(`Kelisim cannot start: ${tooManyConnections(error as Error)}`);
  } else {
    console.error('Kelisim failed to start:', error);
  }
  process.exit(1);
});
