import { randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '@kelisim/config';
import { UnitOfWork } from '@kelisim/persistence';
import { feedTokenHash } from './calendar-feed.js';
import { type CalendarFeedView, IssueCalendarFeedCommand } from './issue-calendar-feed.command.js';

@CommandHandler(IssueCalendarFeedCommand)
export class IssueCalendarFeedHandler implements ICommandHandler<IssueCalendarFeedCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The URL is shown when the feed is made (the first call, or a rotation) and never again: only its
   * hash is kept. Later calls say when it was made; a lost URL is replaced by rotating.
   */
  execute({ actor, rotate }: IssueCalendarFeedCommand): Promise<CalendarFeedView> {
    return this.uow.run(actor, async () => {
      const fresh = randomBytes(24).toString('base64url');
      const [row] = (await this.uow.query(
        `INSERT INTO calendar_feeds AS f (user_id, token_hash) VALUES ($1, $2)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = CASE WHEN $3 THEN EXCLUDED.token_hash ELSE f.token_hash END,
                                             created_at = CASE WHEN $3 THEN now() ELSE f.created_at END
         RETURNING token_hash = $2 AS fresh, created_at`,
        [actor.userId, feedTokenHash(fresh), rotate],
      )) as { fresh: boolean; created_at: Date }[];
      return { url: row.fresh ? `${this.config.publicUrl}/api/v1/calendar-feeds/${fresh}.ics` : null, createdAt: new Date(row.created_at).toISOString() };
    });
  }
}
