import type { DeadlineKind } from './reminder-plan.js';
import type { Deadline } from './deadline.js';

export abstract class DeadlineRepository {
  /** Locks the row until commit: deadlines change from commands and from firing reminders alike. */
  abstract getForUpdate(id: string): Promise<Deadline | null>;
  abstract getBySubjectForUpdate(subjectType: DeadlineKind, subjectId: string): Promise<Deadline | null>;
  /**
   * Saves the row and, in the same transaction, cancels and inserts reminders as the aggregate asks.
   * Returns the ids of the reminders it cancelled (their queued jobs are to be removed).
   */
  abstract save(deadline: Deadline): Promise<string[]>;
}
