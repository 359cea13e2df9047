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
import { DAILY_KEY, type DeadlineKind, nextDaily, withSubstitutes } from '../domain/reminder-plan.js';
import { ReminderEnqueuer } from './reminder-enqueuer.js';
import { REMINDERS_QUEUE } from './reminder-queue.js';

/** A job that wakes this much before its reminder's time sleeps again rather than act early. */
const EARLY_TOLERANCE_MS = 50;
/** Jobs gathered into one firing: at most this many, waiting at most this long. */
const BATCH_MAX = 200;
const BATCH_WINDOW_MS = 5;

interface ReminderRow {
  id: string;
  deadline_id: string;
  deadline_revision: number;
  offset_key: string;
  recipient_id: string;
  overdue: boolean;
  fire_at: Date;
  state: string;
  acting_for: string | null;
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
@Processor(REMINDERS_QUEUE, { concurrency: 200 })
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger(ReminderProcessor.name);
  private waiting: { reminderId: string; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void }[] = [];
  private batchTimer: NodeJS.Timeout | null = null;
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
    const outcome = await this.fireInBatch(job.data.reminderId);
    if ('sleepUntil' in outcome) {
      await job.moveToDelayed(outcome.sleepUntil.getTime(), token);
      throw new DelayedError();
    }
    return outcome;
  }

  /**
   * Jobs that arrive within a few milliseconds of each other fire together: one statement claims
   * every reminder of the batch that is plainly due and puts its notification in the inbox, so
   * PostgreSQL commits once for the lot rather than once a reminder (its commit rate was the
   * ceiling). What the batch does not claim takes the single path.
   */
  private fireInBatch(reminderId: string): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ reminderId, resolve, reject });
      if (this.waiting.length >= BATCH_MAX) void this.fireWaiting();
      else this.batchTimer ??= setTimeout(() => void this.fireWaiting(), BATCH_WINDOW_MS);
    });
  }

  private async fireWaiting(): Promise<void> {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const batch = this.waiting.splice(0);
    if (batch.length === 0) return;
    let claimed: Set<string>;
    try {
      claimed = await this.fireManyBeforeTheDeadline(batch.map((b) => b.reminderId));
    } catch (error) {
      this.logger.warn(`Batch of ${batch.length} reminders failed, firing one by one: ${(error as Error).message}`);
      claimed = new Set();
    }
    await Promise.all(
      batch.map(async (b) => {
        try {
          b.resolve(claimed.has(b.reminderId) ? { fired: true } : await this.fire(b.reminderId));
        } catch (error) {
          b.reject(error);
        }
      }),
    );
  }

  private async fireManyBeforeTheDeadline(ids: readonly string[]): Promise<Set<string>> {
    const now = this.clock.now();
    const due = (await this.uow.manager.query(
      `SELECT r.id, r.recipient_id, r.acting_for, r.fire_at, d.subject_type, d.subject_id, d.title, d.due_at
         FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
        WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending' AND NOT r.overdue AND r.fire_at <= $2
          AND d.state = 'open' AND d.revision = r.deadline_revision`,
      [ids, new Date(now.getTime() + EARLY_TOLERANCE_MS)],
    )) as { id: string; recipient_id: string; acting_for: string | null; fire_at: Date; subject_type: DeadlineKind; subject_id: string; title: string; due_at: Date }[];
    if (due.length === 0) return new Set();
    const claimed = await this.notifier.notifyClaimed(
      {
        // Re-checked under the row locks the UPDATE takes: a second job, or a deadline moved meanwhile, finds nothing.
        sql: `UPDATE reminders r SET state = 'fired', fired_at = $1 FROM deadlines d
               WHERE r.id = ANY($2::uuid[]) AND r.state = 'pending' AND d.id = r.deadline_id AND d.state = 'open'
                 AND d.revision = r.deadline_revision
              RETURNING r.id::text AS key`,
        params: [now, due.map((r) => r.id)],
      },
      due.map((r) => ({
        key: r.id,
        input: {
          recipientId: r.recipient_id,
          type: MESSAGE[r.subject_type].before,
          subject: { type: r.subject_type === 'task' ? 'task' : 'memorandum', id: r.subject_id },
          params: { title: r.title, dueAt: new Date(r.due_at) },
          dedupeKey: `reminder:${r.id}`,
          actingFor: r.acting_for,
        },
      })),
    );
    for (const r of due) {
      if (!claimed.has(r.id)) continue;
      this.fired.inc({ type: MESSAGE[r.subject_type].before });
      this.lateness.observe(Math.max(0, now.getTime() - new Date(r.fire_at).getTime()) / 1000);
    }
    return claimed;
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
      `SELECT r.id, r.recipient_id, r.acting_for, r.fire_at, r.deadline_id, d.subject_type, d.subject_id, d.title, d.due_at
         FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
        WHERE r.id = $1 AND r.state = 'pending' AND NOT r.overdue AND r.fire_at <= $2 AND d.state = 'open' AND d.revision = r.deadline_revision`,
      [reminderId, new Date(now.getTime() + EARLY_TOLERANCE_MS)],
    )) as { id: string; recipient_id: string; acting_for: string | null; fire_at: Date; deadline_id: string; subject_type: DeadlineKind; subject_id: string; title: string; due_at: Date }[];
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
        actingFor: r.acting_for,
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
        actingFor: reminder.acting_for,
      });
      await manager.query(`UPDATE reminders SET state = 'fired', fired_at = $2 WHERE id = $1`, [reminder.id, now]);
      if (reminder.overdue) deadline.markPassed(reminder.deadline_revision);
      const daily = /^daily:(\d+)$/.exec(reminder.offset_key);
      // The principal's chain of daily notices carries the deputy's copies; a copy does not chain by itself.
      if (daily && !reminder.acting_for) {
        const recipient = (await this.directory.recipients([reminder.recipient_id])).get(reminder.recipient_id);
        if (recipient?.active) {
          const next = nextDaily(Number(daily[1]) + 1, d.dueAt, { id: recipient.id, timeZone: recipient.timeZone }, await this.calendars.current());
          const chained = [{ ...next, offsetKey: DAILY_KEY(Number(daily[1]) + 1) }];
          deadline.extendPlan(withSubstitutes(chained, await this.directory.substitutes([recipient.id], now), now));
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
