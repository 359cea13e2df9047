/**
 * Port onto the reminders' timers: queues the pending reminder rows not yet queued (the rows are
 * the truth, the jobs their timers) and removes the timers of cancelled ones. Called after a
 * commit; the BullMQ adapter is `ReminderEnqueuer`.
 */
export abstract class ReminderJobs {
  abstract flush(): Promise<number>;
  abstract remove(reminderIds: readonly string[]): Promise<void>;
}
