import { Injectable } from '@nestjs/common';
import { actingAt, type Actor, Clock, hasRole, NotFoundError } from '@kelisim/kernel';
import { decodeCursor, type Page, sqlConditions, toPage, UnitOfWork } from '@kelisim/persistence';
import { OPEN_STATUSES, type TaskSource, type TaskStatus } from '../../domain/task.types.js';
import type { IssuePlan } from '../../domain/issue-plan.js';
import { type ExtensionRequestView, type TaskDetailView, type TaskHistoryEntry, taskIssueView, type TaskIssueView, type TaskReportView, type TaskTally, type TaskView } from '../task.views.js';

export interface TaskFilter {
  executorId?: string;
  organizationId?: string;
  controllerId?: string;
  status?: TaskStatus;
  overdue?: boolean;
  dueBefore?: Date;
  groupId?: string;
  recurrenceId?: string;
  /** The meeting decision, memorandum or working group the tasks were issued from. */
  source?: TaskSource;
  limit: number;
  cursor?: string;
}

interface TaskRow {
  id: string;
  title: string;
  description: string | null;
  status: TaskStatus;
  due_at: Date;
  original_due_at: Date;
  done_on_time: boolean | null;
  accepted_at: Date | null;
  executor_id: string;
  executor_organization_id: string;
  co_executor_ids: string[];
  controller_id: string;
  author_id: string;
  source_type: string | null;
  source_id: string | null;
  group_id: string | null;
  recurrence_id: string | null;
  priority: TaskView['priority'];
  extension_count: number;
  created_at: Date;
  version: number;
}

const COLUMNS = `id, title, status, due_at, original_due_at, done_on_time, accepted_at, executor_id, executor_organization_id,
  co_executor_ids, controller_id, author_id, source_type, source_id, group_id, recurrence_id, priority, extension_count, created_at, version`;
const OPEN = `status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Reads skip the domain. Overdue is computed against the injected clock, so tests can move time. */
@Injectable()
export class TasksQueries {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, filter: TaskFilter): Promise<Page<TaskView>> {
    const now = this.clock.now();
    const { add, param, params, clause } = sqlConditions();
    const visible = visibleClause(actor, param, now);
    if (visible) add(visible);
    if (filter.executorId) add('executor_id = ?', filter.executorId);
    if (filter.organizationId) add('executor_organization_id = ?', filter.organizationId);
    if (filter.controllerId) add('controller_id = ?', filter.controllerId);
    if (filter.groupId) add('group_id = ?', filter.groupId);
    if (filter.recurrenceId) add('recurrence_id = ?', filter.recurrenceId);
    if (filter.source) add('source_type = ? AND source_id = ?', filter.source.type, filter.source.id);
    if (filter.status) add('status = ?', filter.status);
    if (filter.dueBefore) add('due_at < ?', filter.dueBefore);
    if (filter.overdue === true) add(`${OPEN} AND due_at < ?`, now);
    if (filter.overdue === false) add(`NOT (${OPEN} AND due_at < ?)`, now);
    const after = decodeCursor(filter.cursor, 'time');
    if (after) add('(due_at, id) > (?::timestamptz, ?::uuid)', after.k, after.id);

    const limit = param(filter.limit + 1);
    const rows = (await this.uow.query(`SELECT ${COLUMNS} FROM tasks ${clause()} ORDER BY due_at, id LIMIT ${limit}`, params)) as TaskRow[];
    return toPage(rows, filter.limit, (r) => ({ k: new Date(r.due_at).toISOString(), id: r.id }), (r) => toView(r, now));
  }

  /**
   * How far the tasks of each source have come, counting only the tasks `actor` may open (the rule
   * of GET /tasks/{id}): a view that embeds tasks shows no more than the reader could open.
   */
  async tally(actor: Actor, sources: readonly TaskSource[]): Promise<Map<string, TaskTally>> {
    const tallies = new Map(sources.map((s) => [`${s.type}:${s.id}`, { issued: 0, done: 0, overdue: 0, cancelled: 0 }]));
    if (sources.length === 0) return tallies;
    const { add, param, params, clause } = sqlConditions();
    add(`(source_type, source_id) IN (SELECT * FROM unnest(?::text[], ?::uuid[]))`, sources.map((s) => s.type), sources.map((s) => s.id));
    const visible = visibleClause(actor, param, this.clock.now());
    if (visible) add(visible);
    const now = param(this.clock.now());
    const rows = (await this.uow.query(
      `SELECT source_type, source_id, count(*)::int AS issued, count(*) FILTER (WHERE status = 'done')::int AS done,
              count(*) FILTER (WHERE ${OPEN} AND due_at < ${now})::int AS overdue, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled
         FROM tasks ${clause()} GROUP BY source_type, source_id`,
      params,
    )) as { source_type: string; source_id: string; issued: number; done: number; overdue: number; cancelled: number }[];
    for (const r of rows) tallies.set(`${r.source_type}:${r.source_id}`, { issued: r.issued, done: r.done, overdue: r.overdue, cancelled: r.cancelled });
    return tallies;
  }

  /** A large issue's progress: for its author and controllers; 404 for anyone else. */
  async issue(actor: Actor, id: string): Promise<TaskIssueView> {
    const [row] = (await this.uow.query('SELECT * FROM task_issues WHERE id = $1', [id])) as {
      id: string;
      author_id: string;
      status: TaskIssueView['status'];
      plan: IssuePlan;
      instances: number;
      issued: number;
      accepted_at: Date;
      completed_at: Date | null;
      version: number;
    }[];
    if (!row || !(hasRole(actor, 'controller') || row.author_id === actor.userId)) throw new NotFoundError('task_issue', id);
    return taskIssueView({
      id: row.id,
      version: row.version,
      state: { ...row, acceptedAt: new Date(row.accepted_at), completedAt: row.completed_at && new Date(row.completed_at) },
    });
  }

  /** One task with its reports, extension requests and journal; 404 for one the caller may not see. */
  async get(actor: Actor, id: string): Promise<TaskDetailView> {
    const now = this.clock.now();
    const [row] = (await this.uow.query(`SELECT ${COLUMNS}, description FROM tasks WHERE id = $1`, [id])) as TaskRow[];
    if (!row || !visible(actor, row, now)) throw new NotFoundError('task', id);
    // One after the other: read inside a command, they would share its single connection.
    const reports = (await this.uow.query(
      `SELECT id, text, submitted_by AS "submittedBy", acting_for AS "actingFor", submitted_at AS "submittedAt", decision, decision_reason AS "decisionReason",
              decided_by AS "decidedBy", decided_at AS "decidedAt"
         FROM task_reports WHERE task_id = $1 ORDER BY submitted_at, id`,
      [id],
    )) as TaskReportView[];
    const extensionRequests = (await this.uow.query(
      `SELECT id, proposed_due_at AS "proposedDueAt", previous_due_at AS "previousDueAt", reason, status, requested_by AS "requestedBy", acting_for AS "actingFor",
              requested_at AS "requestedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", decision_reason AS "decisionReason"
         FROM task_extension_requests WHERE task_id = $1 ORDER BY requested_at, id`,
      [id],
    )) as ExtensionRequestView[];
    const history = (await this.uow.query(
      `SELECT version, type, actor_id AS "actorId", occurred_at AS "occurredAt", payload
         FROM journal_events WHERE stream_id = $1 ORDER BY version`,
      [id],
    )) as TaskHistoryEntry[];
    return {
      ...toView(row, now),
      description: row.description,
      reports: reports.map((r) => ({ ...r, submittedAt: isoOf(r.submittedAt)!, decidedAt: isoOf(r.decidedAt) })),
      extensionRequests: extensionRequests.map((r) => ({
        ...r,
        proposedDueAt: isoOf(r.proposedDueAt)!,
        previousDueAt: isoOf(r.previousDueAt)!,
        requestedAt: isoOf(r.requestedAt)!,
        decidedAt: isoOf(r.decidedAt),
      })),
      history: history.map((h) => ({ ...h, occurredAt: isoOf(h.occurredAt)! })),
    };
  }
}

const isoOf = (value: string | Date | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The people whose tasks `actor` executes: themselves and those they act for now (И.о.). */
export const executingAs = (actor: Actor, now: Date): string[] =>
  actor.userId === null ? [] : [actor.userId, ...actingAt(actor, now).map((a) => a.principalId)];

/** Who may open a task, in SQL (null: everyone, for controllers); the same rule as Task.isVisibleTo. */
function visibleClause(actor: Actor, param: (value: unknown) => string, now: Date): string | null {
  if (hasRole(actor, 'controller')) return null;
  if (actor.userId === null) return 'false';
  const me = param(actor.userId);
  const as = param(executingAs(actor, now));
  return `(executor_id = ANY(${as}::uuid[]) OR controller_id = ${me} OR author_id = ${me} OR co_executor_ids && ${as}::uuid[])`;
}

function visible(actor: Actor, row: TaskRow, now: Date): boolean {
  if (hasRole(actor, 'controller')) return true;
  const me = actor.userId;
  const as = executingAs(actor, now);
  return me !== null && (as.includes(row.executor_id) || row.controller_id === me || row.author_id === me || row.co_executor_ids.some((id) => as.includes(id)));
}

function toView(row: TaskRow, now: Date): TaskView {
  const dueAt = new Date(row.due_at);
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    dueAt: dueAt.toISOString(),
    originalDueAt: new Date(row.original_due_at).toISOString(),
    overdue: (OPEN_STATUSES as readonly string[]).includes(row.status) && now.getTime() > dueAt.getTime(),
    doneOnTime: row.done_on_time,
    acceptedAt: isoOf(row.accepted_at),
    executorId: row.executor_id,
    executorOrganizationId: row.executor_organization_id,
    coExecutorIds: row.co_executor_ids,
    controllerId: row.controller_id,
    authorId: row.author_id,
    source: row.source_type && row.source_id ? ({ type: row.source_type, id: row.source_id } as TaskView['source']) : null,
    groupId: row.group_id,
    recurrenceId: row.recurrence_id,
    priority: row.priority,
    extensionCount: row.extension_count,
    createdAt: new Date(row.created_at).toISOString(),
    revision: row.version,
  };
}
