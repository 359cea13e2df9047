import { Injectable } from '@nestjs/common';
import { type Actor, Clock, hasRole, NotFoundError } from '@kelisim/kernel';
import { decodeCursor, type Page, sqlConditions as conditions, toPage, UnitOfWork } from '@kelisim/persistence';
import { substitutionStatus, type SubstitutionView } from '../substitution.view.js';

export interface SubstitutionFilter {
  principalId?: string;
  deputyId?: string;
  organizationId?: string;
  status?: SubstitutionView['status'];
  limit: number;
  cursor?: string;
}

interface Row {
  id: string;
  principalId: string;
  deputyId: string;
  organizationId: string;
  from: Date;
  to: Date;
  orderNumber: string;
  orderDate: string;
  createdBy: string | null;
  endedAt: Date | null;
  endedBy: string | null;
  revision: number;
  principalName: string;
  deputyName: string;
}

const SELECT = `SELECT s.id, s.principal_id AS "principalId", s.deputy_id AS "deputyId", s.organization_id AS "organizationId",
  s.starts_at AS "from", s.ends_at AS "to", s.order_number AS "orderNumber", to_char(s.order_date, 'YYYY-MM-DD') AS "orderDate",
  s.created_by AS "createdBy", s.ended_at AS "endedAt", s.ended_by AS "endedBy", s.version AS revision,
  p.full_name AS "principalName", d.full_name AS "deputyName"
  FROM substitutions s JOIN users p ON p.id = s.principal_id JOIN users d ON d.id = s.deputy_id`;

/**
 * Substitutions a person may see: an admin all of them; anyone else those where they are the
 * principal or the deputy, or a head of the principal.
 */
@Injectable()
export class SubstitutionQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, id: string): Promise<SubstitutionView> {
    const { where, params, add } = conditions();
    add('s.id = ?', id);
    this.scope(actor, add);
    const [row] = (await this.uow.query(`${SELECT} WHERE ${where.join(' AND ')}`, params)) as Row[];
    if (!row) throw new NotFoundError('substitution', id);
    return this.view(row, this.clock.now());
  }

  async list(actor: Actor, filter: SubstitutionFilter): Promise<Page<SubstitutionView>> {
    const now = this.clock.now();
    const { where, params, add } = conditions();
    this.scope(actor, add);
    if (filter.principalId) add('s.principal_id = ?', filter.principalId);
    if (filter.deputyId) add('s.deputy_id = ?', filter.deputyId);
    if (filter.organizationId) add('s.organization_id = ?', filter.organizationId);
    if (filter.status === 'scheduled') add('s.starts_at > ? AND s.ends_at > s.starts_at', now);
    if (filter.status === 'current') add('s.starts_at <= ? AND ? < s.ends_at', now, now);
    if (filter.status === 'over') add('(s.ends_at <= ? OR s.ends_at = s.starts_at)', now);
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(s.starts_at, s.id) < (?::timestamptz, ?::uuid)', after.k, after.id);
    params.push(filter.limit + 1);
    const rows = (await this.uow.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.starts_at DESC, s.id DESC LIMIT $${params.length}`,
      params,
    )) as Row[];
    return toPage(rows, filter.limit, (r) => ({ k: new Date(r.from).toISOString(), id: r.id }), (r) => this.view(r, now));
  }

  private scope(actor: Actor, add: (sql: string, ...values: unknown[]) => void): void {
    if (hasRole(actor, 'admin')) return;
    add(
      `(s.principal_id = ? OR s.deputy_id = ? OR s.principal_id IN (
         WITH RECURSIVE below(id) AS (SELECT id FROM users WHERE head_id = ? UNION SELECT u.id FROM users u JOIN below b ON u.head_id = b.id)
         SELECT id FROM below))`,
      actor.userId,
      actor.userId,
      actor.userId,
    );
  }

  private view(r: Row, now: Date): SubstitutionView {
    const from = new Date(r.from);
    const to = new Date(r.to);
    return {
      id: r.id,
      principalId: r.principalId,
      deputyId: r.deputyId,
      organizationId: r.organizationId,
      from: from.toISOString(),
      to: to.toISOString(),
      basis: { orderNumber: r.orderNumber, orderDate: r.orderDate },
      createdBy: r.createdBy,
      endedAt: r.endedAt ? new Date(r.endedAt).toISOString() : null,
      endedBy: r.endedBy,
      status: substitutionStatus(from, to, now),
      revision: r.revision,
      principalName: r.principalName,
      deputyName: r.deputyName,
    };
  }
}
