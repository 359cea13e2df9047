import { Injectable } from '@nestjs/common';
import { type Locale, NotFoundError, type Role } from '@kelisim/kernel';
import { decodeCursor, escapeLike, type Page, sqlConditions as conditions, toPage, UnitOfWork } from '@kelisim/persistence';
import type { OrganizationKind } from '../../domain/organization.js';
import type { OrganizationView, UserView } from '../directory.views.js';

export interface OrganizationFilter {
  kind?: OrganizationKind;
  parentId?: string;
  q?: string;
  limit: number;
  cursor?: string;
}

export interface UserFilter {
  organizationId?: string;
  role?: Role;
  q?: string;
  active?: boolean;
  limit: number;
  cursor?: string;
}

const ORGANIZATION_COLUMNS = `id, name, short_name AS "shortName", kind, parent_id AS "parentId", timezone, bin, version AS revision`;
const USER_COLUMNS = `id, full_name AS "fullName", email, organization_id AS "organizationId", position, head_id AS "headId",
  roles, locale, timezone, active, email_digest AS "emailDigest", iin, version AS revision`;

/** What reminders and notifications need to know of a person. */
export interface RecipientView {
  id: string;
  fullName: string;
  email: string;
  locale: Locale;
  /** The user's own zone, else their organization's. */
  timeZone: string;
  organizationId: string;
  headId: string | null;
  active: boolean;
  emailDigest: boolean;
}

/** Reads skip the domain: SQL straight into views, ordered by name for the directory's lists. */
@Injectable()
export class DirectoryQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async organization(id: string): Promise<OrganizationView> {
    const [row] = (await this.uow.query(`SELECT ${ORGANIZATION_COLUMNS} FROM organizations WHERE id = $1`, [id])) as OrganizationView[];
    if (!row) throw new NotFoundError('organization', id);
    return row;
  }

  async organizations(filter: OrganizationFilter): Promise<Page<OrganizationView>> {
    const { where, params, add } = conditions();
    if (filter.kind) add('kind = ?', filter.kind);
    if (filter.parentId) add('parent_id = ?', filter.parentId);
    if (filter.q) add('(name ILIKE ? OR short_name ILIKE ?)', `%${escapeLike(filter.q)}%`, `%${escapeLike(filter.q)}%`);
    const after = decodeCursor(filter.cursor, 'text');
    if (after) add('(name, id) > (?, ?::uuid)', after.k, after.id);
    params.push(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT ${ORGANIZATION_COLUMNS} FROM organizations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY name, id LIMIT $${params.length}`,
      params,
    )) as OrganizationView[];
    return toPage(rows, filter.limit, (r) => ({ k: r.name, id: r.id }), (r) => r);
  }

  async user(id: string): Promise<UserView> {
    const [row] = (await this.uow.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])) as UserView[];
    if (!row) throw new NotFoundError('user', id);
    return row;
  }

  async users(filter: UserFilter): Promise<Page<UserView>> {
    const { where, params, add } = conditions();
    if (filter.organizationId) add('organization_id = ?', filter.organizationId);
    if (filter.role) add('? = ANY(roles)', filter.role);
    if (filter.active !== undefined) add('active = ?', filter.active);
    if (filter.q) add('(full_name ILIKE ? OR email ILIKE ?)', `%${escapeLike(filter.q)}%`, `%${escapeLike(filter.q)}%`);
    const after = decodeCursor(filter.cursor, 'text');
    if (after) add('(full_name, id) > (?, ?::uuid)', after.k, after.id);
    params.push(filter.limit + 1);
    const rows = (await this.uow.query(
      `SELECT ${USER_COLUMNS} FROM users ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY full_name, id LIMIT $${params.length}`,
      params,
    )) as UserView[];
    return toPage(rows, filter.limit, (r) => ({ k: r.fullName, id: r.id }), (r) => r);
  }

  async recipients(ids: readonly string[]): Promise<Map<string, RecipientView>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.uow.query(`${RECIPIENT_COLUMNS} WHERE u.id = ANY($1::uuid[])`, [[...new Set(ids)]])) as RecipientView[];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Active people who chose one e-mail a day. */
  async digestSubscribers(): Promise<RecipientView[]> {
    return (await this.uow.query(`${RECIPIENT_COLUMNS} WHERE u.email_digest AND u.active`)) as RecipientView[];
  }

  /**
   * The substitutions (И.о.) of these people that are not over at `now`, with an active deputy:
   * reminders and notices of the principal go to the deputy too while one lasts.
   */
  async substitutes(principalIds: readonly string[], now: Date): Promise<Substitute[]> {
    if (principalIds.length === 0) return [];
    const rows = await this.uow.query(`${SUBSTITUTE_COLUMNS} WHERE s.principal_id = ANY($1::uuid[]) AND ${SUBSTITUTE_CURRENT('$2')}`, [[...new Set(principalIds)], now]);
    return rows.map(toSubstitute);
  }

  /**
   * A deadline's audience in one message: the people `ids` names and, when `headsOf` is given, the
   * head of each of those executors (read through them, not by a round trip of its own), with the
   * substitutions of all of them as `substitutes` reads them.
   */
  async audience(ids: readonly string[], headsOf: readonly string[], now: Date): Promise<{ people: Map<string, RecipientView>; substitutes: Substitute[] }> {
    const everyone = `$1::uuid[] || ARRAY(SELECT head_id FROM users WHERE id = ANY($2::uuid[]) AND head_id IS NOT NULL)`;
    const values = [[...new Set(ids)], [...new Set(headsOf)]];
    const [people, substitutes] = await this.uow.batch([
      { text: `${RECIPIENT_COLUMNS} WHERE u.id = ANY(${everyone})`, values },
      { text: `${SUBSTITUTE_COLUMNS} WHERE s.principal_id = ANY(${everyone}) AND ${SUBSTITUTE_CURRENT('$3')}`, values: [...values, now] },
    ]);
    return { people: new Map((people as unknown as RecipientView[]).map((row) => [row.id, row])), substitutes: substitutes.map(toSubstitute) };
  }

  /** Many users in one query; unknown ids are simply absent. */
  async usersByIds(ids: readonly string[]): Promise<Map<string, UserView>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.uow.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]])) as UserView[];
    return new Map(rows.map((row) => [row.id, row]));
  }
}

export interface Substitute {
  principalId: string;
  deputyId: string;
  from: Date;
  to: Date;
}

const RECIPIENT_COLUMNS = `SELECT u.id, u.full_name AS "fullName", u.email, u.locale, coalesce(u.timezone, o.timezone) AS "timeZone",
       u.organization_id AS "organizationId", u.head_id AS "headId", u.active, u.email_digest AS "emailDigest"
  FROM users u JOIN organizations o ON o.id = u.organization_id`;

const SUBSTITUTE_COLUMNS = `SELECT s.principal_id, s.deputy_id, s.starts_at, s.ends_at FROM substitutions s JOIN users d ON d.id = s.deputy_id AND d.active`;

/** Not over at `now` (and not empty): one that has not started yet still counts for reminders due in it. */
const SUBSTITUTE_CURRENT = (now: string): string => `s.ends_at > ${now} AND s.ends_at > s.starts_at`;

function toSubstitute(row: Record<string, unknown>): Substitute {
  return { principalId: row.principal_id as string, deputyId: row.deputy_id as string, from: new Date(row.starts_at as Date), to: new Date(row.ends_at as Date) };
}
