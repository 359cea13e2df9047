import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskIssuers } from '../task-issuers.js';
import { Clock, hasRole, newId, ValidationError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { parseRecurrenceRule, RECURRENCE_LIMITS, recurrenceDeadlines, TooManyInstancesError } from '../../domain/recurrence.js';
import { Task } from '../../domain/task.js';
import { NotAControllerError, UnknownUserError } from '../../domain/task.errors.js';
import { type TaskParticipant, TaskParticipants, TaskRepository } from '../../domain/task.repository.js';
import { TASK_LIMITS } from '../../domain/task.types.js';
import { DueDates } from '../../domain/due-dates.js';
import { taskDetailView, type TaskDetailView, type TaskGroupView, type TaskRecurrenceView } from '../task.views.js';
import { type IssueTaskData, IssueTaskCommand } from './issue-task.command.js';

/** Issues a task to one executor, or one instance to each of many executors, in one transaction. */
@CommandHandler(IssueTaskCommand)
export class IssueTaskHandler implements ICommandHandler<IssueTaskCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskRepository,
    private readonly participants: TaskParticipants,
    private readonly dueDates: DueDates,
    private readonly clock: Clock,
    private readonly issuers: TaskIssuers,
  ) {}

  execute({ actor, data, options }: IssueTaskCommand): Promise<TaskDetailView | TaskGroupView | TaskRecurrenceView> {
    const executors = executorsOf(data);
    assertDeadlineGiven(data);
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
      if (data.recurrence) return this.issueRecurring(actor.userId!, data, controllerId, coExecutorIds, executorList, executors.many, now);
      const groupId = executors.many ? newId() : null;
      const deadlines = new Map<string, Date>();
      const dueFor = async (executor: TaskParticipant): Promise<Date> => {
        if (data.dueAt) return data.dueAt;
        const zone = executor.timezone;
        if (!deadlines.has(zone)) deadlines.set(zone, await this.dueDates.inWorkingDays(now, data.dueInWorkingDays!, zone));
        return deadlines.get(zone)!;
      };
      const items: TaskDetailView[] = [];
      for (const executor of executorList) {
        const task = Task.issue(
          newId(),
          {
            title: data.title,
            description: data.description ?? null,
            source: data.source ?? null,
            authorId: actor.userId!,
            controllerId,
            executorId: executor.id,
            executorOrganizationId: executor.organizationId,
            coExecutorIds,
            dueAt: await dueFor(executor),
            priority: data.priority,
            reminderPolicy: data.reminderPolicy ?? null,
            groupId,
          },
          now,
        );
        await this.tasks.save(task);
        items.push(taskDetailView(task, now));
      }
      return groupId ? { groupId, items } : items[0];
    });
  }

  /**
   * One instance per occurrence and executor, each occurrence's deadline computed in that
   * executor's zone; all share a recurrence id, and with many executors each occurrence's
   * instances form a group, as a one-off issue to them would.
   */
  private async issueRecurring(
    authorId: string,
    data: IssueTaskData,
    controllerId: string,
    coExecutorIds: string[],
    executorList: TaskParticipant[],
    many: boolean,
    now: Date,
  ): Promise<TaskRecurrenceView> {
    const recurrence = data.recurrence!;
    const byZone = new Map<string, Date[]>();
    const deadlinesOf = (zone: string): Date[] => {
      if (!byZone.has(zone)) byZone.set(zone, recurrenceDeadlines(recurrence, zone, now));
      return byZone.get(zone)!;
    };
    const count = Math.max(...executorList.map((executor) => deadlinesOf(executor.timezone).length));
    if (count * executorList.length > RECURRENCE_LIMITS.instances) throw new TooManyInstancesError(count * executorList.length);
    const recurrenceId = newId();
    const occurrences: TaskRecurrenceView['occurrences'] = [];
    const items: TaskDetailView[] = [];
    for (let n = 0; n < count; n++) {
      const groupId = many ? newId() : null;
      const first = executorList.map((executor) => deadlinesOf(executor.timezone)[n]).find(Boolean)!;
      occurrences.push({ dueAt: first.toISOString(), groupId });
      for (const executor of executorList) {
        const dueAt = deadlinesOf(executor.timezone)[n];
        if (!dueAt) continue;
        const task = Task.issue(
          newId(),
          {
            title: data.title,
            description: data.description ?? null,
            source: data.source ?? null,
            authorId,
            controllerId,
            executorId: executor.id,
            executorOrganizationId: executor.organizationId,
            coExecutorIds,
            dueAt,
            priority: data.priority,
            reminderPolicy: data.reminderPolicy ?? null,
            groupId,
            recurrenceId,
          },
          now,
        );
        await this.tasks.save(task);
        items.push(taskDetailView(task, now));
      }
    }
    return { recurrenceId, occurrences, items };
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
