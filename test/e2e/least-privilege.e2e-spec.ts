import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { APPEND_ONLY_TABLES, PLATFORM_ROLE } from '@kelisim/platform';
import { anOrganization, appendProbeEvents, startTestApp, type TestApp } from '@kelisim/testing';

/**
 * Least privilege (issue 10 item 10, issue 11): the migrations run as the owner, the platform as
 * kelisim_app, which is no superuser, owns nothing and may only insert and read the journal and
 * its tree — so the platform's credentials cannot rewrite history.
 */
describe('the platform runs as a role that cannot change the journal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  it('ThePlatformsRole_IsNotTheOwner_NorASuperuser_AndStillServesCommands', async () => {
    const [me] = await t.dataSource.query(
      `SELECT current_user AS name, r.rolsuper AS superuser, r.rolcreaterole AS createrole, r.rolbypassrls AS bypassrls,
              (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({ name: PLATFORM_ROLE, superuser: false, createrole: false, bypassrls: false, owned: 0 });
    await anOrganization(t);
    // Past 2^8 leaves, so that journal_tree_nodes (levels 8 and up) has rows the role could delete.
    await appendProbeEvents(t.asOwner, 256);
    const sealed = await t.sealer.sealNow();
    expect(sealed.treeSize).toBeGreaterThan(256);
    expect((await t.http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${t.adminToken}`)).body).toMatchObject({ ok: true });
  });

  const someColumn: Record<string, string> = { journal_events: 'type', journal_leaves: 'position', journal_tree_nodes: 'hash', journal_checkpoints: 'note' };
  it.each([...APPEND_ONLY_TABLES])('%s_CannotBeUpdatedDeletedTruncatedOrAltered_ByThePlatformsRole', async (table: string) => {
    const column = someColumn[table];
    for (const statement of [
      `UPDATE ${table} SET ${column} = ${column}`,
      `DELETE FROM ${table}`,
      `TRUNCATE ${table} CASCADE`,
      `ALTER TABLE ${table} DISABLE TRIGGER USER`,
      `DROP TABLE ${table} CASCADE`,
    ]) {
      await expect(t.dataSource.query(statement)).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
    }
    const [{ rows }] = await t.dataSource.query(`SELECT count(*)::int AS rows FROM ${table}`);
    expect(rows).toBeGreaterThan(0);
  });

  it('TheMigrationsAndTheOldChain_AreReadOnly_ForThePlatformsRole', async () => {
    for (const statement of [`DELETE FROM schema_migrations`, `INSERT INTO journal_legacy SELECT * FROM journal_legacy`, `CREATE TABLE forged (id int)`, `ALTER ROLE ${PLATFORM_ROLE} SUPERUSER`]) {
      await expect(t.dataSource.query(statement)).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '42501' }) });
    }
  });
});
