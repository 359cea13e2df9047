import { Injectable, Logger } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, type JournalEvent } from '@kelisim/kernel';
import { Consumes, type EventConsumer, UnitOfWork } from '@kelisim/persistence';
import { WorkingCalendarProvider } from '../../calendar/application/working-calendar.provider.js';
import { planReminders, type DeadlineAudience, nextDaily } from '../domain/reminder-plan.js';
import type { ReminderPolicyItem } from '../domain/reminder-policy.js';
import { ReminderEnqueuer } from './reminder-enqueuer.js';

interface OpenDeadline {
  id: string;
  due_at: Date;
  revision: number;
  policy: ReminderPolicyItem[] | null;
  audience: DeadlineAudience;
}

interface PendingReminder {
  id: string;
  offset_key: string;
  recipient_id: string;
  /** Set on a deputy's copy: the principal whose reminder it copies. */
  acting_for: string | null;
  fire_at: Date;
  enqueued: boolean;
}

/**
 * An admin changed a year of the working-day calendar: every pending reminder of an open deadline
 * is planned again with the new calendar (working-day offsets, quiet hours, daily overdue notices)
 * and, where its time moved, its job is replaced.
 */
@Injectable()
@Consumes({ name: 'deadlines.calendar-change', events: ['CalendarYearChanged'] })
export class CalendarChangeConsumer implements EventConsumer {
  private readonly logger = new Logger(CalendarChangeConsumer.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly calendars: WorkingCalendarProvider,
    private readonly directory: DirectoryQueries,
    private readonly enqueuer: ReminderEnqueuer,
    private readonly clock: Clock,
  ) {}

  async handle(_event: JournalEvent): Promise<void> {
    this.calendars.invalidate();
    const calendar = await this.calendars.current();
    const deadlines = (await this.uow.query(
      `SELECT d.id, d.due_at, d.revision, d.policy, d.audience FROM deadlines d
        WHERE d.state = 'open' AND EXISTS (SELECT 1 FROM reminders r WHERE r.deadline_id = d.id AND r.state = 'pending')`,
    )) as OpenDeadline[];
    const moved: string[] = [];
    for (const deadline of deadlines) {
      const people = await this.directory.recipients(Object.values(deadline.audience).flat());
      const recipients = new Map([...people.values()].map((p) => [p.id, { id: p.id, timeZone: p.timeZone }]));
      const dueAt = new Date(deadline.due_at);
      const plan = planReminders({ dueAt, policy: deadline.policy, audience: deadline.audience, recipients, now: new Date(0), calendar });
      const planned = new Map(plan.map((p) => [`${p.offsetKey}|${p.recipientId}`, p.fireAt]));
      const pending = (await this.uow.query(
        `SELECT id, offset_key, recipient_id, acting_for, fire_at, enqueued FROM reminders WHERE deadline_id = $1 AND deadline_revision = $2 AND state = 'pending' FOR UPDATE`,
        [deadline.id, deadline.revision],
      )) as PendingReminder[];
      for (const reminder of pending) {
        // A deputy's copy keeps its principal's time: it is planned as the principal's reminder.
        const whose = reminder.acting_for ?? reminder.recipient_id;
        const daily = /^daily:(\d+)$/.exec(reminder.offset_key);
        const recipient = recipients.get(whose);
        const fireAt = daily && recipient ? nextDaily(Number(daily[1]), dueAt, recipient, calendar).fireAt : planned.get(`${reminder.offset_key}|${whose}`);
        if (!fireAt || fireAt.getTime() === new Date(reminder.fire_at).getTime()) continue;
        await this.uow.query('UPDATE reminders SET fire_at = $2, enqueued = false WHERE id = $1', [reminder.id, fireAt]);
        if (reminder.enqueued) moved.push(reminder.id);
      }
    }
    this.logger.log(`Calendar changed: ${moved.length} pending reminders moved (at ${this.clock.now().toISOString()})`);
    // The old jobs go first, so the flush adds the new ones under the same ids.
    this.uow.afterCommit(() => void this.enqueuer.remove(moved).then(() => this.enqueuer.flush()).catch(() => undefined));
  }
}
