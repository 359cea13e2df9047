import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { freePort } from '../../support/platform-process.js';
import { Child } from './servers.js';

export const ADMIN = { email: 'admin@faults.kelisim.test', password: 'faults-admin-password' };

/** What every process of one installation shares: database, queues, secret, first admin. */
export interface Installation {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  jwtSecret: string;
  env?: NodeJS.ProcessEnv;
}

export function anInstallation(databaseUrl: string, redisUrl: string, env: NodeJS.ProcessEnv = {}): Installation {
  return { databaseUrl, redisUrl, prefix: `kf_${randomBytes(3).toString('hex')}`, jwtSecret: randomBytes(24).toString('hex'), env };
}

/** A built Kelisim process (`npm start`, or the worker's entry point) as a user runs it. */
export class KelisimProcess {
  private constructor(
    private readonly child: Child,
    readonly role: 'all' | 'api' | 'worker',
    readonly baseUrl: string,
  ) {}

  /**
   * `all` and `api` run dist/apps/api/src/main.js (KELISIM_ROLE), `worker` dist/apps/worker/src/main.js;
   * resolves once the start-up line is out.
   */
  static async start(installation: Installation, role: 'all' | 'api' | 'worker', env: NodeJS.ProcessEnv = {}, timeoutMs = 120_000): Promise<KelisimProcess> {
    const port = await freePort();
    const { DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
    const entry = role === 'worker' ? 'dist/apps/worker/src/main.js' : 'dist/apps/api/src/main.js';
    const child = new Child(
      spawn('node', [entry], {
        env: {
          ...inherited,
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          KELISIM_ROLE: role,
          DATABASE_URL: installation.databaseUrl,
          REDIS_URL: installation.redisUrl,
          KELISIM_QUEUE_PREFIX: installation.prefix,
          JWT_SECRET: installation.jwtSecret,
          KELISIM_ADMIN_EMAIL: ADMIN.email,
          KELISIM_ADMIN_PASSWORD: ADMIN.password,
          KELISIM_RECONCILE_MS: '2000',
          // The webhook sink listens on loopback, which webhooks may reach only when allowed.
          KELISIM_WEBHOOK_ALLOW: '127.0.0.1/32',
          KELISIM_DELIVERY_BACKOFF_MS: '300',
          // A killed or blocked worker's jobs go to another after 3 s rather than 30 s: the scenarios stay short.
          KELISIM_JOB_LOCK_MS: '3000',
          ...installation.env,
          ...env,
          PORT: String(port),
          KELISIM_PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const ready = role === 'worker' ? /^Kelisim worker started/m : /^Kelisim \(\w+\) is listening/m;
    const started = Date.now();
    while (!ready.test(child.output)) {
      if (!child.running) throw new Error(`Kelisim (${role}) exited before it started:\n${child.output}`);
      if (Date.now() - started > timeoutMs) {
        await child.stop('SIGKILL');
        throw new Error(`Kelisim (${role}) did not start in ${timeoutMs} ms:\n${child.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return new KelisimProcess(child, role, `http://127.0.0.1:${port}`);
  }

  get output(): string {
    return this.child.output;
  }

  get running(): boolean {
    return this.child.running;
  }

  get http(): ReturnType<typeof request> {
    return request(this.baseUrl);
  }

  /** Sends a signal that need not end it (SIGSTOP freezes the process, its sockets and locks held; SIGCONT thaws it). */
  signal(signal: NodeJS.Signals): void {
    this.child.process.kill(signal);
  }

  /** Sends the signal and resolves with the exit code (null when killed) once the process has ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    await this.child.stop(signal);
    return this.child.process.exitCode;
  }
}
