import request from 'supertest';
import { anOrganization, aUser, type DirectoryClient, type TestUser } from '../../support/directory-fixtures.js';
import { freePort } from '../../support/platform-process.js';
import { type Query } from './invariant.js';
import { progress } from './progress.js';
import { ADMIN, anInstallation, type Installation, KelisimProcess } from './platform.js';
import { PrivatePostgres, PrivateRedis } from './servers.js';
import { SmtpSink, WebhookSink } from './sinks.js';

/** The people of a fault scenario: a controller who issues, executors of one organization with a webhook. */
export interface Cast {
  controller: TestUser;
  executors: TestUser[];
}

/**
 * One installation of Kelisim on private servers: its own PostgreSQL and Redis (ports of the
 * their own, so they can be killed and restarted), an SMTP sink and a webhook sink, and the
 * processes started on them. Each scenario takes a database of its own on the shared cluster.
 */
export class FaultBench {
  readonly processes: KelisimProcess[] = [];
  private constructor(
    readonly pg: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly smtp: SmtpSink,
    readonly webhook: WebhookSink,
  ) {}

  /**
   * Servers on free ports (kept for their restarts), so that nothing left running by an earlier run
   * stands in the way. If one of them fails to start, the other is stopped before the error goes up.
   */
  static async create(redisArgs: string[] = []): Promise<FaultBench> {
    const [pg, redis] = await Promise.allSettled([freePort().then((port) => PrivatePostgres.create(port)), freePort().then((port) => PrivateRedis.create(port, redisArgs))]);
    if (pg.status === 'rejected' || redis.status === 'rejected') {
      if (pg.status === 'fulfilled') await pg.value.destroy();
      if (redis.status === 'fulfilled') await redis.value.stop();
      throw pg.status === 'rejected' ? pg.reason : (redis as PromiseRejectedResult).reason;
    }
    const bench = new FaultBench(pg.value, redis.value, new SmtpSink(await freePort()), new WebhookSink(await freePort()));
    await bench.smtp.up();
    await bench.webhook.up();
    return bench;
  }

  installation(database: string, env: NodeJS.ProcessEnv = {}): Installation {
    return anInstallation(this.pg.url(database), this.redis.url, { SMTP_URL: this.smtp.url, ...env });
  }

  async start(installation: Installation, role: 'all' | 'api' | 'worker', env: NodeJS.ProcessEnv = {}): Promise<KelisimProcess> {
    const started = Date.now();
    const p = await KelisimProcess.start(installation, role, env);
    progress(`Kelisim (${role}) started in ${Date.now() - started} ms`);
    this.processes.push(p);
    return p;
  }

  query(installation: Installation): Query {
    const database = new URL(installation.databaseUrl).pathname.slice(1);
    return (sql, params) => this.pg.query(database, sql, params);
  }

  /** A controller and executors (one organization, its webhook pointed at the sink), made through the API. */
  async cast(api: KelisimProcess, executors = 3): Promise<Cast> {
    const http = request(api.baseUrl);
    const login = async (email: string, password = 'user-password-123'): Promise<string> => {
      const response = await http.post('/api/v1/auth/login').send({ email, password });
      if (response.status !== 200) throw new Error(`login of ${email}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    };
    const directory: DirectoryClient = { http, login, adminToken: await login(ADMIN.email, ADMIN.password) } as unknown as DirectoryClient;
    const controller = await aUser(directory, { roles: ['controller'] });
    const organizationId = await anOrganization(directory);
    const people: TestUser[] = [];
    for (let i = 0; i < executors; i++) people.push(await aUser(directory, { organizationId }));
    const hook = await http
      .put(`/api/v1/admin/webhooks/${organizationId}`)
      .set('Authorization', `Bearer ${directory.adminToken}`)
      .send({ url: this.webhook.url, secret: 'a-webhook-secret-of-the-faults' });
    if (hook.status >= 300) throw new Error(`webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
    return { controller, executors: people };
  }

  /** Stops whatever still runs (SIGKILL: the scenario is over), then the servers. */
  async destroy(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    await this.smtp.down();
    await this.webhook.down();
    await this.redis.stop();
    await this.pg.destroy();
  }
}

/** A task policy whose reminders all fire within seconds: one before, one overdue notice to both. */
export const SHORT_POLICY = [{ before: 'PT3S' }, { after: 'PT1S', to: ['executor', 'controller'] }];
