/**
 * One more process of the run's platform, forked by `forkPlatform`: an API (KELISIM_ROLE=api, as a
 * deployment scales it out behind a load balancer) or the worker (KELISIM_ROLE=worker, as
 * docker/compose.yaml runs it), on the run's database, queue prefix and secrets. Its configuration
 * arrives as JSON in BENCH_PLATFORM_CONFIG; it answers `{ port }` once started (0 for the worker),
 * and `cpu` messages with its `process.cpuUsage()`; `close` stops it, and so does the end of its parent.
 */
import 'reflect-metadata';
import type { RunningConfig } from '@kelisim/config';
import { startPlatform } from './platform.js';

const config = JSON.parse(process.env.BENCH_PLATFORM_CONFIG!) as RunningConfig;
let close: () => Promise<unknown>;
let port = 0;
if (config.role === 'worker') {
  const { startWorker } = await import('@kelisim/platform');
  const worker = await startWorker(config);
  close = () => worker.close();
} else {
  const api = await startPlatform(config);
  port = api.port;
  close = () => api.app.close();
}
process.on('message', (message: string) => {
  if (message === 'cpu') process.send!({ cpu: process.cpuUsage() });
  if (message === 'close') void close().finally(() => process.exit(0));
});
// The bench that forked this process ended (or failed): nothing is left serving.
process.on('disconnect', () => process.exit(0));
process.send!({ port });
