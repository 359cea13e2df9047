import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parseReminderPolicy, reminderCeiling } from '@kelisim/deadlines';
import { Clock, hasRole, newId, ValidationError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { gridSize, instanceCount, type IssuePlan, occurrenceDeadlines } from '../../domain/issue-plan.js';
import { parseRecurrenceRule, RECURRENCE_LIMITS, recurrenceDeadlines, TooManyInstancesError } from '../../domain/recurrence.js';
import { Task } from '../../domain/task.js';
import { NotAControllerError, UnknownUserError } from '../../domain/task.errors.js';
import { TaskIssue } from '../../domain/task-issue.js';
import { type TaskParticipant, TaskParticipants, TaskIssueRepository } from '../../domain/task.repository.js';
import { TASK_LIMITS } from '../../domain/task.types.js';
import { DueDates } from '../../domain/due-dates.js';
import { TaskIssuers } from '../task-issuers.js';
import { type TaskDetailView, type TaskGroupView, taskIssueView, type TaskIssueView, type TaskRecurrenceView } from '../task.views.js';
import { type IssueTaskData, IssueTaskCommand } from './issue-task.command.js';
import { ReminderBudget } from './reminder-budget.js';
import { TaskInstances } from './task-instances.js';

/**
 * Issues a task to one executor, or one instance to each of many executors (and each occurrence
 * of a recurrence), in one transaction — when their reminders fit the 20,000 one command may plan.
 * A larger issue is accepted instead (202): its plan is kept and its tasks are issued in batches
 * by the worker (IssueTaskBatchHandler), each batch within that bound.
 */
@CommandHandler(IssueTaskCommand)
export class IssueTaskHandler implements ICommandHandler<IssueTaskCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly participants: TaskParticipants,
    private readonly dueDates: DueDates,
    private readonly clock: Clock,
    private readonly issuers: TaskIssuers,
    private readonly instances: TaskInstances,
    private readonly issues: TaskIssueRepository,
  ) {}

  execute({ actor, data, options }: IssueTaskCommand): Promise<TaskDetailView | TaskGroupView | TaskRecurrenceView | TaskIssueView> {
    const executors = executorsOf(data);
    assertDeadlineGiven(data);
    const policy = data.reminderPolicy ? parseReminderPolicy(data.reminderPolicy) : null;
    return this.uow.run(actor, async () => {
      await this.issuers.assertMayIssue(actor, data.source, options.origin);
      const controllerId = data.controllerId ?? (hasRole(actor, 'controller') ? actor.userId : null);
      if (!controllerId) throw new ValidationError('controllerId', 'controllerId is required when the author is not a controller');
      const coExecutorIds = data.coExecutorIds ?? [];
      const people = await this.participants.find([controllerId, ...executors.ids, ...coExecutorIds]);
      const controller = people.get(controllerId);
      if (!controller) throw new UnknownUserError('controllerId', controllerId);
      if (!controller.roles.includes('controller')) throw new NotAControllerError();
      const executorList = executors.ids.map((id, i) => {
        const executor = people.get(id);
        if (!executor) throw new UnknownUserError(executors.field(i), id);
        return executor;
      });
      coExecutorIds.forEach((id, i) => {
        if (!people.has(id)) throw new UnknownUserError(`coExecutorIds[${i}]`, id);
      });

      const now = this.clock.now();
      const plan = await this.plan(actor.userId!, data, controllerId, executorList, executors.many, now);
      const count = instanceCount(plan);
      if (data.recurrence && count > RECURRENCE_LIMITS.instances) throw new TooManyInstancesError(count);
      const perTask = reminderCeiling(policy, { executor: 1, co_executors: coExecutorIds.length, controller: 1, executor_head: 1 });
      if ((options.budget ?? new ReminderBudget()).take(count * perTask)) {
        const items = await this.instances.issue(plan, 0, gridSize(plan), now);
        if (plan.recurrenceId) return { recurrenceId: plan.recurrenceId, occurrences: occurrenceDeadlines(plan), items };
        return executors.many ? { groupId: plan.occurrences[0].groupId!, items } : items[0];
      }
      // Too many reminders for one command: refused now if any task would be, else issued in batches.
      Task.assertIssuable({ ...plan.task, dueAt: new Date(Math.min(...plan.occurrences.flatMap((o) => Object.values(o.dueAt).map(Date.parse)))) }, now);
      const perBatch = Math.min(TASK_LIMITS.tasksPerBatch, Math.floor(TASK_LIMITS.remindersPerCommand / perTask));
      const issue = TaskIssue.accept(newId(), { authorId: actor.userId!, plan, instances: count, perBatch, reminderCeiling: count * perTask }, now);
      await this.issues.save(issue);
      return taskIssueView(issue);
    });
  }

  /**
   * The grid of instances: one occurrence (a one-off issue, its deadline in each executor zone) or
   * one per occurrence of the rule, each occurrence's deadline computed in each executor's zone;
   * with many executors each occurrence's instances form a group, as a one-off issue to them would.
   */
  private async plan(
    authorId: string,
    data: IssueTaskData,
    controllerId: string,
    executorList: TaskParticipant[],
    many: boolean,
    now: Date,
  ): Promise<IssuePlan> {
    const zones = [...new Set(executorList.map((executor) => executor.timezone))];
    const deadlines = new Map<string, Date[]>();
    for (const zone of zones) {
      if (data.recurrence) deadlines.set(zone, recurrenceDeadlines(data.recurrence, zone, now));
      else deadlines.set(zone, [data.dueAt ?? (await this.dueDates.inWorkingDays(now, data.dueInWorkingDays!, zone))]);
    }
    const occurrences = Math.max(...[...deadlines.values()].map((dates) => dates.length));
    return {
      task: {
        title: data.title,
        description: data.description ?? null,
        source: data.source ?? null,
        authorId,
        controllerId,
        coExecutorIds: data.coExecutorIds ?? [],
        ...(data.priority ? { priority: data.priority } : {}),
        reminderPolicy: data.reminderPolicy ?? null,
      },
      executors: executorList.map((e) => ({ id: e.id, organizationId: e.organizationId, timezone: e.timezone })),
      occurrences: Array.from({ length: occurrences }, (_, n) => ({
        groupId: many ? newId() : null,
        dueAt: Object.fromEntries(zones.flatMap((zone) => (deadlines.get(zone)![n] ? [[zone, deadlines.get(zone)![n].toISOString()]] : []))),
      })),
      recurrenceId: data.recurrence ? newId() : null,
    };
  }
}

function executorsOf(data: IssueTaskData): { ids: string[]; many: boolean; field: (i: number) => string } {
  if (data.executorId !== undefined && data.executorIds !== undefined) {
    throw new ValidationError('executorIds', 'give either executorId or executorIds, not both');
  }
  if (data.executorIds !== undefined) {
    if (data.executorIds.length < 1 || data.executorIds.length > TASK_LIMITS.executors) {
      throw new ValidationError('executorIds', `executorIds must name 1 to ${TASK_LIMITS.executors} executors`);
    }
    if (new Set(data.executorIds).size !== data.executorIds.length) throw new ValidationError('executorIds', 'executorIds must not repeat a user');
    return { ids: data.executorIds, many: true, field: (i) => `executorIds[${i}]` };
  }
  if (data.executorId === undefined) throw new ValidationError('executorId', 'executorId or executorIds is required');
  return { ids: [data.executorId], many: false, field: () => 'executorId' };
}

function assertDeadlineGiven(data: IssueTaskData): void {
  if (data.recurrence !== undefined) {
    if (data.dueAt !== undefined || data.dueInWorkingDays !== undefined) {
      throw new ValidationError('recurrence', 'give either recurrence or dueAt/dueInWorkingDays, not both');
    }
    parseRecurrenceRule(data.recurrence.rrule);
    return;
  }
  if (data.dueAt !== undefined && data.dueInWorkingDays !== undefined) {
    throw new ValidationError('dueInWorkingDays', 'give either dueAt or dueInWorkingDays, not both');
  }
  if (data.dueAt === undefined && data.dueInWorkingDays === undefined) throw new ValidationError('dueAt', 'dueAt or dueInWorkingDays is required');
  const days = data.dueInWorkingDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > TASK_LIMITS.dueInWorkingDays)) {
    throw new ValidationError('dueInWorkingDays', `dueInWorkingDays must be a whole number from 1 to ${TASK_LIMITS.dueInWorkingDays}`);
  }
}
