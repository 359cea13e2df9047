import type { Role } from '@kelisim/kernel';
import { PASSWORD, type TestApp } from './test-app.js';

/** What the directory fixtures need: an HTTP client of the platform, in-process or in a process of its own. */
export type DirectoryClient = Pick<TestApp, 'http' | 'adminToken' | 'login'>;

let sequence = 0;
const unique = (): string => `${Date.now().toString(36)}${(sequence++).toString(36)}`;

export interface TestUser {
  id: string;
  email: string;
  organizationId: string;
  token: string;
}

/** Creates an organization as the admin and returns its id. */
export async function anOrganization(t: DirectoryClient, body: Record<string, unknown> = {}): Promise<string> {
  const response = await t.http
    .post('/api/v1/organizations')
    .set('Authorization', `Bearer ${t.adminToken}`)
    .send({ name: `Organization ${unique()}`, kind: 'department', ...body });
  if (response.status !== 201) throw new Error(`organization: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Creates a user as the admin (in a new organization unless one is given) and logs them in. */
export async function aUser(
  t: DirectoryClient,
  options: { roles?: Role[]; organizationId?: string; fullName?: string; headId?: string; locale?: string; iin?: string } = {},
): Promise<TestUser> {
  const organizationId = options.organizationId ?? (await anOrganization(t));
  const email = `user-${unique()}@kelisim.test`;
  const response = await t.http
    .post('/api/v1/users')
    .set('Authorization', `Bearer ${t.adminToken}`)
    .send({
      fullName: options.fullName ?? `User ${unique()}`,
      email,
      organizationId,
      roles: options.roles ?? [],
      password: PASSWORD,
      ...(options.headId ? { headId: options.headId } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.iin ? { iin: options.iin } : {}),
    });
  if (response.status !== 201) throw new Error(`user: ${response.status} ${JSON.stringify(response.body)}`);
  return { id: response.body.id as string, email, organizationId, token: await t.login(email) };
}

/** Counts rows of the journal, the outbox and a table: "changes nothing" is checked with these. */
export async function counts(t: TestApp, table?: string): Promise<{ events: number; outbox: number; rows?: number }> {
  const [{ events }] = await t.dataSource.query('SELECT count(*)::int AS events FROM journal_events');
  const [{ outbox }] = await t.dataSource.query('SELECT count(*)::int AS outbox FROM outbox');
  const rows = table ? (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n : undefined;
  return { events, outbox, rows };
}
