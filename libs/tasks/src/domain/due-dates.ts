/** Port: the instant a deadline of `days` working days falls on (18:00 local of the n-th working day after today). */
export abstract class DueDates {
  abstract inWorkingDays(now: Date, days: number, timeZone: string): Promise<Date>;
}
