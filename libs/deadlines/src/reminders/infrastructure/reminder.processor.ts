import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, SYSTEM_ACTOR } from '@kelisim/kernel';
import { counter, histogram } from '@kelisim/config';
import { type NotificationType, Notifier } from '@kelisim/notifications';
import { UnitOfWork } from '@kelisim/persistence';
import { WorkingCalendarProvider } from '../../calendar/application/working-calendar.provider.js';
import { DeadlineRepository } from '../domain/deadline.repository.js';
import { DAILY_KEY, type DeadlineKind, nextDaily } from '../domain/reminder-plan.js';
import { ReminderEnqueuer } from './reminder-enqueuer.js';
import { REMINDERS_QUEUE } from './reminder-queue.js';

/** A job that wakes this much before its reminder's time sleeps again rather than act early. */
const EARLY_TOLERANCE_MS = 50;

interface ReminderRow {
  id: string;
  deadline_id: string;
  deadline_revision: number;
  offset_key: string;
  recipient_id: string;
  overdue: boolean;
  fire_at: Date;
  state: string;
}

const MESSAGE: Record<DeadlineKind, { before: NotificationType; after: NotificationType }> = {
  task: { before: 'task.reminder', after: 'task.overdue' },
  memorandum_stage: { before: 'memorandum.action_required', after: 'memorandum.stage_overdue' },
};

type Outcome = { fired: true } | { fired: false; reason: 'gone' | 'stale' } | { sleepUntil: Date };

/**
 * Fires one reminder: at most once, because the row is locked and moved from `pending` to `fired`
 * in the same transaction that puts the notification in the inbox (whose dedupe key is the
 * reminder); at least once, because until then the row stays pending for the reconciler. A job
 * for a deadline that moved or closed finds a newer revision and cancels its row instead.
 */
@Processor(REMINDERS_QUEUE, { concurrency: 50 })
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger(ReminderProcessor.name);
  private readonly fired = counter('kelisim_reminders_fired_total', 'Reminders fired', ['type']);
  private readonly lateness = histogram('kelisim_reminder_lateness_seconds', 'How late reminders fire', [], [0.01, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 300]);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly deadlines: DeadlineRepository,
    private readonly notifier: Notifier,
    private readonly calendars: WorkingCalendarProvider,
    private readonly directory: DirectoryQueries,
    private readonly enqueuer: ReminderEnqueuer,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job<{ reminderId: string }>, token?: string): Promise<Outcome> {
    const outcome = await this.fire(job.data.reminderId);
    if ('sleepUntil' in outcome) {
      await job.moveToDelayed(outcome.sleepUntil.getTime(), token);
      throw new DelayedError();
    }
    return outcome;
  }

  async fire(reminderId: string): Promise<Outcome> {
    return (await this.fireBeforeTheDeadline(reminderId)) ?? this.fireCarefully(reminderId);
  }

  /**
   * The common case without a transaction: a reminder before the deadline, due now, of the
   * deadline's current revision, is read, its message rendered, and then claimed and put in the
   * inbox by one atomic statement whose UPDATE re-checks all of that (a second job, or a deadline
   * moved meanwhile, finds nothing to claim). Anything else (overdue, early, stale, gone, a lost
   * claim) takes the careful path.
   */
  private async fireBeforeTheDeadline(reminderId: string): Promise<Outcome | null> {
    const now = this.clock.now();
    const [r] = (await this.uow.manager.query(
      `SELECT r.id, r.recipient_id, r.fire_at, r.deadline_id, d.subject_type, d.subject_id, d.title, d.due_at
         FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
        WHERE r.id = $1 AND r.state = 'pending' AND NOT r.overdue AND r.fire_at <= $2 AND d.state = 'open' AND d.revision = r.deadline_revision`,
      [reminderId, new Date(now.getTime() + EARLY_TOLERANCE_MS)],
    )) as { id: string; recipient_id: string; fire_at: Date; deadline_id: string; subject_type: DeadlineKind; subject_id: string; title: string; due_at: Date }[];
    if (!r) return null;
    const type = MESSAGE[r.subject_type].before;
    const { claimed } = await this.notifier.notifyIf(
      {
        sql: `UPDATE reminders SET state = 'fired', fired_at = $2
               WHERE id = $1 AND state = 'pending'
                 AND deadline_revision = (SELECT revision FROM deadlines WHERE id = $3 AND state = 'open')`,
        params: [r.id, now, r.deadline_id],
      },
      {
        recipientId: r.recipient_id,
        type,
        subject: { type: r.subject_type === 'task' ? 'task' : 'memorandum', id: r.subject_id },
        params: { title: r.title, dueAt: new Date(r.due_at) },
        dedupeKey: `reminder:${r.id}`,
      },
    );
    if (!claimed) return null;
    this.fired.inc({ type });
    this.lateness.observe(Math.max(0, now.getTime() - new Date(r.fire_at).getTime()) / 1000);
    return { fired: true };
  }

  private async fireCarefully(reminderId: string): Promise<Outcome> {
    return this.uow.run(SYSTEM_ACTOR, async () => {
      const manager = this.uow.manager;
      const [ref] = (await manager.query('SELECT deadline_id FROM reminders WHERE id = $1', [reminderId])) as { deadline_id: string }[];
      if (!ref) return { fired: false, reason: 'gone' };
      // Deadline first, then reminder: the same order as a command that moves the deadline.
      const deadline = await this.deadlines.getForUpdate(ref.deadline_id);
      const [reminder] = (await manager.query('SELECT * FROM reminders WHERE id = $1 FOR UPDATE', [reminderId])) as ReminderRow[];
      if (!deadline || !reminder || reminder.state !== 'pending') return { fired: false, reason: 'gone' };
      const now = this.clock.now();
      const fireAt = new Date(reminder.fire_at);
      if (fireAt.getTime() - now.getTime() > EARLY_TOLERANCE_MS) return { sleepUntil: fireAt };

      const d = deadline.state;
      if (d.state === 'closed' || d.revision !== reminder.deadline_revision) {
        await manager.query(`UPDATE reminders SET state = 'cancelled' WHERE id = $1`, [reminder.id]);
        return { fired: false, reason: 'stale' };
      }
      const type = MESSAGE[d.subjectType][reminder.overdue ? 'after' : 'before'];
      await this.notifier.notify({
        recipientId: reminder.recipient_id,
        type,
        subject: { type: d.subjectType === 'task' ? 'task' : 'memorandum', id: d.subjectId },
        params: { title: d.title, dueAt: d.dueAt },
        dedupeKey: `reminder:${reminder.id}`,
      });
      await manager.query(`UPDATE reminders SET state = 'fired', fired_at = $2 WHERE id = $1`, [reminder.id, now]);
      if (reminder.overdue) deadline.markPassed(reminder.deadline_revision);
      const daily = /^daily:(\d+)$/.exec(reminder.offset_key);
      if (daily) {
        const recipient = (await this.directory.recipients([reminder.recipient_id])).get(reminder.recipient_id);
        if (recipient?.active) {
          const next = nextDaily(Number(daily[1]) + 1, d.dueAt, { id: recipient.id, timeZone: recipient.timeZone }, await this.calendars.current());
          deadline.extendPlan([{ ...next, offsetKey: DAILY_KEY(Number(daily[1]) + 1) }]);
          this.uow.afterCommit(() => void this.enqueuer.flush().catch(() => undefined));
        }
      }
      await this.deadlines.save(deadline);
      this.fired.inc({ type });
      this.lateness.observe(Math.max(0, now.getTime() - fireAt.getTime()) / 1000);
      return { fired: true };
    });
  }
}
