/** The three stages a version waits in, and how many working days each may take. */
export interface StageDeadlines {
  reviewWorkingDays: number;
  approvalWorkingDays: number;
  signingWorkingDays: number;
}

export const DEFAULT_STAGE_DEADLINES: StageDeadlines = { reviewWorkingDays: 10, approvalWorkingDays: 5, signingWorkingDays: 5 };

/**
 * Port: when a stage that starts at `from` and lasts `workingDays` is due. The deadline engine's
 * working-day calendar (holidays, moved workdays) will implement it; until then weekdays do.
 */
export abstract class StageCalendar {
  abstract dueAt(from: Date, workingDays: number): Date;
}
