import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { UnitOfWork } from '@kelisim/persistence';
import { IssueCalendarFeedCommand } from './issue-calendar-feed.command.js';

@CommandHandler(IssueCalendarFeedCommand)
export class IssueCalendarFeedHandler implements ICommandHandler<IssueCalendarFeedCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  execute({ actor, rotate }: IssueCalendarFeedCommand): Promise<{ url: string }> {
    return this.uow.run(actor, async () => {
      const fresh = randomBytes(24).toString('base64url');
      const [row] = (await this.uow.manager.query(
        `INSERT INTO calendar_feeds (user_id, token) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token = CASE WHEN $3 THEN EXCLUDED.token ELSE calendar_feeds.token END,
                                             created_at = CASE WHEN $3 THEN now() ELSE calendar_feeds.created_at END
         RETURNING token`,
        [actor.userId, fresh, rotate],
      )) as { token: string }[];
      return { url: `${this.config.publicUrl}/api/v1/calendar-feeds/${row.token}.ics` };
    });
  }
}
