/** Journal event types of the calendar; consumers subscribe to these names. */
export const CalendarEvents = {
  CalendarYearChanged: 'CalendarYearChanged',
} as const;

/** A year's days off or working days changed: working-day deadlines of that year need recomputing. */
export interface CalendarYearChangedPayload {
  year: number;
  /** Every holiday and day off by order the admin set (ISO dates). */
  holidays: string[];
  /** Weekend days worked by order. */
  workdays: string[];
  /** Weekdays off because a holiday fell on a weekend, derived from `holidays`. */
  carryOvers: string[];
}
