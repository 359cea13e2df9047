import { DateTime } from 'luxon';
import type { CalendarYear, CalendarYearProps } from '../domain/calendar-year.js';
import { type HolidayName, isWeekend } from '../domain/kazakhstan-rules.js';
import { WorkingCalendar } from '../domain/working-calendar.js';

export interface CalendarHolidayView {
  date: string;
  name: HolidayName;
  /** Not confirmed yet (e.g. Kurban Ait before its announcement): check before relying on it. */
  estimated: boolean;
}

export interface CalendarYearView {
  year: number;
  /** Public holidays and days off by order. */
  holidays: CalendarHolidayView[];
  /** Weekend days worked by order. */
  workdays: string[];
  /** Every weekday that is not a working day: holidays, carry-overs, days off by order. */
  daysOff: string[];
  workingDays: number;
  revision: number;
}

export function calendarYearView(year: number, props: Readonly<CalendarYearProps>, revision: number): CalendarYearView {
  const estimated = new Set(props.estimated);
  const calendar = new WorkingCalendar([
    { year, holidays: props.holidays.map((h) => h.date), extraDaysOff: props.extraDaysOff, extraWorkingDays: props.extraWorkingDays, estimated: props.estimated },
  ]);
  const daysOff: string[] = [];
  for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (!isWeekend(date) && !calendar.isWorkingDay(date)) daysOff.push(date);
  }
  return {
    year,
    holidays: props.holidays.map((h) => ({ date: h.date, name: h.name, estimated: estimated.has(h.date) })),
    workdays: [...props.extraWorkingDays],
    daysOff,
    workingDays: calendar.workingDaysIn(year),
    revision,
  };
}

export const calendarYearViewOf = (calendarYear: CalendarYear): CalendarYearView =>
  calendarYearView(calendarYear.year, calendarYear.state, calendarYear.version);
