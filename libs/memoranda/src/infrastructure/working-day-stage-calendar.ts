import { Injectable } from '@nestjs/common';
import { WorkingCalendarProvider } from '@kelisim/deadlines';
import { DEFAULT_TIME_ZONE } from '@kelisim/kernel';
import { StageCalendar, StageCalendarSource } from '../domain/stage-calendar.js';

/** A stage of n working days ends at 18:00 Asia/Almaty on the n-th working day of the akimats' calendar. */
@Injectable()
export class WorkingDayStageCalendarSource extends StageCalendarSource {
  constructor(private readonly calendars: WorkingCalendarProvider) {
    super();
  }

  async current(): Promise<StageCalendar> {
    const calendar = await this.calendars.current();
    return { dueAt: (from: Date, workingDays: number) => calendar.addWorkingDays(from, workingDays, DEFAULT_TIME_ZONE) };
  }
}
