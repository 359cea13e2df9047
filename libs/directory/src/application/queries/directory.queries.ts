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
    const rows = (await this.uow.query(
      `SELECT u.id, u.full_name AS "fullName", u.email, u.locale, coalesce(u.timezone, o.timezone) AS "timeZone",
              u.organization_id AS "organizationId", u.head_id AS "headId", u.active, u.email_digest AS "emailDigest"
         FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    )) as RecipientView[];
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Active people who chose one e-mail a day. */
  async digestSubscribers(): Promise<RecipientView[]> {
    return (await this.uow.query(
      `SELECT u.id, u.full_name AS "fullName", u.email, u.locale, coalesce(u.timezone, o.timezone) AS "timeZone",
              u.organization_id AS "organizationId", u.head_id AS "headId", u.active, u.email_digest AS "emailDigest"
         FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.email_digest AND u.active`,
    )) as RecipientView[];
  }

  /**
   * The substitutions (И.о.) of these people that are not over at `now`, with an active deputy:
   * reminders and notices of the principal go to the deputy too while one lasts.
   */
  async substitutes(principalIds: readonly string[], now: Date): Promise<{ principalId: string; deputyId: string; from: Date; to: Date }[]> {
    if (principalIds.length === 0) return [];
    const rows = (await this.uow.query(
      `SELECT s.principal_id, s.deputy_id, s.starts_at, s.ends_at FROM substitutions s JOIN users d ON d.id = s.deputy_id AND d.active
        WHERE s.principal_id = ANY($1::uuid[]) AND s.ends_at > $2 AND s.ends_at > s.starts_at`,
      [[...new Set(principalIds)], now],
    )) as { principal_id: string; deputy_id: string; starts_at: Date; ends_at: Date }[];
    return rows.map((r) => ({ principalId: r.principal_id, deputyId: r.deputy_id, from: new Date(r.starts_at), to: new Date(r.ends_at) }));
  }

  /** Many users in one query; unknown ids are simply absent. */
  async usersByIds(ids: readonly string[]): Promise<Map<string, UserView>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.uow.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]])) as UserView[];
    return new Map(rows.map((row) => [row.id, row]));
  }
}
