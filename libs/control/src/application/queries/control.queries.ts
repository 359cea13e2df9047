import { Injectable } from '@nestjs/common';
import { Clock } from '@kelisim/kernel';
import { decodeCursor, type Page, sqlConditions, toPage, UnitOfWork } from '@kelisim/persistence';
import { TASK_STATUSES } from '@kelisim/tasks';
import type { ControlSummaryView, OrganizationControlView, OverdueTaskView } from '../control.views.js';
import type { ControlPeriod } from './control-period.js';

export const OVERDUE_SORTS = ['daysOverdue', 'dueAt'] as const;
export type OverdueSort = (typeof OVERDUE_SORTS)[number];

export interface OverdueFilter {
  organizationId?: string;
  executorId?: string;
  sort: OverdueSort;
  order: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

const DAY_MS = 86_400_000;
const DUE_SOON_MS = 7 * DAY_MS;
// The tasks context's open statuses, spelled as its partial index tasks_open_due spells them.
const OPEN = `status IN (${TASK_STATUSES.filter((s) => s !== 'done' && s !== 'cancelled')
  .map((s) => `'${s}'`)
  .join(', ')})`;

/**
 * The summary's SQL: one pass over the tasks due in the period (index-only on control_tasks_due),
 * grouped by the executors' organization, then joined to the organizations' names.
 * $1 = now, $2 = now + 7 days, then the period's and organization's parameters.
 */
export function summarySql(where: string): string {
  return `
    SELECT s.organization_id AS "organizationId", o.name AS "organizationName",
           s.total, s.done, s.done_on_time AS "doneOnTime", s.overdue, s.due_soon AS "dueSoon",
           s.cancelled, s.extensions, s.due_by_now AS "dueByNow"
      FROM (SELECT executor_organization_id AS organization_id,
                   count(*) FILTER (WHERE status <> 'cancelled')::int AS total,
                   count(*) FILTER (WHERE status = 'done')::int AS done,
                   count(*) FILTER (WHERE status = 'done' AND done_on_time)::int AS done_on_time,
                   count(*) FILTER (WHERE ${OPEN} AND due_at < $1)::int AS overdue,
                   count(*) FILTER (WHERE ${OPEN} AND due_at >= $1 AND due_at < $2)::int AS due_soon,
                   count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
                   coalesce(sum(extension_count) FILTER (WHERE status <> 'cancelled'), 0)::int AS extensions,
                   count(*) FILTER (WHERE status = 'done' OR (${OPEN} AND due_at < $1))::int AS due_by_now
              FROM tasks_published ${where}
             GROUP BY executor_organization_id) s
      JOIN directory_organizations o ON o.id = s.organization_id
     ORDER BY o.name, o.id`;
}

/** The overdue list's SQL: the open tasks past their deadline, walked along the partial index tasks_open_due. */
export function overdueSql(where: string, direction: 'ASC' | 'DESC', limit: string): string {
  return `
    SELECT t.id, t.title, t.executor_id AS "executorId", u.full_name AS "executorName",
           t.executor_organization_id AS "organizationId", o.name AS "organizationName", o.timezone,
           t.due_at AS "dueAt", ceil(extract(epoch FROM ($1::timestamptz - t.due_at)) / 86400)::int AS "daysOverdue",
           t.priority, t.extension_count AS "extensionCount"
      FROM tasks_published t
      JOIN directory_users u ON u.id = t.executor_id
      JOIN directory_organizations o ON o.id = t.executor_organization_id
     ${where}
     ORDER BY t.due_at ${direction}, t.id ${direction}
     LIMIT ${limit}`;
}

export type OverdueRow = Omit<OverdueTaskView, 'dueAt'> & { dueAt: Date; timezone: string };

/**
 * The akim's office's control view, read straight from the views the tasks and directory contexts
 * publish (tasks_published, directory_users, directory_organizations: never their tables; it writes
 * nothing), so a command's effect shows in the next query. "Now" comes from the
 * injected clock: overdue and due-soon move with it.
 */
@Injectable()
export class ControlQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async summary(period: ControlPeriod, organizationId?: string): Promise<ControlSummaryView> {
    const now = this.clock.now();
    const { add, params, clause } = sqlConditions();
    params.push(now, new Date(now.getTime() + DUE_SOON_MS));
    if (period.from) add('due_at >= ?', period.from);
    if (period.to) add('due_at < ?', period.to);
    if (organizationId) add('executor_organization_id = ?', organizationId);
    const rows = (await this.uow.query(summarySql(clause()), params)) as Omit<OrganizationControlView, 'discipline'>[];
    const items = rows.map((row) => ({ ...row, discipline: discipline(row.doneOnTime, row.dueByNow) }));
    const sum = (key: keyof Omit<OrganizationControlView, 'organizationId' | 'organizationName' | 'discipline'>): number =>
      items.reduce((total, item) => total + item[key], 0);
    const totals = {
      total: sum('total'),
      done: sum('done'),
      doneOnTime: sum('doneOnTime'),
      overdue: sum('overdue'),
      dueSoon: sum('dueSoon'),
      cancelled: sum('cancelled'),
      extensions: sum('extensions'),
      dueByNow: sum('dueByNow'),
      discipline: discipline(sum('doneOnTime'), sum('dueByNow')),
    };
    return {
      from: period.from?.toISOString() ?? null,
      to: period.to?.toISOString() ?? null,
      organizationId: organizationId ?? null,
      generatedAt: now.toISOString(),
      items,
      totals,
    };
  }

  async overdue(filter: OverdueFilter): Promise<Page<OverdueTaskView>> {
    const page = await this.overdueRows(filter);
    return { items: page.items.map(overdueView), nextCursor: page.nextCursor };
  }

  /** The rows themselves, with the organization's zone (the export writes local deadlines). */
  async overdueRows(filter: OverdueFilter): Promise<Page<OverdueRow>> {
    const now = this.clock.now();
    const { add, param, params, clause } = sqlConditions();
    params.push(now);
    add(`t.${OPEN} AND t.due_at < $1`);
    if (filter.organizationId) add('t.executor_organization_id = ?', filter.organizationId);
    if (filter.executorId) add('t.executor_id = ?', filter.executorId);
    // The most days overdue is the earliest deadline.
    const ascending = (filter.sort === 'dueAt') === (filter.order === 'asc');
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add(`(t.due_at, t.id) ${ascending ? '>' : '<'} (?::timestamptz, ?::uuid)`, after.k, after.id);

    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(overdueSql(clause(), ascending ? 'ASC' : 'DESC', limit), params)) as OverdueRow[];
    return toPage(rows, filter.limit, (r) => ({ k: new Date(r.dueAt).toISOString(), id: r.id }), (r) => r);
  }
}

function discipline(doneOnTime: number, dueByNow: number): number | null {
  return dueByNow === 0 ? null : Math.round((1000 * doneOnTime) / dueByNow) / 10;
}

function overdueView(row: OverdueRow): OverdueTaskView {
  const { timezone: _zone, ...rest } = row;
  return { ...rest, dueAt: new Date(row.dueAt).toISOString() };
}
