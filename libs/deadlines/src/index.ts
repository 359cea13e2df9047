// Working-day calendar
export { CalendarModule } from './calendar/calendar.module.js';
export { CalendarHttpModule } from './calendar/http/calendar-http.module.js';
export { WorkingCalendarProvider, CALENDAR_CACHE_MS } from './calendar/application/working-calendar.provider.js';
export { CalendarQueries } from './calendar/application/queries/calendar.queries.js';
export type { CalendarYearView, CalendarHolidayView } from './calendar/application/calendar.views.js';
export { SetCalendarYearCommand } from './calendar/application/set-calendar-year/set-calendar-year.command.js';
export { CalendarEvents, type CalendarYearChangedPayload } from './calendar/domain/calendar.events.js';
export { WorkingCalendar, type CalendarYearData, END_OF_WORKING_DAY, START_OF_WORKING_DAY } from './calendar/domain/working-calendar.js';
export { generateKazakhstanYear, type Holiday, type HolidayName, type StatutoryYear, KURBAN_AIT_DATES } from './calendar/domain/kazakhstan-rules.js';
import { Calendar1764000000400 } from './calendar/infrastructure/1764000000400-calendar.js';
export const calendarMigrations = [Calendar1764000000400];
