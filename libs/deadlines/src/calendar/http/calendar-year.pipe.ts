import { Injectable, type PipeTransform } from '@nestjs/common';
import { CalendarYear } from '../domain/calendar-year.js';
import { CalendarYearOutOfRangeError } from '../domain/calendar.errors.js';

/** `{year}` in a path: a whole number from 2000 to 2100, else a 400 naming `year`. */
@Injectable()
export class CalendarYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value)) throw new CalendarYearOutOfRangeError(value);
    const year = Number(value);
    CalendarYear.assertYear(year);
    return year;
  }
}
