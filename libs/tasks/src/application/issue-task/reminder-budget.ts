import { TASK_LIMITS } from '../../domain/task.types.js';

/**
 * The reminders a transaction may still plan inline: one command plans at most 20,000 (SPEC). A
 * saga that issues many drafts in one transaction shares one budget across its commands, so the
 * protocol as a whole stays within it; what does not fit is issued in the background.
 */
export class ReminderBudget {
  constructor(private left: number = TASK_LIMITS.remindersPerCommand) {}

  /** Takes `reminders` from the budget if they fit. */
  take(reminders: number): boolean {
    if (reminders > this.left) return false;
    this.left -= reminders;
    return true;
  }
}
