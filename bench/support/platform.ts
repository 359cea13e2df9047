/**
 * The run: its configuration (a database and queue prefix of its own), the platform started in
 * this process, its API, and the cleanup of what the run left behind.
 *
 * Like every module of bench/support/, only Node's own modules are imported at the top (the benches'
 * worker threads load these too); `reflect-metadata`, the configuration and the platform are
 * imported when first needed.
 */
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RunningConfig } from '@kelisim/config';
import { withClient } from './postgres.js';

export interface BenchRun {
  config: RunningConfig;
  /** `kelisim_bench_<pid>_<random>`: the run's own database. */
  database: string;
  /** `<pid>_<random>`: names the database and the queue prefix (`kb_<run>`). */
  id: string;
  adminEmail: string;
  adminPassword: string;
}

/**
 * The platform's configuration for one run: a database (`kelisim_bench_<run>`) and queue prefix
 * (`kb_<run>`) of its own, a fresh JWT secret and bootstrap admin, silent logs, an ephemeral port.
 */
export async function benchRun(role: 'all' | 'api'): Promise<BenchRun> {
  await import('reflect-metadata');
  const { loadConfig } = await import('@kelisim/config');
  const id = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
  databaseUrl.pathname = `/kelisim_bench_${id}`;
  const adminEmail = 'bench-admin@kelisim.test';
  const adminPassword = randomBytes(12).toString('hex');
  const loaded = loadConfig({
    ...process.env,
    // The benches measure against external services: Redis on localhost unless REDIS_URL says otherwise ('' runs the queues on PostgreSQL).
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    NODE_ENV: process.env.NODE_ENV ?? 'benchmark',
    KELISIM_ROLE: role,
    PORT: '0',
    DATABASE_URL: databaseUrl.toString(),
    KELISIM_QUEUE_PREFIX: `kb_${id}`,
    JWT_SECRET: randomBytes(24).toString('hex'),
    KELISIM_ADMIN_EMAIL: adminEmail,
    KELISIM_ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: 'silent',
  });
  const config: RunningConfig = { ...loaded, databaseUrl: databaseUrl.toString() };
  return { config, database: databaseUrl.pathname.slice(1), id, adminEmail, adminPassword };
}

/** Starts the platform in this process (`createApi`, which migrates the database) on 127.0.0.1, any free port. */
export async function startPlatform(config: RunningConfig): Promise<{ app: INestApplication; port: number }> {
  const { createApi } = await import('../../apps/api/src/bootstrap.js');
  const app = await createApi(config);
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { app, port: (app.getHttpServer().address() as { port: number }).port };
}

/** Platform processes beside this one: forked children serving the same run (see platform-process.ts). */
export interface PlatformProcesses {
  /** The APIs' ports (none for workers). */
  ports: number[];
  /** Their CPU seconds so far, summed. */
  cpuSeconds(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Forks `count` processes of the platform in `role` on the run's configuration: APIs (each on a free
 * port of 127.0.0.1, as a deployment scales the API out) or workers. None when `count` is 0.
 */
export async function forkPlatform(config: RunningConfig, role: 'api' | 'worker', count: number): Promise<PlatformProcesses> {
  const { fork } = await import('node:child_process');
  const children = Array.from({ length: count }, () =>
    fork(new URL('./platform-process.js', import.meta.url), {
      env: { ...process.env, BENCH_PLATFORM_CONFIG: JSON.stringify({ ...config, role }) },
      execArgv: ['--max-semi-space-size=32'],
    }),
  );
  const ports = await Promise.all(
    children.map(
      (child) =>
        new Promise<number>((resolve, reject) => {
          child.once('message', (message: { port: number }) => resolve(message.port));
          child.once('exit', (code) => reject(new Error(`a forked ${role} process exited with ${code} before listening`)));
        }),
    ),
  );
  const cpuSeconds = async (): Promise<number> => {
    const usages = await Promise.all(
      children.map(
        (child) =>
          new Promise<number>((resolve) => {
            child.once('message', (message: { cpu: NodeJS.CpuUsage }) => resolve((message.cpu.user + message.cpu.system) / 1e6));
            child.send('cpu');
          }),
      ),
    );
    return usages.reduce((a, b) => a + b, 0);
  };
  const close = async (): Promise<void> => {
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null) return Promise.resolve();
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send('close');
        return exited;
      }),
    );
  };
  return { ports: role === 'api' ? ports : [], cpuSeconds, close };
}

/** `fetch` against `/api/v1` of the platform: JSON in and out; any status ≥ 300 throws. */
export function apiClient(port: number) {
  return async <T>(method: string, path: string, token: string | null, body?: object): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** Logs in through the API and returns the access token. */
export async function login(port: number, email: string, password: string): Promise<string> {
  return (await apiClient(port)<{ accessToken: string }>('POST', '/auth/login', null, { email, password })).accessToken;
}

/** Deletes every key under `<prefix>:` (SCAN + UNLINK, 5,000 at a time); returns how many. */
export async function deleteRedisPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    if (keys.length) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

/** `DROP DATABASE … WITH (FORCE)` of the database `databaseUrl` names, from the `postgres` database. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  await withClient(url.toString(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Drops what a run left behind: the keys of its queue prefixes (the run's own by default) and its
 * database. Reports a failure on stderr and goes on; never throws. Uses `redis` when given.
 */
export async function dropRun(config: RunningConfig, prefixes: string[] = [config.queuePrefix], redis?: Redis): Promise<void> {
  if (config.redis?.kind === 'single') {
    let client = redis;
    if (!client) {
      const { Redis } = await import('ioredis');
      client = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
    }
    try {
      for (const prefix of prefixes) {
        await deleteRedisPrefix(client, prefix).catch((error: Error) => console.error(`cannot clean Redis prefix ${prefix}: ${error.message}`));
      }
    } finally {
      if (!redis) client.disconnect();
    }
  }
  await dropDatabase(config.databaseUrl).catch((error: Error) => console.error(`cannot drop the database: ${error.message}`));
}

/** Runs a bench's `main`, then exits: 0 when it resolves, 1 (with `bench:<name> failed:`) when it throws. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`bench:${name} failed:`, error);
      process.exit(1);
    },
  );
}
