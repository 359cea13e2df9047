import { Module } from '@nestjs/common';
import { DirectoryModule } from '@kelisim/directory';
import { NotificationsModule } from '@kelisim/notifications';
import { QueueModule } from '@kelisim/queue';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarFeed } from './application/calendar-feed/calendar-feed.js';
import { IssueCalendarFeedHandler } from './application/calendar-feed/issue-calendar-feed.handler.js';
import { CalendarFeedController } from './http/calendar-feed.controller.js';
import { DeadlineTracker } from './application/deadline-tracker.js';
import { DeadlineRepository } from './domain/deadline.repository.js';
import { ReminderJobs } from './application/reminder-jobs.js';
import { ReminderEnqueuer } from './infrastructure/reminder-enqueuer.js';
import { REMINDERS_QUEUE } from './infrastructure/reminder-queue.js';
import { ReminderProcessor } from './infrastructure/reminder.processor.js';
import { ReminderReconciler } from './infrastructure/reminder-reconciler.js';
import { ReminderJobsConsumer } from './infrastructure/reminders.consumer.js';
import { CalendarChangeConsumer } from './infrastructure/calendar-change.consumer.js';
import { SubstitutionRemindersConsumer } from './infrastructure/substitution.consumer.js';
import { SqlDeadlineRepository } from './infrastructure/sql-deadline.repository.js';

/** Deadlines and their reminder rows, for both roots: commands in any process may track a deadline. */
const remindersQueue = QueueModule.registerQueue(REMINDERS_QUEUE);

@Module({
  imports: [CqrsModule, CalendarModule, DirectoryModule, NotificationsModule, remindersQueue],
  providers: [
    { provide: DeadlineRepository, useClass: SqlDeadlineRepository },
    DeadlineTracker,
    ReminderEnqueuer,
    { provide: ReminderJobs, useExisting: ReminderEnqueuer },
    CalendarFeed,
    IssueCalendarFeedHandler,
  ],
  exports: [DeadlineTracker, ReminderEnqueuer, DeadlineRepository, CalendarFeed, remindersQueue],
})
export class RemindersModule {}

/** Firing, the outbox consumer and the reconciler: only where the worker runs. */
@Module({
  imports: [RemindersModule, CalendarModule, DirectoryModule, NotificationsModule],
  providers: [ReminderProcessor, ReminderReconciler, ReminderJobsConsumer, CalendarChangeConsumer, SubstitutionRemindersConsumer],
  exports: [ReminderReconciler, ReminderProcessor],
})
export class RemindersWorkerModule {}

/** The personal deadline feeds; only the API root imports this. */
@Module({ imports: [RemindersModule], controllers: [CalendarFeedController] })
export class RemindersHttpModule {}
