/** What reminders need of the working-day calendar (the calendar's WorkingCalendar has it). */
export interface WorkingDays {
  subtractWorkingDays(due: Date, n: number, timeZone: string): Date;
  addWorkingDays(from: Date, n: number, timeZone: string, at?: string): Date;
  nextWorkingMorning(at: Date, timeZone: string, opening?: string): Date;
  nextWorkingDayAt(at: Date, timeZone: string, time?: string): Date;
}
