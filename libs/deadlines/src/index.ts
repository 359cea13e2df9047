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

// Deadlines and reminders
export { RemindersHttpModule, RemindersModule, RemindersWorkerModule } from './reminders/reminders.module.js';
export { DeadlineTracker, type TrackDeadline } from './reminders/application/deadline-tracker.js';
export { ReminderReconciler } from './reminders/infrastructure/reminder-reconciler.js';
export { ReminderEnqueuer } from './reminders/infrastructure/reminder-enqueuer.js';
export { ReminderProcessor } from './reminders/infrastructure/reminder.processor.js';
export { REMINDERS_QUEUE, reminderJobId } from './reminders/infrastructure/reminder-queue.js';
export {
  AUDIENCES,
  type Audience,
  DEFAULT_POLICY,
  ESCALATION,
  parseReminderPolicy,
  policyItemToJson,
  type ReminderPolicyItem,
} from './reminders/domain/reminder-policy.js';
export { type DeadlineAudience, type DeadlineKind, reminderCeiling } from './reminders/domain/reminder-plan.js';
import { Reminders1764000000500 } from './reminders/infrastructure/1764000000500-reminders.js';
import { CalendarFeeds1764000000510 } from './reminders/infrastructure/1764000000510-calendar-feeds.js';
import { CalendarFeedTokenHash1764000001420 } from './reminders/infrastructure/1764000001420-calendar-feed-token-hash.js';
import { RemindersActingFor1764000001422 } from './reminders/infrastructure/1764000001422-reminders-acting-for.js';
export const remindersMigrations = [Reminders1764000000500, CalendarFeeds1764000000510, CalendarFeedTokenHash1764000001420, RemindersActingFor1764000001422];
