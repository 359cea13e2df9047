import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@kelisim/config';
import { createApi } from './bootstrap.js';

/**
 * Writes what the API serves for the linters of CI: `openapi <file>` the OpenAPI document
 * (`npm run lint:openapi`, Redocly), `metrics <file>` the Prometheus text of /metrics
 * (`npm run lint:metrics`, promtool). Boots the API in this process on a loopback port, against
 * DATABASE_URL (default: the local PostgreSQL's database `kelisim_surface`) and REDIS_URL.
 */
async function main(what: string | undefined, file: string | undefined): Promise<number> {
  if ((what !== 'openapi' && what !== 'metrics') || !file) {
    console.error('Usage: node dist/apps/api/src/surface.js openapi|metrics <file>');
    return 2;
  }
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim_surface';
  const loaded = loadConfig({
    ...process.env,
    NODE_ENV: 'development',
    KELISIM_ROLE: 'api',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    KELISIM_QUEUE_PREFIX: `surface_${process.pid}`,
  });
  const app = await createApi({ ...loaded, databaseUrl });
  try {
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const response = await fetch(`${base}${what === 'openapi' ? '/api/docs-json' : '/metrics'}`);
    if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
    writeFileSync(file, what === 'openapi' ? JSON.stringify(await response.json(), null, 2) : await response.text());
    return 0;
  } finally {
    await app.close();
  }
}

process.exitCode = await main(process.argv[2], process.argv[3]);
