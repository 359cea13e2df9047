import { type Actor, actingAt, AggregateRoot, asOrActingFor, hasRole } from '@kelisim/kernel';
import {
  ControllerRequiredError,
  DueDateInPastError,
  ExtensionAlreadyPendingError,
  ExtensionNotLaterError,
  ExtensionRequestDecidedError,
  ExtensionRequestNotFoundError,
  NotTheExecutorError,
  SameExecutorError,
  TaskTextError,
  TaskTransitionError,
} from './task.errors.js';
import { TaskEvents } from './task.events.js';
import {
  type ExtensionRequest,
  OPEN_STATUSES,
  TASK_LIMITS,
  type TaskPriority,
  type TaskReport,
  type TaskSource,
  type TaskStatus,
} from './task.types.js';

export interface TaskProps {
  title: string;
  description: string | null;
  source: TaskSource | null;
  authorId: string;
  controllerId: string;
  executorId: string;
  /** The executor's organization when assigned: lists and the control view filter on it. */
  executorOrganizationId: string;
  coExecutorIds: string[];
  dueAt: Date;
  originalDueAt: Date;
  priority: TaskPriority;
  groupId: string | null;
  /** Shared by the instances one recurrence rule issued. */
  recurrenceId: string | null;
  status: TaskStatus;
  extensionCount: number;
  acceptedAt: Date | null;
  doneOnTime: boolean | null;
  createdAt: Date;
}

export interface IssueTaskProps {
  title: string;
  description?: string | null;
  source?: TaskSource | null;
  authorId: string;
  controllerId: string;
  executorId: string;
  executorOrganizationId: string;
  coExecutorIds?: string[];
  dueAt: Date;
  priority?: TaskPriority;
  groupId?: string | null;
  recurrenceId?: string | null;
  /** The deadline engine's reminder policy as the client gave it (opaque here). */
  reminderPolicy?: Record<string, unknown>[] | null;
}

const iso = (date: Date): string => date.toISOString();

function checkText(field: string, value: string, max: number): void {
  if (value.trim().length === 0 || value.length > max) throw new TaskTextError(field, max);
}

/**
 * An instruction (поручение) with one executor and a deadline, controlled by the akim's office.
 * Reports and extension requests live inside it: their rules depend on the task's status.
 */
export class Task extends AggregateRoot {
  readonly streamType = 'task';

  private constructor(
    id: string,
    version: number,
    private props: TaskProps,
    private reportList: TaskReport[],
    private extensionList: ExtensionRequest[],
  ) {
    super(id, version);
  }

  /** What issuing checks, so that a large issue is refused before it is accepted rather than in a batch. */
  static assertIssuable(input: Pick<IssueTaskProps, 'title' | 'description' | 'dueAt'>, now: Date): void {
    checkText('title', input.title, TASK_LIMITS.title);
    if (input.description != null && input.description.length > TASK_LIMITS.description) {
      throw new TaskTextError('description', TASK_LIMITS.description);
    }
    if (input.dueAt.getTime() <= now.getTime()) throw new DueDateInPastError();
  }

  static issue(id: string, input: IssueTaskProps, now: Date): Task {
    Task.assertIssuable(input, now);
    const coExecutorIds = [...new Set(input.coExecutorIds ?? [])].filter((userId) => userId !== input.executorId);
    const props: TaskProps = {
      title: input.title,
      description: input.description ?? null,
      source: input.source ?? null,
      authorId: input.authorId,
      controllerId: input.controllerId,
      executorId: input.executorId,
      executorOrganizationId: input.executorOrganizationId,
      coExecutorIds,
      dueAt: input.dueAt,
      originalDueAt: input.dueAt,
      priority: input.priority ?? 'normal',
      groupId: input.groupId ?? null,
      recurrenceId: input.recurrenceId ?? null,
      status: 'assigned',
      extensionCount: 0,
      acceptedAt: null,
      doneOnTime: null,
      createdAt: now,
    };
    const task = new Task(id, 0, props, [], []);
    task.record(TaskEvents.Assigned, {
      taskId: id,
      groupId: props.groupId,
      ...(props.recurrenceId ? { recurrenceId: props.recurrenceId } : {}),
      title: props.title,
      authorId: props.authorId,
      controllerId: props.controllerId,
      executorId: props.executorId,
      coExecutorIds,
      dueAt: iso(props.dueAt),
      priority: props.priority,
      source: props.source,
      ...(input.reminderPolicy ? { reminderPolicy: input.reminderPolicy } : {}),
    });
    return task;
  }

  static restore(id: string, version: number, props: TaskProps, reports: TaskReport[], extensionRequests: ExtensionRequest[]): Task {
    return new Task(id, version, props, reports, extensionRequests);
  }

  get state(): Readonly<TaskProps> {
    return this.props;
  }

  get reports(): readonly TaskReport[] {
    return this.reportList;
  }

  get extensionRequests(): readonly ExtensionRequest[] {
    return this.extensionList;
  }

  get isOpen(): boolean {
    return OPEN_STATUSES.includes(this.props.status);
  }

  /** Overdue is derived, never stored: past the deadline and still open. */
  isOverdue(now: Date): boolean {
    return this.isOpen && now.getTime() > this.props.dueAt.getTime();
  }

  /**
   * Controllers see every task; anyone else only what they execute, co-execute, control or issued,
   * and the official acting for an executor or co-executor (И.о.) what that person executes.
   */
  isVisibleTo(actor: Actor, now?: Date): boolean {
    if (hasRole(actor, 'controller')) return true;
    const me = actor.userId;
    if (me === null) return false;
    if (me === this.props.executorId || me === this.props.controllerId || me === this.props.authorId || this.props.coExecutorIds.includes(me)) return true;
    return now !== undefined && actingAt(actor, now).some((a) => a.principalId === this.props.executorId || this.props.coExecutorIds.includes(a.principalId));
  }

  acknowledge(actor: Actor, now: Date): void {
    const actingFor = this.requireExecutor(actor, 'acknowledge', now);
    this.requireStatus(['assigned'], 'acknowledge', 'in_progress');
    this.props.status = 'in_progress';
    this.record(TaskEvents.Acknowledged, { taskId: this.id, executorId: this.props.executorId, at: iso(now), actingFor });
  }

  submitReport(actor: Actor, reportId: string, text: string, now: Date): void {
    const actingFor = this.requireExecutor(actor, 'report on', now);
    this.requireStatus(['in_progress'], 'submit a report on', 'report_submitted');
    checkText('text', text, TASK_LIMITS.reportText);
    this.reportList.push({
      id: reportId,
      text,
      submittedBy: actor.userId!,
      actingFor,
      submittedAt: now,
      decision: null,
      decisionReason: null,
      decidedBy: null,
      decidedAt: null,
    });
    this.props.status = 'report_submitted';
    this.record(TaskEvents.ReportSubmitted, { taskId: this.id, reportId, executorId: this.props.executorId, submittedAt: iso(now), actingFor });
  }

  accept(actor: Actor, now: Date): void {
    this.requireController(actor, 'accept');
    this.requireStatus(['report_submitted'], 'accept', 'done');
    const report = this.decideLastReport(actor, 'accepted', null, now);
    const doneOnTime = now.getTime() <= this.props.dueAt.getTime();
    this.props.status = 'done';
    this.props.acceptedAt = now;
    this.props.doneOnTime = doneOnTime;
    this.record(TaskEvents.Completed, {
      taskId: this.id,
      reportId: report.id,
      executorId: this.props.executorId,
      acceptedAt: iso(now),
      dueAt: iso(this.props.dueAt),
      doneOnTime,
    });
  }

  returnReport(actor: Actor, reason: string, now: Date): void {
    this.requireController(actor, 'return');
    this.requireStatus(['report_submitted'], 'return', 'in_progress');
    checkText('reason', reason, TASK_LIMITS.reason);
    const report = this.decideLastReport(actor, 'returned', reason, now);
    this.props.status = 'in_progress';
    this.record(TaskEvents.ReportReturned, { taskId: this.id, reportId: report.id, executorId: this.props.executorId, reason });
  }

  cancel(actor: Actor, reason: string): void {
    this.requireController(actor, 'cancel');
    this.requireStatus(OPEN_STATUSES, 'cancel', 'cancelled');
    checkText('reason', reason, TASK_LIMITS.reason);
    const from = this.props.status;
    this.props.status = 'cancelled';
    this.record(TaskEvents.Cancelled, { taskId: this.id, from, reason, ...this.withdrawPending() });
  }

  /** A new executor starts over: the task is `assigned` again and awaits their acknowledgement. */
  reassign(actor: Actor, executorId: string, executorOrganizationId: string): void {
    this.requireController(actor, 'reassign');
    this.requireStatus(OPEN_STATUSES, 'reassign', 'assigned');
    if (executorId === this.props.executorId) throw new SameExecutorError();
    const previousExecutorId = this.props.executorId;
    const from = this.props.status;
    this.props.executorId = executorId;
    this.props.executorOrganizationId = executorOrganizationId;
    this.props.coExecutorIds = this.props.coExecutorIds.filter((userId) => userId !== executorId);
    this.props.status = 'assigned';
    this.record(TaskEvents.Reassigned, {
      taskId: this.id,
      from,
      previousExecutorId,
      executorId,
      coExecutorIds: this.props.coExecutorIds,
      dueAt: iso(this.props.dueAt),
      ...this.withdrawPending(),
    });
  }

  requestExtension(actor: Actor, requestId: string, proposedDueAt: Date, reason: string, now: Date): void {
    const actingFor = this.requireExecutor(actor, 'request an extension of', now);
    this.requireStatus(OPEN_STATUSES, 'request an extension of', this.props.status);
    checkText('reason', reason, TASK_LIMITS.reason);
    const pending = this.pendingExtension();
    if (pending) throw new ExtensionAlreadyPendingError(pending.id);
    if (proposedDueAt.getTime() <= this.props.dueAt.getTime()) throw new ExtensionNotLaterError(this.props.dueAt);
    this.extensionList.push({
      id: requestId,
      proposedDueAt,
      previousDueAt: this.props.dueAt,
      reason,
      status: 'pending',
      requestedBy: actor.userId!,
      actingFor,
      requestedAt: now,
      decidedBy: null,
      decidedAt: null,
      decisionReason: null,
    });
    this.record(TaskEvents.ExtensionRequested, {
      taskId: this.id,
      extensionRequestId: requestId,
      executorId: this.props.executorId,
      controllerId: this.props.controllerId,
      proposedDueAt: iso(proposedDueAt),
      dueAt: iso(this.props.dueAt),
      reason,
      actingFor,
    });
  }

  /** Approval moves the deadline; the original one stays on record and extensions are counted. */
  approveExtension(actor: Actor, requestId: string, reason: string | null, now: Date): void {
    const request = this.decidableExtension(actor, requestId, 'approve');
    if (reason !== null) checkText('reason', reason, TASK_LIMITS.reason);
    request.status = 'approved';
    Object.assign(request, { decidedBy: actor.userId, decidedAt: now, decisionReason: reason });
    const previousDueAt = this.props.dueAt;
    this.props.dueAt = request.proposedDueAt;
    this.props.extensionCount += 1;
    this.record(TaskEvents.ExtensionApproved, {
      taskId: this.id,
      extensionRequestId: requestId,
      executorId: this.props.executorId,
      dueAt: iso(request.proposedDueAt),
      reason,
    });
    this.record(TaskEvents.DeadlineChanged, {
      taskId: this.id,
      extensionRequestId: requestId,
      previousDueAt: iso(previousDueAt),
      dueAt: iso(this.props.dueAt),
      originalDueAt: iso(this.props.originalDueAt),
      extensionCount: this.props.extensionCount,
    });
  }

  rejectExtension(actor: Actor, requestId: string, reason: string, now: Date): void {
    const request = this.decidableExtension(actor, requestId, 'reject');
    checkText('reason', reason, TASK_LIMITS.reason);
    request.status = 'rejected';
    Object.assign(request, { decidedBy: actor.userId, decidedAt: now, decisionReason: reason });
    this.record(TaskEvents.ExtensionRejected, {
      taskId: this.id,
      extensionRequestId: requestId,
      executorId: this.props.executorId,
      dueAt: iso(this.props.dueAt),
      reason,
    });
  }

  /**
   * The deadline engine saw this deadline pass: recorded once per deadline (a task done, cancelled,
   * or already given a later deadline meanwhile records nothing).
   */
  recordOverdue(dueAt: Date): boolean {
    if (!this.isOpen || this.props.dueAt.getTime() !== dueAt.getTime()) return false;
    this.record(TaskEvents.BecameOverdue, {
      taskId: this.id,
      executorId: this.props.executorId,
      controllerId: this.props.controllerId,
      executorOrganizationId: this.props.executorOrganizationId,
      dueAt: iso(dueAt),
    });
    return true;
  }

  private decidableExtension(actor: Actor, requestId: string, action: 'approve' | 'reject'): ExtensionRequest {
    this.requireController(actor, `${action} an extension of`);
    const request = this.extensionList.find((candidate) => candidate.id === requestId);
    if (!request) throw new ExtensionRequestNotFoundError(requestId);
    if (request.status !== 'pending') throw new ExtensionRequestDecidedError(request.status, action);
    this.requireStatus(OPEN_STATUSES, `${action} an extension of`, this.props.status);
    return request;
  }

  private pendingExtension(): ExtensionRequest | undefined {
    return this.extensionList.find((request) => request.status === 'pending');
  }

  /** A request made for a task that closes or changes hands can no longer be decided. */
  private withdrawPending(): { withdrawnExtensionRequestId?: string } {
    const pending = this.pendingExtension();
    if (!pending) return {};
    pending.status = 'withdrawn';
    return { withdrawnExtensionRequestId: pending.id };
  }

  private decideLastReport(actor: Actor, decision: 'accepted' | 'returned', reason: string | null, now: Date): TaskReport {
    const report = this.reportList.at(-1)!;
    Object.assign(report, { decision, decisionReason: reason, decidedBy: actor.userId, decidedAt: now });
    return report;
  }

  /** The executor, or the official acting for them at `now` (И.о.): returns whom the act is for (null: in person). */
  private requireExecutor(actor: Actor, action: string, now: Date): string | null {
    const as = asOrActingFor(actor, this.props.executorId, now);
    if (!as) throw new NotTheExecutorError(action);
    return as.actingFor;
  }

  private requireController(actor: Actor, action: string): void {
    if (!hasRole(actor, 'controller')) throw new ControllerRequiredError(action);
  }

  private requireStatus(allowed: readonly TaskStatus[], action: string, to: TaskStatus): void {
    if (!allowed.includes(this.props.status)) throw new TaskTransitionError(this.props.status, action, to);
  }
}
