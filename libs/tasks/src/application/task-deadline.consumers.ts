import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type JournalEvent, SYSTEM_ACTOR } from '@kelisim/kernel';
import { Notifier } from '@kelisim/notifications';
import { Consumes, type EventConsumer } from '@kelisim/persistence';
import { TaskEvents } from '../domain/task.events.js';
import { TaskRepository } from '../domain/task.repository.js';
import { RecordTaskOverdueCommand } from './record-overdue/record-task-overdue.command.js';

/** DeadlinePassed of a task's deadline becomes TaskBecameOverdue on the task, once per deadline. */
@Injectable()
@Consumes({ name: 'tasks.overdue', events: ['DeadlinePassed'] })
export class TaskOverdueConsumer implements EventConsumer {
  constructor(private readonly commands: CommandBus) {}

  async handle(event: JournalEvent): Promise<void> {
    const payload = event.payload as { subjectType: string; subjectId: string; dueAt: string };
    if (payload.subjectType !== 'task') return;
    await this.commands.execute(new RecordTaskOverdueCommand(SYSTEM_ACTOR, payload.subjectId, new Date(payload.dueAt)));
  }
}

/** Tells executors (and whoever acts for them now) what happened to their tasks: assigned, returned, extension decided. */
@Injectable()
@Consumes({
  name: 'tasks.notifications',
  events: [TaskEvents.Assigned, TaskEvents.Reassigned, TaskEvents.ReportReturned, TaskEvents.ExtensionApproved, TaskEvents.ExtensionRejected],
})
export class TaskNotificationsConsumer implements EventConsumer {
  constructor(
    private readonly notifier: Notifier,
    private readonly tasks: TaskRepository,
  ) {}

  async handle(event: JournalEvent): Promise<void> {
    const task = await this.tasks.get(event.streamId);
    if (!task) return;
    const s = task.state;
    const p = event.payload as { executorId?: string; coExecutorIds?: string[]; reason?: string | null; dueAt?: string };
    const subject = { type: 'task', id: task.id };
    // Each recipient once, and whoever acts for them now (unless told in their own right).
    const send = (recipientIds: string[], type: Parameters<Notifier['notify']>[0]['type'], extra: object = {}) =>
      this.notifier.notifyActionRequired(
        recipientIds.map((recipientId) => ({
          recipientId,
          type,
          subject,
          params: { title: s.title, dueAt: p.dueAt ? new Date(p.dueAt) : s.dueAt, ...extra },
          dedupeKey: `event:${event.position}:${recipientId}`,
        })),
      );
    switch (event.type) {
      case TaskEvents.Assigned:
      case TaskEvents.Reassigned:
        await send([p.executorId ?? s.executorId, ...(p.coExecutorIds ?? [])], 'task.assigned');
        break;
      case TaskEvents.ReportReturned:
        await send([s.executorId], 'task.returned', { reason: p.reason ?? '' });
        break;
      case TaskEvents.ExtensionApproved:
        await send([s.executorId], 'task.extension_decided', { decision: 'approved' });
        break;
      case TaskEvents.ExtensionRejected:
        await send([s.executorId], 'task.extension_decided', { decision: 'rejected' });
        break;
    }
  }
}
