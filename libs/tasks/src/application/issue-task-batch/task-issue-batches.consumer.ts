import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type JournalEvent, SYSTEM_ACTOR } from '@kelisim/kernel';
import { Consumes, type EventConsumer } from '@kelisim/persistence';
import { TaskIssueEvents } from '../../domain/task-issue.js';
import { IssueTaskBatchCommand } from './issue-task-batch.command.js';

/**
 * Carries a large issue through, batch by batch: its acceptance starts the first batch, each batch
 * the next. Durable like every consumer: the outbox holds the next step until a batch commits, so
 * a worker that dies mid-batch leaves nothing issued and the relay delivers the step again.
 */
@Injectable()
@Consumes({ name: 'tasks.issue-batches', events: [TaskIssueEvents.Accepted, TaskIssueEvents.BatchIssued] })
export class TaskIssueBatches implements EventConsumer {
  constructor(private readonly commands: CommandBus) {}

  async handle(event: JournalEvent): Promise<void> {
    const payload = event.payload as { issueId: string; to?: number };
    const from = event.type === TaskIssueEvents.Accepted ? 0 : payload.to!;
    // As the issue's author: the journal names them on every task, as it would have inline.
    await this.commands.execute(new IssueTaskBatchCommand({ ...SYSTEM_ACTOR, userId: event.actorId }, payload.issueId, from));
  }
}
