import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { LoggedWorkerHost } from '@kelisim/queue';
import { DelayedError, type Job } from 'bullmq';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, SYSTEM_ACTOR } from '@kelisim/kernel';
import { counter, histogram } from '@kelisim/config';
import { type NotificationType, Notifier, type PreparedNotifications } from '@kelisim/notifications';
import { UnitOfWork } from '@kelisim/persistence';
import { WorkingCalendarProvider } from '../../calendar/application/working-calendar.provider.js';
import { DeadlineRepository } from '../domain/deadline.repository.js';
import { DAILY_KEY, type DeadlineKind, nextDaily, withSubstitutes } from '../domain/reminder-plan.js';
import { ReminderEnqueuer } from './reminder-enqueuer.js';
import { REMINDER_LEAD_MS, REMINDERS_QUEUE } from './reminder-queue.js';

/** The claim's UPDATE takes a reminder this close to its time by the database's clock; the careful path acts on one this close. */
const EARLY_TOLERANCE_MS = 50;
/** A job that wakes this much (or less) before its reminder's time prepares it and claims it at the time; earlier, it sleeps again. */
const HOLD_MS = REMINDER_LEAD_MS + EARLY_TOLERANCE_MS;
/** Jobs gathered into one claim: at most this many (the worker's concurrency). */
const BATCH_MAX = 200;
/** Claims reading and rendering at once; jobs that arrive while this many run wait for one to end, and go together. */
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

/** Reminders read and rendered, to be claimed together `waitMs` from `readAt` (performance.now()). */
interface Claim {
  ids: string[];
  prepared: PreparedNotifications;
  types: NotificationType[];
  readAt: number;
  waitMs: number;
}

/**
 * Fires one reminder: at most once, because the row is locked and moved from `pending` to `fired`
 * in the same transaction that puts the notification in the inbox (whose dedupe key is the
 * reminder); at least once, because until then the row stays pending for the reconciler. A job
 * for a deadline that moved or closed finds a newer revision and cancels its row instead.
 *
 * Whether a reminder is due is PostgreSQL's call (`clock_timestamp()`), never this worker's clock: workers whose
 * clocks disagree still fire each reminder once and none early. Jobs are queued REMINDER_LEAD_MS
 * ahead: a job that wakes up to that much early reads and renders its reminder, then claims it when
 * the database says it is due (a timer on this process, re-checked by the claim). One that wakes
 * earlier still (its worker's clock runs ahead) sleeps again for as long as the database says is left.
 */
@Processor(REMINDERS_QUEUE, { concurrency: 200 })
export class ReminderProcessor extends LoggedWorkerHost {
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
   * Jobs fire together: one statement claims every reminder of a batch that is due, current and
   * pending and puts its notification in the inbox, so PostgreSQL commits once for the lot rather
   * than once a reminder (its commit rate was the ceiling). A job that finds fewer than CLAIMS_AT_ONCE
   * claims reading starts one at once (with the jobs of the same turn of the event loop); otherwise
   * it waits for one to end and goes with every job that came meanwhile. No fixed window: a lone job
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

  /** One claim of what is waiting: read and rendered, then claimed at the reminders' time; its careful cases go their own way after. */
  private async fireWaiting(): Promise<void> {
    const batch = this.waiting.splice(0, BATCH_MAX);
    if (batch.length === 0) return;
    const ids = batch.map((b) => b.reminderId);
    this.claiming++;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      this.claiming--;
      if (this.waiting.length > 0) this.scheduleClaim();
    };
    let claimed: Set<string>;
    try {
      const claims = await this.prepareOrNone(ids);
      // A claim that waits for its time stops counting: jobs coming meanwhile must not wait with it.
      // One that goes at once (a burst, late jobs) counts until it is done, so the jobs that come
      // meanwhile make the next batch rather than a statement each.
      if (claims.some((c) => c.waitMs > 0)) done();
      claimed = await this.claimAll(claims);
    } finally {
      done();
    }
    const outcomes = await this.settle(ids, claimed);
    batch.forEach((b, i) => {
      const outcome = outcomes[i];
      if (outcome.status === 'fulfilled') b.resolve(outcome.value);
      else b.reject(outcome.reason);
    });
  }

  /**
   * The one way reminders fire: every reminder before its deadline that is current, pending and due
   * (or due within REMINDER_LEAD_MS: it is claimed at its time) is claimed by `claim`; each of the
   * rest (overdue notices, early, stale, gone, a lost claim, or all of them when the claim failed)
   * takes the careful path, one transaction each.
   */
  private async fireAll(ids: readonly string[]): Promise<PromiseSettledResult<Outcome>[]> {
    return this.settle(ids, await this.claimAll(await this.prepareOrNone(ids)));
  }

  private settle(ids: readonly string[], claimed: Set<string>): Promise<PromiseSettledResult<Outcome>[]> {
    return Promise.allSettled(ids.map((id) => (claimed.has(id) ? Promise.resolve<Outcome>({ fired: true }) : this.fireCarefully(id))));
  }

  /** `prepare`, or nothing to claim when it failed (every reminder then takes the careful path). */
  private async prepareOrNone(ids: readonly string[]): Promise<Claim[]> {
    try {
      return await this.prepare(ids);
    } catch (error) {
      this.logger.warn(`Reading ${ids.length} reminders failed, firing one by one: ${(error as Error).message}`);
      return [];
    }
  }

  /** Each claim at its time, all at once; what a failed claim held is left to the careful path. */
  private async claimAll(claims: readonly Claim[]): Promise<Set<string>> {
    const claimed = new Set<string>();
    await Promise.all(
      claims.map(async (c) => {
        try {
          for (const id of await this.claim(c)) claimed.add(id);
        } catch (error) {
          this.logger.warn(`Claiming ${c.ids.length} reminders failed, firing one by one: ${(error as Error).message}`);
        }
      }),
    );
    return claimed;
  }

  /**
   * Reads the reminders before their deadline that are pending, of the deadline's current revision
   * and due within HOLD_MS by the database's clock, and renders their messages: the work a claim
   * needs done before the reminder's time, done while the job waits for it (the enqueuer queues jobs
   * REMINDER_LEAD_MS ahead). Reminders due at the same millisecond make one claim.
   */
  private async prepare(ids: readonly string[]): Promise<Claim[]> {
    const due = (await this.uow.query(
      `SELECT r.id, r.recipient_id, r.acting_for, d.subject_type, d.subject_id, d.title, d.due_at,
              (extract(epoch FROM r.fire_at - t.now) * 1000)::float8 AS wait_ms
         FROM (SELECT coalesce($3::timestamptz, clock_timestamp()) AS now) t, reminders r JOIN deadlines d ON d.id = r.deadline_id
        WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending' AND NOT r.overdue
          AND r.fire_at <= t.now + make_interval(secs => $2::float8 / 1000)
          AND d.state = 'open' AND d.revision = r.deadline_revision`,
      [ids, HOLD_MS, this.clock.pinned()],
    )) as { id: string; recipient_id: string; acting_for: string | null; subject_type: DeadlineKind; subject_id: string; title: string; due_at: Date; wait_ms: number }[];
    const readAt = performance.now();
    const groups = new Map<number, typeof due>();
    for (const r of due) {
      const waitMs = Math.max(0, Math.ceil(Number(r.wait_ms)));
      const group = groups.get(waitMs);
      if (group) group.push(r);
      else groups.set(waitMs, [r]);
    }
    return Promise.all(
      [...groups].map(async ([waitMs, rows]) => ({
        ids: rows.map((r) => r.id),
        types: rows.map((r) => MESSAGE[r.subject_type].before),
        readAt,
        waitMs,
        prepared: await this.notifier.prepare(
          rows.map((r) => ({
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
        ),
      })),
    );
  }

  /**
   * At the reminders' time, one atomic statement claims them and puts their notifications in the
   * inbox. Its UPDATE re-checks everything the read saw under the row locks it takes — pending, the
   * deadline open and of the same revision, and due by the database's clock — so a second job, a
   * deadline moved meanwhile, or a timer that woke early finds nothing to claim.
   */
  private async claim(c: Claim): Promise<string[]> {
    const left = c.readAt + c.waitMs - performance.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    const [row] = (await this.uow.query(
      `WITH claimed AS (
         UPDATE reminders r SET state = 'fired', fired_at = clock_timestamp() FROM deadlines d
          WHERE r.id = ANY($1::uuid[]) AND r.state = 'pending' AND d.id = r.deadline_id AND d.state = 'open'
            AND d.revision = r.deadline_revision
            AND r.fire_at <= coalesce($5::timestamptz, clock_timestamp()) + make_interval(secs => $6::float8 / 1000)
         RETURNING r.id::text AS key),
       k AS (SELECT coalesce(array_agg(key), '{}') AS keys FROM claimed)
       SELECT k.keys AS claimed, notifications_put(k.keys, $2::jsonb, $3::jsonb, $4::timestamptz) AS sent FROM k`,
      [c.ids, c.prepared.items, c.prepared.channels, this.clock.now(), this.clock.pinned(), EARLY_TOLERANCE_MS],
    )) as { claimed: string[]; sent: number }[];
    const late = Math.max(0, performance.now() - (c.readAt + c.waitMs)) / 1000;
    this.notifier.recorded(row.sent);
    const claimed = new Set(row.claimed);
    c.ids.forEach((id, i) => {
      if (!claimed.has(id)) return;
      this.fired.inc({ type: c.types[i] });
      this.lateness.observe(late);
    });
    return row.claimed;
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
