/** The reminders queue: one delayed job per reminder row, its id derived from the row. */
export const REMINDERS_QUEUE = 'reminders';
export const reminderJobId = (reminderId: string): string => `rem-${reminderId}`;

export const REMINDER_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** The queue store marks its own lifetime with this key: when it is gone, the store is new or lost its data, and every pending job is re-added. */
export const epochKey = (prefix: string): string => `${prefix}:kelisim:epoch`;
