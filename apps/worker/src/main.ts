import 'reflect-metadata';
import { ConfigurationError, isConnectionShortage, loadConfig, ServiceUnavailableAtStartError, tooManyConnections } from '@kelisim/config';
import { closeOnSignal, describeServices, startServices, startWorker, stopOnFailure } from '@kelisim/platform';

/** The worker alone (KELISIM_ROLE is ignored here): relay, reminders, deliveries. */
async function main(): Promise<void> {
  const services = await startServices({ ...loadConfig(), role: 'worker' });
  const app = await stopOnFailure(services, () => startWorker(services.config, { checkConnections: true }));
  closeOnSignal(async () => {
    await app.close();
    await services.stop();
  });
  console.log(`Kelisim worker started; ${describeServices(services)}`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigurationError || error instanceof ServiceUnavailableAtStartError;
  if (isConnectionShortage(error)) console.error(`Kelisim worker cannot start: ${tooManyConnections(error as Error)}`);
  else console.error(known ? `Kelisim worker cannot start: ${(error as Error).message}` : error);
  process.exit(1);
});
