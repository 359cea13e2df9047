import { AggregateRoot } from '@kelisim/kernel';
import type { DeadlineAudience, DeadlineKind, PlannedReminder } from './reminder-plan.js';
import type { ReminderPolicyItem } from './reminder-policy.js';

export type DeadlineState = 'open' | 'closed';

export interface DeadlineProps {
  subjectType: DeadlineKind;
  subjectId: string;
  title: string;
  dueAt: Date;
  /** Counts the due dates this subject has had: a reminder belongs to one revision. */
  revision: number;
  state: DeadlineState;
  policy: ReminderPolicyItem[] | null;
  audience: DeadlineAudience;
  /** The revision whose deadline has passed (TaskBecameOverdue is emitted once per revision). */
  passedRevision: number | null;
}

/**
 * The deadline of one subject (a task, a memorandum's stage). Scheduling it anew cancels every
 * pending reminder of the earlier revision and plans the new ones; closing it cancels them all.
 */
export class Deadline extends AggregateRoot {
  readonly streamType = 'deadline';
  private plan: PlannedReminder[] | null = null;
  private cancelPending = false;
  private cancelRecipientsOutside: string[] | null = null;

  private constructor(
    id: string,
    version: number,
    private props: DeadlineProps,
  ) {
    super(id, version);
  }

  static restore(id: string, version: number, props: DeadlineProps): Deadline {
    return new Deadline(id, version, props);
  }

  static open(id: string, props: Omit<DeadlineProps, 'revision' | 'state' | 'passedRevision'>, plan: PlannedReminder[]): Deadline {
    const deadline = new Deadline(id, 0, { ...props, revision: 1, state: 'open', passedRevision: null });
    deadline.plan = plan;
    deadline.record('DeadlineScheduled', deadline.scheduledPayload());
    return deadline;
  }

  get state(): Readonly<DeadlineProps> {
    return this.props;
  }

  /** Reminders to insert on save, and whether pending ones of earlier revisions are to be cancelled. */
  get pendingWrites(): { plan: PlannedReminder[] | null; cancelPending: boolean; keepRecipients: string[] | null } {
    return { plan: this.plan, cancelPending: this.cancelPending, keepRecipients: this.cancelRecipientsOutside };
  }

  clearPendingWrites(): void {
    this.plan = null;
    this.cancelPending = false;
    this.cancelRecipientsOutside = null;
  }

  /**
   * The people who must act change but the deadline does not (a party has approved): the same
   * revision goes on, so what already fired (an overdue notice) is not sent again; those no longer
   * concerned lose their pending reminders, newcomers get theirs.
   */
  changeAudience(audience: DeadlineAudience, plan: PlannedReminder[]): void {
    if (this.props.state === 'closed') return;
    this.props = { ...this.props, audience };
    this.plan = plan;
    this.cancelRecipientsOutside = [...new Set(Object.values(audience).flat())];
    this.record('DeadlineAudienceChanged', { deadlineId: this.id, subjectType: this.props.subjectType, subjectId: this.props.subjectId, revision: this.props.revision });
  }

  /** A new due date (or a closed deadline opened again, as a memorandum's next stage): a new revision. */
  reschedule(changes: Pick<DeadlineProps, 'dueAt' | 'title' | 'policy' | 'audience'>, plan: PlannedReminder[]): void {
    this.props = { ...this.props, ...changes, state: 'open', revision: this.props.revision + 1 };
    this.plan = plan;
    this.cancelPending = true;
    this.record('DeadlineScheduled', this.scheduledPayload());
  }

  close(reason: string): void {
    if (this.props.state === 'closed') return;
    this.props = { ...this.props, state: 'closed' };
    this.cancelPending = true;
    this.record('DeadlineClosed', { deadlineId: this.id, subjectType: this.props.subjectType, subjectId: this.props.subjectId, reason });
  }

  /** Returns false when this revision has already passed (or the deadline moved or closed meanwhile). */
  markPassed(revision: number): boolean {
    if (this.props.state === 'closed' || revision !== this.props.revision || this.props.passedRevision === revision) return false;
    this.props = { ...this.props, passedRevision: revision };
    this.record('DeadlinePassed', {
      deadlineId: this.id,
      subjectType: this.props.subjectType,
      subjectId: this.props.subjectId,
      revision,
      dueAt: this.props.dueAt.toISOString(),
    });
    return true;
  }

  /** Adds reminders to an open deadline's current revision (the next daily overdue reminder). */
  extendPlan(plan: PlannedReminder[]): void {
    this.plan = [...(this.plan ?? []), ...plan];
  }

  private scheduledPayload() {
    return {
      deadlineId: this.id,
      subjectType: this.props.subjectType,
      subjectId: this.props.subjectId,
      revision: this.props.revision,
      dueAt: this.props.dueAt.toISOString(),
      reminders: this.plan?.length ?? 0,
    };
  }
}
