import type { DeadlineKind } from './reminder-plan.js';
import type { Deadline } from './deadline.js';

export abstract class DeadlineRepository {
  /** Locks the row until commit: deadlines change from commands and from firing reminders alike. */
  abstract getForUpdate(id: string): Promise<Deadline | null>;
  abstract getBySubjectForUpdate(subjectType: DeadlineKind, subjectId: string): Promise<Deadline | null>;
  /**
   * Saves the row and, in the same transaction, cancels and inserts reminders as the aggregate asks.
   * The writes travel with the transaction's next message or its commit: the array returned is
   * filled with the ids of the reminders they cancelled (their queued jobs are to be removed) once
   * they ran — read it after commit.
   */
  abstract save(deadline: Deadline): Promise<string[]>;
}
