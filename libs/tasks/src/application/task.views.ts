import type { Task } from '../domain/task.js';
import { occurrenceDeadlines } from '../domain/issue-plan.js';
import type { TaskIssueProps } from '../domain/task-issue.js';
import type { ExtensionStatus, TaskPriority, TaskReport, TaskSource, TaskStatus } from '../domain/task.types.js';

/** The task resource of the SPEC, as lists show it. */
export interface TaskView {
  id: string;
  title: string;
  status: TaskStatus;
  dueAt: string;
  originalDueAt: string;
  overdue: boolean;
  doneOnTime: boolean | null;
  acceptedAt: string | null;
  executorId: string;
  executorOrganizationId: string;
  coExecutorIds: string[];
  controllerId: string;
  authorId: string;
  source: TaskSource | null;
  groupId: string | null;
  recurrenceId: string | null;
  priority: TaskPriority;
  extensionCount: number;
  createdAt: string;
  revision: number;
}

/** How far a set of tasks has come (e.g. those of one source); `overdue` counts open tasks past their deadline. */
export interface TaskTally {
  issued: number;
  done: number;
  overdue: number;
  cancelled: number;
}

export interface TaskReportView {
  id: string;
  text: string;
  submittedBy: string;
  /** The executor the report was submitted for by the official acting for them (И.о.); null: in person. */
  actingFor: string | null;
  submittedAt: string;
  decision: TaskReport['decision'];
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface ExtensionRequestView {
  id: string;
  proposedDueAt: string;
  previousDueAt: string;
  reason: string;
  status: ExtensionStatus;
  requestedBy: string;
  /** The executor the request was made for by the official acting for them (И.о.); null: in person. */
  actingFor: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface TaskHistoryEntry {
  version: number;
  type: string;
  actorId: string | null;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** One task with what happened to it: commands answer with this, GET /tasks/{id} adds the journal. */
export interface TaskDetailView extends TaskView {
  description: string | null;
  reports: TaskReportView[];
  extensionRequests: ExtensionRequestView[];
  history?: TaskHistoryEntry[];
}

/** Many instances issued at once, one per executor. */
export interface TaskGroupView {
  groupId: string;
  items: TaskDetailView[];
}

/** The instances a recurrence rule issued ahead of time, by deadline then executor. */
export interface TaskRecurrenceView {
  recurrenceId: string;
  /** Each occurrence's deadline and, for many executors, the group of its instances. */
  occurrences: { dueAt: string; groupId: string | null }[];
  items: TaskDetailView[];
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function taskDetailView(task: Task, now: Date): TaskDetailView {
  const s = task.state;
  return {
    id: task.id,
    title: s.title,
    status: s.status,
    dueAt: s.dueAt.toISOString(),
    originalDueAt: s.originalDueAt.toISOString(),
    overdue: task.isOverdue(now),
    doneOnTime: s.doneOnTime,
    acceptedAt: iso(s.acceptedAt),
    executorId: s.executorId,
    executorOrganizationId: s.executorOrganizationId,
    coExecutorIds: [...s.coExecutorIds],
    controllerId: s.controllerId,
    authorId: s.authorId,
    source: s.source,
    groupId: s.groupId,
    recurrenceId: s.recurrenceId,
    priority: s.priority,
    extensionCount: s.extensionCount,
    createdAt: s.createdAt.toISOString(),
    revision: task.version,
    description: s.description,
    reports: task.reports.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString(), decidedAt: iso(r.decidedAt) })),
    extensionRequests: task.extensionRequests.map((r) => ({
      ...r,
      proposedDueAt: r.proposedDueAt.toISOString(),
      previousDueAt: r.previousDueAt.toISOString(),
      requestedAt: r.requestedAt.toISOString(),
      decidedAt: iso(r.decidedAt),
    })),
  };
}

/**
 * An issue too large for one command (more than 20,000 reminders): accepted (202), its tasks issued
 * in the background, batch by batch; GET /task-issues/{issueId} follows it to `issued`.
 */
export interface TaskIssueView {
  issueId: string;
  status: 'issuing' | 'issued';
  title: string;
  /** Tasks it issues in all, and so far. */
  instances: number;
  issued: number;
  /** A one-off issue to many executors: the group its instances share (GET /tasks?groupId=). */
  groupId: string | null;
  /** A recurrence: the id its instances share (GET /tasks?recurrenceId=) and each occurrence's deadline. */
  recurrenceId: string | null;
  occurrences: { dueAt: string; groupId: string | null }[] | null;
  acceptedAt: string;
  completedAt: string | null;
  revision: number;
}

/** The view of an issue, from the aggregate or straight from its row. */
export function taskIssueView(issue: {
  id: string;
  version: number;
  state: Pick<TaskIssueProps, 'status' | 'plan' | 'instances' | 'issued' | 'acceptedAt' | 'completedAt'>;
}): TaskIssueView {
  const s = issue.state;
  const { plan } = s;
  return {
    issueId: issue.id,
    status: s.status,
    title: plan.task.title,
    instances: s.instances,
    issued: s.issued,
    groupId: plan.recurrenceId === null ? plan.occurrences[0].groupId : null,
    recurrenceId: plan.recurrenceId,
    occurrences: plan.recurrenceId === null ? null : occurrenceDeadlines(plan),
    acceptedAt: s.acceptedAt.toISOString(),
    completedAt: s.completedAt?.toISOString() ?? null,
    revision: issue.version,
  };
}
