import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarQueries } from './application/queries/calendar.queries.js';
import { SetCalendarYearHandler } from './application/set-calendar-year/set-calendar-year.handler.js';
import { WorkingCalendarProvider } from './application/working-calendar.provider.js';
import { CalendarYearRepository } from './domain/calendar-year.repository.js';
import { SqlCalendarYearRepository } from './infrastructure/calendar-year.repository.js';

/** The working-day calendar: its command, query and provider, for the API and the worker alike. */
@Module({
  imports: [CqrsModule],
  providers: [
    { provide: CalendarYearRepository, useClass: SqlCalendarYearRepository },
    SetCalendarYearHandler,
    CalendarQueries,
    WorkingCalendarProvider,
  ],
  exports: [WorkingCalendarProvider, CalendarQueries],
})
export class CalendarModule {}
