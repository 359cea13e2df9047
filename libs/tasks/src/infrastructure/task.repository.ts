import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import { Task } from '../domain/task.js';
import type { TaskChildRefs } from '../domain/task.events.js';
import { TaskRepository } from '../domain/task.repository.js';
import type { ExtensionRequest, ExtensionStatus, TaskPriority, TaskReport, TaskSourceType, TaskStatus } from '../domain/task.types.js';

interface TaskRecord {
  id: string;
  title: string;
  description: string | null;
  source_type: TaskSourceType | null;
  source_id: string | null;
  author_id: string;
  controller_id: string;
  executor_id: string;
  executor_organization_id: string;
  co_executor_ids: string[];
  due_at: Date;
  original_due_at: Date;
  priority: TaskPriority;
  group_id: string | null;
  recurrence_id: string | null;
  status: TaskStatus;
  extension_count: number;
  accepted_at: Date | null;
  done_on_time: boolean | null;
  created_at: Date;
  version: number;
}

interface ReportRecord {
  id: string;
  text: string;
  submitted_by: string;
  acting_for: string | null;
  submitted_at: Date;
  decision: TaskReport['decision'];
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

interface ExtensionRecord {
  id: string;
  proposed_due_at: Date;
  previous_due_at: Date;
  reason: string;
  status: ExtensionStatus;
  requested_by: string;
  acting_for: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

/**
 * The task row with an optimistic version check; the reports and extension requests that the
 * pending events name are upserted in the same transaction (the others have not changed). Only
 * persists: the deadline is the command's to move (TaskDeadlines).
 */
@Injectable()
export class SqlTaskRepository extends TaskRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async get(id: string): Promise<Task | null> {
    const [row] = (await this.uow.query('SELECT * FROM tasks WHERE id = $1', [id])) as TaskRecord[];
    if (!row) return null;
    // One after the other: inside a command they share its single connection.
    const reports = (await this.uow.query('SELECT * FROM task_reports WHERE task_id = $1 ORDER BY submitted_at, id', [id])) as ReportRecord[];
    const extensions = (await this.uow.query('SELECT * FROM task_extension_requests WHERE task_id = $1 ORDER BY requested_at, id', [
      id,
    ])) as ExtensionRecord[];
    return this.toDomain(row, reports, extensions);
  }

  async save(task: Task): Promise<void> {
    const refs = task.peekEvents().map((event) => event.payload as TaskChildRefs);
    const reportIds = new Set(refs.map((r) => r.reportId).filter(Boolean));
    const extensionIds = new Set(refs.flatMap((r) => [r.extensionRequestId, r.withdrawnExtensionRequestId]).filter(Boolean));
    await saveAggregateRow(this.uow, 'tasks', task, this.toRecord(task));
    for (const report of task.reports.filter((r) => reportIds.has(r.id))) this.saveReport(task.id, report);
    for (const request of task.extensionRequests.filter((r) => extensionIds.has(r.id))) this.saveExtension(task.id, request);
  }

  /** Child rows travel with the task's row (deferred: the transaction's next message or its commit). */
  private saveReport(taskId: string, r: TaskReport): void {
    this.uow.defer({
      text: `INSERT INTO task_reports (id, task_id, text, submitted_by, submitted_at, decision, decision_reason, decided_by, decided_at, acting_for)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (id) DO UPDATE SET decision = $6, decision_reason = $7, decided_by = $8, decided_at = $9`,
      values: [r.id, taskId, r.text, r.submittedBy, r.submittedAt, r.decision, r.decisionReason, r.decidedBy, r.decidedAt, r.actingFor],
    });
  }

  private saveExtension(taskId: string, r: ExtensionRequest): void {
    this.uow.defer({
      text: `INSERT INTO task_extension_requests
               (id, task_id, proposed_due_at, previous_due_at, reason, status, requested_by, requested_at, decided_by, decided_at, decision_reason, acting_for)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (id) DO UPDATE SET status = $6, decided_by = $9, decided_at = $10, decision_reason = $11`,
      values: [r.id, taskId, r.proposedDueAt, r.previousDueAt, r.reason, r.status, r.requestedBy, r.requestedAt, r.decidedBy, r.decidedAt, r.decisionReason, r.actingFor],
    });
  }

  private toDomain(row: TaskRecord, reports: ReportRecord[], extensions: ExtensionRecord[]): Task {
    return Task.restore(
      row.id,
      row.version,
      {
        title: row.title,
        description: row.description,
        source: row.source_type && row.source_id ? { type: row.source_type, id: row.source_id } : null,
        authorId: row.author_id,
        controllerId: row.controller_id,
        executorId: row.executor_id,
        executorOrganizationId: row.executor_organization_id,
        coExecutorIds: row.co_executor_ids,
        dueAt: new Date(row.due_at),
        originalDueAt: new Date(row.original_due_at),
        priority: row.priority,
        groupId: row.group_id,
        recurrenceId: row.recurrence_id,
        status: row.status,
        extensionCount: row.extension_count,
        acceptedAt: row.accepted_at && new Date(row.accepted_at),
        doneOnTime: row.done_on_time,
        createdAt: new Date(row.created_at),
      },
      reports.map((r) => ({
        id: r.id,
        text: r.text,
        submittedBy: r.submitted_by,
        actingFor: r.acting_for ?? null,
        submittedAt: new Date(r.submitted_at),
        decision: r.decision,
        decisionReason: r.decision_reason,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at && new Date(r.decided_at),
      })),
      extensions.map((r) => ({
        id: r.id,
        proposedDueAt: new Date(r.proposed_due_at),
        previousDueAt: new Date(r.previous_due_at),
        reason: r.reason,
        status: r.status,
        requestedBy: r.requested_by,
        actingFor: r.acting_for ?? null,
        requestedAt: new Date(r.requested_at),
        decidedBy: r.decided_by,
        decidedAt: r.decided_at && new Date(r.decided_at),
        decisionReason: r.decision_reason,
      })),
    );
  }

  private toRecord(task: Task): Record<string, unknown> {
    const s = task.state;
    return {
      title: s.title,
      description: s.description,
      source_type: s.source?.type ?? null,
      source_id: s.source?.id ?? null,
      author_id: s.authorId,
      controller_id: s.controllerId,
      executor_id: s.executorId,
      executor_organization_id: s.executorOrganizationId,
      co_executor_ids: s.coExecutorIds,
      due_at: s.dueAt,
      original_due_at: s.originalDueAt,
      priority: s.priority,
      group_id: s.groupId,
      recurrence_id: s.recurrenceId,
      status: s.status,
      extension_count: s.extensionCount,
      accepted_at: s.acceptedAt,
      done_on_time: s.doneOnTime,
      created_at: s.createdAt,
      updated_at: new Date(),
    };
  }
}
