import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { TaskIssueRepository } from '../../domain/task.repository.js';
import { TaskInstances } from '../issue-task/task-instances.js';
import { IssueTaskBatchCommand } from './issue-task-batch.command.js';

/**
 * One batch of a large issue, in one transaction: lock the issue, issue the instances from its
 * cursor (at the moment it was accepted: that is when they were issued), move the cursor. A batch
 * already done (the event delivered again) finds the cursor moved and does nothing.
 */
@CommandHandler(IssueTaskBatchCommand)
export class IssueTaskBatchHandler implements ICommandHandler<IssueTaskBatchCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly issues: TaskIssueRepository,
    private readonly instances: TaskInstances,
    private readonly clock: Clock,
  ) {}

  execute({ actor, issueId, from }: IssueTaskBatchCommand): Promise<boolean> {
    return this.uow.run(actor, async () => {
      const issue = await this.issues.getForUpdate(issueId);
      const batch = issue?.nextBatch(from);
      if (!issue || !batch) return false;
      const items = await this.instances.issue(issue.state.plan, batch.from, batch.to, issue.state.acceptedAt);
      issue.batchIssued(batch, items.length, this.clock.now());
      await this.issues.save(issue);
      return true;
    });
  }
}
