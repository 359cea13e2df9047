import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar.module.js';
import { CalendarController } from './calendar.controller.js';
import { registerCalendarProblems } from './calendar.problems.js';

registerCalendarProblems();

/** The calendar's controller; only the API root imports this. */
@Module({
  imports: [CalendarModule],
  controllers: [CalendarController],
})
export class CalendarHttpModule {}
