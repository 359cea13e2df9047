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
/** Jobs gathered into one claim: at most this many (the worker's concurrency). */
const BATCH_MAX = 200;
/** Claims running at once; jobs that arrive while this many run wait for one to end, and go together. */
const CLAIMS_AT_ONCE = 2;

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
  /** How long until its time by the database's clock (negative once due). */
  wait_ms: number;
}

const MESSAGE: Record<DeadlineKind, { before: NotificationType; after: NotificationType }> = {
  task: { before: 'task.reminder', after: 'task.overdue' },
  memorandum_stage: { before: 'memorandum.action_required', after: 'memorandum.stage_overdue' },
};

type Outcome = { fired: true } | { fired: false; reason: 'gone' | 'stale' } | { sleepMs: number };

/**
 * Fires one reminder: at most once, because the row is locked and moved from `pending` to `fired`
 * in the same transaction that puts the notification in the inbox (whose dedupe key is the
 * reminder); at least once, because until then the row stays pending for the reconciler. A job
 * for a deadline that moved or closed finds a newer revision and cancels its row instead.
 *
 * Whether a reminder is due is PostgreSQL's call (`clock_timestamp()`), never this worker's clock: workers whose
 * clocks disagree still fire each reminder once and none early. A job that wakes early (its worker's
 * clock runs ahead, or BullMQ's timer is early) sleeps again for as long as the database says is left.
 */
@Processor(REMINDERS_QUEUE, { concurrency: 200 })
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger(ReminderProcessor.name);
  private waiting: { reminderId: string; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void }[] = [];
  private claiming = 0;
  private claimScheduled = false;
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
    if ('sleepMs' in outcome) {
      // BullMQ keeps delayed jobs on its own clock (Date.now() of the worker that promotes them): the wait the database measured, from now on that clock.
      await job.moveToDelayed(Date.now() + outcome.sleepMs, token);
      throw new DelayedError();
    }
    return outcome;
  }

  /** One reminder, by the same two steps as a batch of one. */
  async fire(reminderId: string): Promise<Outcome> {
    const [outcome] = await this.fireAll([reminderId]);
    if (outcome.status === 'rejected') throw outcome.reason;
    return outcome.value;
  }

  /**
   * Jobs fire together: one statement claims every reminder of a batch that is plainly due and puts
   * its notification in the inbox, so PostgreSQL commits once for the lot rather than once a
   * reminder (its commit rate was the ceiling). A job that finds fewer than CLAIMS_AT_ONCE claims
   * running starts one at once (with the jobs of the same turn of the event loop); otherwise it
   * waits for one to end and goes with every job that came meanwhile. No fixed window: a lone job
   * waits for nothing, and a burst makes its own batches.
   */
  private fireInBatch(reminderId: string): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ reminderId, resolve, reject });
      if (this.waiting.length >= BATCH_MAX) void this.fireWaiting();
      else if (this.claiming < CLAIMS_AT_ONCE) this.scheduleClaim();
    });
  }

  private scheduleClaim(): void {
    if (this.claimScheduled) return;
    this.claimScheduled = true;
    setImmediate(() => {
      this.claimScheduled = false;
      void this.fireWaiting();
    });
  }

  /** One claim of what is waiting; its careful cases go their own way once the claim is done. */
  private async fireWaiting(): Promise<void> {
    const batch = this.waiting.splice(0, BATCH_MAX);
    if (batch.length === 0) return;
    const ids = batch.map((b) => b.reminderId);
    this.claiming++;
    let claimed: Set<string>;
    try {
      claimed = await this.claimOrNone(ids);
    } finally {
      this.claiming--;
      if (this.waiting.length > 0) this.scheduleClaim();
    }
    const outcomes = await this.settle(ids, claimed);
    batch.forEach((b, i) => {
      const outcome = outcomes[i];
      if (outcome.status === 'fulfilled') b.resolve(outcome.value);
      else b.reject(outcome.reason);
    });
  }

  /**
   * The one way reminders fire: every reminder before its deadline that is due, current and pending
   * is claimed at once (`claimDue`); each of the rest (overdue notices, early, stale, gone, a lost
   * claim, or all of them when the claim failed) takes the careful path, one transaction each.
   */
  private async fireAll(ids: readonly string[]): Promise<PromiseSettledResult<Outcome>[]> {
    return this.settle(ids, await this.claimOrNone(ids));
  }

  private settle(ids: readonly string[], claimed: Set<string>): Promise<PromiseSettledResult<Outcome>[]> {
    return Promise.allSettled(ids.map((id) => (claimed.has(id) ? Promise.resolve<Outcome>({ fired: true }) : this.fireCarefully(id))));
  }

  /** `claimDue`, or nothing claimed when it failed (every reminder then takes the careful path). */
  private async claimOrNone(ids: readonly string[]): Promise<Set<string>> {
    try {
      return await this.claimDue(ids);
    } catch (error) {
      this.logger.warn(`Claiming ${ids.length} reminders failed, firing one by one: ${(error as Error).message}`);
      return new Set();
    }
  }

  /**
   * The common case without a transaction: reminders before the deadline, due by the database's
   * clock, of the deadline's current revision, are read, their messages rendered, and then claimed
   * and put in the inbox by one atomic statement whose UPDATE re-checks all of that under its row
   * locks (a second job, or a deadline moved meanwhile, finds nothing to claim).
   */
  private async claimDue(ids: readonly string[]): Promise<Set<string>> {
    const due = (await this.uow.query(
      `SELECT r.id, r.recipient_id, r.acting_for, d.subject_type, d.subject_id, d.title, d.due_at,
              (extract(epoch FROM coalesce($3::timestamptz, clock_timestamp()) - r.fire_at) * 1000)::float8 AS late_ms
         FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
        WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending' AND NOT r.overdue
          AND r.fire_at <= coalesce($3::timestamptz, clock_timestamp()) + make_interval(secs => $2::float8 / 1000)
          AND d.state = 'open' AND d.revision = r.deadline_revision`,
      [ids, EARLY_TOLERANCE_MS, this.clock.pinned()],
    )) as { id: string; recipient_id: string; acting_for: string | null; subject_type: DeadlineKind; subject_id: string; title: string; due_at: Date; late_ms: number }[];
    if (due.length === 0) return new Set();
    const prepared = await this.notifier.prepare(
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
    // Re-checked under the row locks the UPDATE takes: a second job, or a deadline moved meanwhile,
    // finds nothing. The claimed reminders' notifications go in by the notifications' own function.
    const [row] = (await this.uow.query(
      `WITH claimed AS (
         UPDATE reminders r SET state = 'fired', fired_at = clock_timestamp() FROM deadlines d
          WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending' AND d.id = r.deadline_id AND d.state = 'open'
            AND d.revision = r.deadline_revision
         RETURNING r.id::text AS key),
       k AS (SELECT coalesce(array_agg(key), '{}') AS keys FROM claimed)
       SELECT k.keys AS claimed, notifications_put(k.keys, $2::jsonb, $3::jsonb, $4::timestamptz) AS sent FROM k`,
      [due.map((r) => r.id), prepared.items, prepared.channels, prepared.putAt],
    )) as { claimed: string[]; sent: number }[];
    this.notifier.recorded(row.sent);
    const claimed = new Set(row.claimed);
    for (const r of due) {
      if (!claimed.has(r.id)) continue;
      this.fired.inc({ type: MESSAGE[r.subject_type].before });
      this.lateness.observe(Math.max(0, Number(r.late_ms)) / 1000);
    }
    return claimed;
  }

  private async fireCarefully(reminderId: string): Promise<Outcome> {
    return this.uow.run(SYSTEM_ACTOR, async () => {
      const [ref] = (await this.uow.query('SELECT deadline_id FROM reminders WHERE id = $1', [reminderId])) as { deadline_id: string }[];
      if (!ref) return { fired: false, reason: 'gone' };
      // Deadline first, then reminder: the same order as a command that moves the deadline.
      const deadline = await this.deadlines.getForUpdate(ref.deadline_id);
      const [reminder] = (await this.uow.query(
        `SELECT *, (extract(epoch FROM fire_at - coalesce($2::timestamptz, clock_timestamp())) * 1000)::float8 AS wait_ms FROM reminders WHERE id = $1 FOR UPDATE`,
        [reminderId, this.clock.pinned()],
      )) as ReminderRow[];
      if (!deadline || !reminder || reminder.state !== 'pending') return { fired: false, reason: 'gone' };

      const d = deadline.state;
      if (d.state === 'closed' || d.revision !== reminder.deadline_revision) {
        await this.uow.query(`UPDATE reminders SET state = 'cancelled' WHERE id = $1`, [reminder.id]);
        return { fired: false, reason: 'stale' };
      }
      const waitMs = Number(reminder.wait_ms);
      if (waitMs > EARLY_TOLERANCE_MS) return { sleepMs: Math.ceil(waitMs) };
      const now = this.clock.now();
      const type = MESSAGE[d.subjectType][reminder.overdue ? 'after' : 'before'];
      await this.notifier.notify({
        recipientId: reminder.recipient_id,
        type,
        subject: { type: d.subjectType === 'task' ? 'task' : 'memorandum', id: d.subjectId },
        params: { title: d.title, dueAt: d.dueAt },
        dedupeKey: `reminder:${reminder.id}`,
        actingFor: reminder.acting_for,
      });
      await this.uow.query(`UPDATE reminders SET state = 'fired', fired_at = clock_timestamp() WHERE id = $1`, [reminder.id]);
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
      this.lateness.observe(Math.max(0, -waitMs) / 1000);
      return { fired: true };
    });
  }
}
