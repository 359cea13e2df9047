import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPlatformProcess } from '@kelisim/testing';

const run = promisify(execFile);
const serverUrl = (): URL => new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/kelisim');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `npm start` when PostgreSQL has too few connection slots for the platform: simulated by a role of
 * its own with a CONNECTION LIMIT (PostgreSQL refuses it with 53300, "too many connections for
 * role", as it does a full server with "sorry, too many clients already"). Before, the process never
 * finished starting and printed refusals with their stacks in a tight loop (2.4 GB in 14 min).
 */
describe('start-up with too few PostgreSQL connections', () => {
  const id = randomBytes(4).toString('hex');
  const role = `kelisim_short_${id}`;
  const database = `kelisim_short_${id}`;
  let admin: pg.Client;

  beforeAll(async () => {
    const server = serverUrl();
    server.pathname = '/postgres';
    admin = new pg.Client({ connectionString: server.toString() });
    await admin.connect();
    // Four: more than the start's own first statements need, far fewer than the pools may hold.
    await admin.query(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 4`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${database}_run WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it.each([
    ['PostgreSQL', ''],
    ['Redis', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0'],
  ])('Start_WithTooFewConnectionsForItsRole_QueuesOn%s_StopsWithOneLineNamingTheCauseAndTheSetting', async (_store, redisUrl) => {
    const owner = serverUrl();
    owner.pathname = `/${database}`;
    const platform = new URL(owner);
    platform.username = role;
    platform.password = '';
    const started = Date.now();
    const result = await run('node', ['dist/apps/api/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: owner.toString(),
        KELISIM_APP_DATABASE_URL: platform.toString(),
        REDIS_URL: redisUrl,
        KELISIM_QUEUE_PREFIX: `kshort_${id}`,
        KELISIM_ROLE: 'all',
        PORT: '0',
        LOG_LEVEL: 'info',
      },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    const took = Date.now() - started;

    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Kelisim cannot start: /);
    expect(lines[0]).toContain(`too many connections for role "${role}"`);
    expect(lines[0]).toContain('53300');
    expect(lines[0]).toMatch(/KELISIM_DB_POOL_SIZE \(now 20\)/);
    expect(lines[0]).toContain('max_connections');
    // Nothing else said, nothing started: no log of a background loop meeting the refusal.
    expect(result.stdout.trim()).toBe('');
    expect(took).toBeLessThan(30_000);
    // No connection of the role is left behind.
    const left = await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1`, [role]);
    expect(left.rows[0].n).toBe(0);
  }, 90_000);

  it('AfterStart_WhenTheRoleRunsOutOfConnections_BackgroundWorkBacksOffWithFewLogLines_AndRecovers', async () => {
    const owner = serverUrl();
    owner.pathname = `/${database}_run`;
    const platform = new URL(owner);
    platform.username = role;
    platform.password = '';
    // Exactly what the process may hold with KELISIM_DB_POOL_SIZE=2 and the queues on PostgreSQL: it starts.
    await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT 32`);
    const kelisim = await startPlatformProcess({
      DATABASE_URL: owner.toString(),
      KELISIM_APP_DATABASE_URL: platform.toString(),
      KELISIM_DB_POOL_SIZE: '2',
      KELISIM_QUEUE_PREFIX: `kshort_${id}`,
      KELISIM_ROLE: 'all',
    });
    let exit: number | null = null;
    try {
      // The role runs out of connections after start: its limit drops to 0, as when others hold all
      // its slots (PostgreSQL keeps the connections a role has, and refuses new ones with 53300), and
      // every connection the platform had is cut. (Before, another client took the slots as they
      // freed; on a loaded machine the platform could win them back and meet no refusal at all.)
      const before = kelisim.output().length;
      await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT 0`);
      try {
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
        await sleep(20_000);
        const said = kelisim.output().slice(before);
        const lines = said.split('\n').filter((l) => l.trim() !== '');
        // The loops met the refusal, and said so in few lines: no stack traces, no tight loop
        // (before: the sealer alone logged 4 lines a second, BullMQ printed stacks).
        expect(said).toContain('53300');
        expect(said).not.toMatch(/^\s+at /m);
        expect(lines.length).toBeLessThan(40);
      } finally {
        await admin.query(`ALTER ROLE ${role} CONNECTION LIMIT 32`);
      }
      // The slots free again: the platform is ready again without a restart.
      let ready = 0;
      for (let i = 0; i < 60 && ready !== 200; i++) {
        ready = (await fetch(`${kelisim.baseUrl}/health/ready`).catch(() => ({ status: 0 }))).status;
        if (ready !== 200) await sleep(500);
      }
      expect(ready).toBe(200);
    } finally {
      exit = await kelisim.stop();
    }
    expect(exit).toBe(0);
  }, 180_000);
});
