import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { MarkNotificationReadCommand } from './mark-notification-read.command.js';

/** The inbox is the user's own working state, not a case fact: reading it is not journaled. */
@CommandHandler(MarkNotificationReadCommand)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationReadCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ actor, notificationId }: MarkNotificationReadCommand): Promise<{ id: string; readAt: string }> {
    return this.uow.run(actor, async () => {
      const rows = (await this.uow.query(
        `UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 RETURNING read_at`,
        [notificationId, actor.userId, this.clock.now()],
      )) as { read_at: Date }[];
      // Someone else's notification is as unknown to the caller as a missing one.
      if (!rows.length) throw new NotFoundError('notification', notificationId);
      return { id: notificationId, readAt: new Date(rows[0].read_at).toISOString() };
    });
  }
}
