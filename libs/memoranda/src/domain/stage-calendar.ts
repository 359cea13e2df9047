/** The three stages a version waits in, and how many working days each may take. */
export interface StageDeadlines {
  reviewWorkingDays: number;
  approvalWorkingDays: number;
  signingWorkingDays: number;
}

export const DEFAULT_STAGE_DEADLINES: StageDeadlines = { reviewWorkingDays: 10, approvalWorkingDays: 5, signingWorkingDays: 5 };

/** When a stage that starts at `from` and lasts `workingDays` is due. */
export abstract class StageCalendar {
  abstract dueAt(from: Date, workingDays: number): Date;
}

/** Port: today's working-day calendar (an admin may edit it at any time). */
export abstract class StageCalendarSource {
  abstract current(): Promise<StageCalendar>;
}
