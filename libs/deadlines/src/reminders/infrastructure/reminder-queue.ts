/** The reminders queue: one delayed job per reminder row, its id derived from the row. */
export const REMINDERS_QUEUE = 'reminders';
export const reminderJobId = (reminderId: string): string => `rem-${reminderId}`;

/**
 * A reminder's job is due this long before the reminder (an overdue notice's at its time): the
 * processor reads and renders it meanwhile and claims it at its time, so neither the queue's own
 * lateness (tens of milliseconds on a busy machine, more on PostgreSQL) nor that work makes it late.
 */
export const REMINDER_LEAD_MS = 200;

export const REMINDER_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The queue store marks its own lifetime with this key: when it is gone, the store is new or lost its data, and every pending job is re-added. */
export const epochKey = (prefix: string): string => `${prefix}:kelisim:epoch`;
