import { ValidationError } from '@kelisim/kernel';

export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2100;

export class CalendarYearOutOfRangeError extends ValidationError {
  constructor(year: string | number) {
    super('year', `year ${year} must be a whole number from ${CALENDAR_FIRST_YEAR} to ${CALENDAR_LAST_YEAR}`, 'CALENDAR.YEAR_OUT_OF_RANGE');
    Object.assign(this.params, { year: String(year), first: CALENDAR_FIRST_YEAR, last: CALENDAR_LAST_YEAR });
  }
}

export class CalendarDateOutsideYearError extends ValidationError {
  constructor(field: string, date: string, year: number) {
    super(field, `${field}: ${date} is not a date of ${year}`, 'CALENDAR.DATE_OUTSIDE_YEAR');
    Object.assign(this.params, { date, year });
  }
}

export class CalendarWorkdayNotWeekendError extends ValidationError {
  constructor(date: string) {
    super('workdays', `workdays: ${date} is a weekday, which is a working day anyway`, 'CALENDAR.WORKDAY_NOT_WEEKEND');
    Object.assign(this.params, { date });
  }
}

export class CalendarDateOffAndWorkedError extends ValidationError {
  constructor(date: string) {
    super('workdays', `workdays: ${date} is listed as a holiday too`, 'CALENDAR.DATE_OFF_AND_WORKED');
    Object.assign(this.params, { date });
  }
}
