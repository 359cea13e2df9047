import { Injectable } from '@nestjs/common';
import { DirectoryQueries } from '@kelisim/directory';
import { Clock, newId } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { WorkingCalendarProvider } from '../../calendar/application/working-calendar.provider.js';
import { Deadline } from '../domain/deadline.js';
import { DeadlineRepository } from '../domain/deadline.repository.js';
import { type DeadlineAudience, type DeadlineKind, planReminders, type Recipient, type Substitute, withSubstitutes } from '../domain/reminder-plan.js';
import type { ReminderPolicyItem } from '../domain/reminder-policy.js';
import { ReminderJobs } from './reminder-jobs.js';

export interface TrackDeadline {
  subjectType: DeadlineKind;
  subjectId: string;
  /** Shown in the messages: the task's or memorandum's title. */
  title: string;
  dueAt: Date;
  /** executor_head, when not given, is the head of each executor. */
  audience: Partial<DeadlineAudience>;
  /** Replaces the default policy when given. */
  policy?: readonly ReminderPolicyItem[] | null;
  /** The subject was created by the same command (so it has no deadline yet). */
  isNew?: boolean;
}

/**
 * What other contexts call, inside their own command's transaction, to give a subject a deadline,
 * move it, or end it. The reminder rows are written in that same transaction; the jobs follow
 * after commit (and from the reconciler, should this process die first).
 */
@Injectable()
export class DeadlineTracker {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly deadlines: DeadlineRepository,
    private readonly calendars: WorkingCalendarProvider,
    private readonly directory: DirectoryQueries,
    private readonly enqueuer: ReminderJobs,
    private readonly clock: Clock,
  ) {}

  async track(input: TrackDeadline): Promise<void> {
    // A subject created in this very command has no deadline yet: nothing to look up.
    const existing = input.isNew ? null : await this.deadlines.getBySubjectForUpdate(input.subjectType, input.subjectId);
    // No policy given keeps the one the deadline has (an extension keeps the task's reminders).
    const policy = input.policy === undefined ? (existing?.state.policy ?? null) : input.policy ? [...input.policy] : null;
    const now = this.clock.now();
    const { audience, recipients, substitutes } = await this.audienceOf(input.audience, now);
    const plan = withSubstitutes(planReminders({ dueAt: input.dueAt, policy, audience, recipients, now, calendar: await this.calendars.current() }), substitutes, now);
    let deadline: Deadline;
    if (!existing) {
      deadline = Deadline.open(
        newId(),
        { subjectType: input.subjectType, subjectId: input.subjectId, title: input.title, dueAt: input.dueAt, policy, audience },
        plan,
      );
    } else {
      const s = existing.state;
      const sameDeadline =
        s.state === 'open' && s.dueAt.getTime() === input.dueAt.getTime() && s.title === input.title && JSON.stringify(s.policy) === JSON.stringify(policy);
      const sameAudience = s.state === 'open' && JSON.stringify(s.audience) === JSON.stringify(audience);
      if (sameDeadline && sameAudience) return;
      if (sameDeadline) existing.changeAudience(audience, plan);
      else existing.reschedule({ dueAt: input.dueAt, title: input.title, policy, audience }, plan);
      deadline = existing;
    }
    this.afterCommit((await this.deadlines.save(deadline)).cancelledJobs, { planned: true });
  }

  /**
   * Some of those reminded have done their part (a party approved): their pending reminders of this
   * deadline are cancelled, and the copies for whoever acts for them; the deadline and everyone
   * else's reminders stay as they are.
   */
  async release(subjectType: DeadlineKind, subjectId: string, recipientIds: readonly string[]): Promise<void> {
    if (recipientIds.length === 0) return;
    const cancelled = this.uow.defer({
      text: `UPDATE reminders r SET state = 'cancelled' FROM deadlines d
              WHERE d.subject_type = $1 AND d.subject_id = $2::uuid AND r.deadline_id = d.id AND r.state = 'pending'
                AND (r.recipient_id = ANY($3::uuid[]) OR r.acting_for = ANY($3::uuid[]))
             RETURNING r.id`,
      values: [subjectType, subjectId, recipientIds],
    });
    this.afterCommit(cancelled.then((rows) => rows.map((r) => r.id as string)), { planned: false });
  }

  async close(subjectType: DeadlineKind, subjectId: string, reason: string): Promise<void> {
    const deadline = await this.deadlines.getBySubjectForUpdate(subjectType, subjectId);
    if (!deadline) return;
    deadline.close(reason);
    this.afterCommit((await this.deadlines.save(deadline)).cancelledJobs, { planned: false });
  }

  /**
   * After commit: the cancelled reminders' jobs are removed and, when new reminder rows were
   * planned, the enqueuer queues them. `cancelled` is read then: the commit has settled it.
   */
  private afterCommit(cancelled: Promise<readonly string[]>, { planned }: { planned: boolean }): void {
    cancelled.catch(() => undefined); // a failed write fails the command itself
    this.uow.afterCommit(() => {
      void cancelled.then((ids) => (ids.length > 0 ? this.enqueuer.remove([...ids]) : undefined));
      if (planned) void this.enqueuer.flush().catch(() => undefined);
    });
  }

  /**
   * The whole audience (executor_head, when not given, is each executor's head), who of it is
   * active, and their substitutions: one message, sent with the command's writes not sent yet.
   */
  private async audienceOf(given: Partial<DeadlineAudience>, now: Date): Promise<{ audience: DeadlineAudience; recipients: Map<string, Recipient>; substitutes: Substitute[] }> {
    const executor = given.executor ?? [];
    const named = [...executor, ...(given.co_executors ?? []), ...(given.controller ?? []), ...(given.executor_head ?? [])];
    const { people, substitutes } = await this.directory.audience(named, given.executor_head ? [] : executor, now);
    const heads = given.executor_head ?? [...new Set(executor)].flatMap((id) => people.get(id)?.headId ?? []);
    const audience = { executor, co_executors: given.co_executors ?? [], controller: given.controller ?? [], executor_head: heads };
    const recipients = new Map<string, Recipient>();
    for (const id of Object.values(audience).flat()) {
      const person = people.get(id);
      if (person?.active) recipients.set(id, { id, timeZone: person.timeZone });
    }
    return { audience, recipients, substitutes };
  }
}
