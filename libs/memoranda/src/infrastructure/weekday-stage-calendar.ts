import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from '@kelisim/kernel';
import { StageCalendar } from '../domain/stage-calendar.js';

/** Closing time of a working day in the akimats. */
const CLOSE_OF_DAY = { hour: 18, minute: 0, second: 0, millisecond: 0 };

/**
 * Until the deadline engine brings the working-day calendar (holidays, moved workdays), a stage of
 * n working days ends at 18:00 Asia/Almaty on the n-th Monday–Friday after the day it starts.
 */
export class WeekdayStageCalendar extends StageCalendar {
  constructor(private readonly zone = DEFAULT_TIME_ZONE) {
    super();
  }

  dueAt(from: Date, workingDays: number): Date {
    let day = DateTime.fromJSDate(from, { zone: this.zone }).startOf('day');
    let left = workingDays;
    while (left > 0) {
      day = day.plus({ days: 1 });
      if (day.weekday <= 5) left -= 1;
    }
    return day.set(CLOSE_OF_DAY).toJSDate();
  }
}
