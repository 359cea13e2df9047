import type { DeadlineKind } from './reminder-plan.js';
import type { Deadline } from './deadline.js';

export abstract class DeadlineRepository {
  /** Locks the row until commit: deadlines change from commands and from firing reminders alike. */
  abstract getForUpdate(id: string): Promise<Deadline | null>;
  abstract getBySubjectForUpdate(subjectType: DeadlineKind, subjectId: string): Promise<Deadline | null>;
  /**
   * Saves the row and, in the same transaction, cancels and inserts reminders as the aggregate asks.
   * The writes travel with the transaction's next message or its commit.
   */
  abstract save(deadline: Deadline): Promise<SavedDeadline>;
}

export interface SavedDeadline {
  /**
   * The reminders the save cancelled whose jobs are queued (to be removed), once its writes ran:
   * read after commit — awaited inside the command, it waits for a message not sent yet.
   */
  cancelledJobs: Promise<readonly string[]>;
}
