import { createHmac } from 'node:crypto';
import pg from 'pg';
import { QUEUE_SCHEMA } from '@kelisim/queue';

/** The role the platform runs as when KELISIM_APP_DATABASE_URL is unset. */
export const PLATFORM_ROLE = 'kelisim_app';

/** Tables the platform may only read and append to (no UPDATE, DELETE, TRUNCATE). */
export const APPEND_ONLY_TABLES = ['journal_events', 'journal_leaves', 'journal_tree_nodes', 'journal_checkpoints'] as const;
/** Tables the platform may only read. */
const READ_ONLY_TABLES = ['journal_legacy', 'schema_migrations'] as const;

export interface PlatformRole {
  /** The URL the platform connects with. */
  url: string;
  /** Why the platform runs as the owner after all (the owner may not create or grant the role). */
  warning?: string;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Least privilege (issue 10 item 10, issue 11): migrations run as the owner (DATABASE_URL); the
 * platform runs as a role that may read and write what it needs, but only INSERT and SELECT the
 * journal and its tree, is not the owner of anything and is no superuser. With
 * KELISIM_APP_DATABASE_URL set, that role is granted its rights (when the owner may) and used; unset,
 * the role `kelisim_app` is created on first start when the owner may create roles — its password
 * derived from the owner's URL, so every process of the installation computes the same one — and
 * the platform's URL is the owner's with that role. Runs after the migrations, at every start
 * (grants on tables a migration added). When the owner may not, the platform runs as the owner and
 * the caller logs the warning.
 */
export async function ensurePlatformRole(ownerUrl: string, appUrl: string | undefined, options: { queuesOnPostgres: boolean }): Promise<PlatformRole> {
  const owner = new pg.Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const [me] = (await owner.query('SELECT current_user AS name, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user')).rows as {
      name: string;
      rolsuper: boolean;
      rolcreaterole: boolean;
    }[];
    const target = appUrl ? decodeURIComponent(new URL(appUrl).username) : PLATFORM_ROLE;
    if (!target || target === me.name) return { url: appUrl ?? ownerUrl, warning: appUrl ? undefined : 'the platform runs as the database owner' };
    let url = appUrl;
    if (!url) {
      // Keyed by the owner's credentials and server, not the database: the role is the server's.
      const server = new URL(ownerUrl);
      const password = createHmac('sha256', `${server.username}:${server.password}@${server.host}`).update(PLATFORM_ROLE).digest('hex');
      const derived = new URL(ownerUrl);
      derived.username = PLATFORM_ROLE;
      derived.password = password;
      url = derived.toString();
      const exists = (await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [PLATFORM_ROLE])).rowCount! > 0;
      const mayManage = me.rolsuper || me.rolcreaterole;
      if (!exists && !mayManage) {
        return { url: ownerUrl, warning: `the owner ${me.name} may not create the role ${PLATFORM_ROLE}: the platform runs as the owner; create a role and set KELISIM_APP_DATABASE_URL` };
      }
      if (!exists) {
        await owner.query(`CREATE ROLE ${PLATFORM_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '${password}'`).catch((error: { code?: string }) => {
          // Created meanwhile by another process: 42710, or 23505 when both inserted into pg_authid at once.
          if (error.code !== '42710' && error.code !== '23505') throw error;
        });
      } else if (mayManage && !(await canLogIn(url))) {
        await owner.query(`ALTER ROLE ${PLATFORM_ROLE} LOGIN PASSWORD '${password}'`);
      }
    }
    await grant(owner, quoteIdent(target), options);
    return { url };
  } finally {
    await owner.end();
  }
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The role's rights on this database: idempotent, run at every start. */
async function grant(owner: pg.Client, role: string, options: { queuesOnPostgres: boolean }): Promise<void> {
  const [{ db }] = (await owner.query('SELECT current_database() AS db')).rows as { db: string }[];
  const statements = [
    `GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(db)} TO ${role}`,
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${APPEND_ONLY_TABLES.join(', ')} FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${READ_ONLY_TABLES.join(', ')} FROM ${role}`,
  ];
  if (options.queuesOnPostgres) {
    statements.push(
      // BullMQ's PostgreSQL backend creates its per-queue objects at first use: its schema is the
      // platform's working area (the journal is not in it).
      `GRANT USAGE, CREATE ON SCHEMA ${QUEUE_SCHEMA} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO ${role}`,
    );
  }
  // One transaction, under a lock, so two processes starting together do not collide on the catalogs.
  await owner.query('BEGIN');
  try {
    await owner.query(`SELECT pg_advisory_xact_lock(hashtext('kelisim.platform-role'))`);
    for (const statement of statements) await owner.query(statement);
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
