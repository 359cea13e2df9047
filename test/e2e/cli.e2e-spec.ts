import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '@kelisim/testing';

const run = promisify(execFile);

/** Runs a built entry point (npm test builds first) and returns its exit code and output. */
async function node(script: string, args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run('node', [script, ...args], { env: { ...process.env, ...env }, timeout: 150_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('command line and start-up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('AuditVerify_OnAnIntactJournal_Exits0; OnATamperedOne_Exits1NamingThePosition', async () => {
    const env = { DATABASE_URL: t.config.databaseUrl, KELISIM_JOURNAL_KEY: t.config.journal.keyPath, KELISIM_JOURNAL_ORIGIN: t.config.journal.origin };
    await t.sealer.sealNow();
    const intact = await node('dist/apps/api/src/cli.js', ['audit:verify'], env);
    expect(intact.code).toBe(0);
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true });

    await t.asOwner(`ALTER TABLE journal_events DISABLE TRIGGER journal_events_append_only`);
    await t.asOwner(`UPDATE journal_events SET actor_id = gen_random_uuid() WHERE position = 2`);
    await t.asOwner(`ALTER TABLE journal_events ENABLE TRIGGER journal_events_append_only`);
    const tampered = await node('dist/apps/api/src/cli.js', ['audit:verify'], env);
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toContain('position 2');
  }, 180_000);

  it('Start_WithPostgresUnreachable_StopsWithOneLineNamingIt', async () => {
    const result = await node('dist/apps/api/src/main.js', [], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/kelisim', PORT: '0' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PostgreSQL is unreachable at 127\.0\.0\.1:1.*start it/);
  });

  it('Start_WithRedisUnreachable_StopsWithOneLineNamingIt', async () => {
    const result = await node('dist/apps/api/src/main.js', [], { DATABASE_URL: t.config.databaseUrl, REDIS_URL: 'redis://127.0.0.1:1/0', PORT: '0' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis at 127\.0\.0\.1:1 is unreachable/);
  });

  it('Start_InProductionWithoutJwtSecret_Refuses', async () => {
    const result = await node('dist/apps/api/src/main.js', [], { NODE_ENV: 'production', JWT_SECRET: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/JWT_SECRET/);
  });
});
