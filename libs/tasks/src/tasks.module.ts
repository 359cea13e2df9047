import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarModule, RemindersModule } from '@kelisim/deadlines';
import { NotificationsModule } from '@kelisim/notifications';
import { AcceptTaskHandler } from './application/accept-task/accept-task.handler.js';
import { AcknowledgeTaskHandler } from './application/acknowledge-task/acknowledge-task.handler.js';
import { ApproveExtensionHandler } from './application/approve-extension/approve-extension.handler.js';
import { CancelTaskHandler } from './application/cancel-task/cancel-task.handler.js';
import { IssueTaskHandler } from './application/issue-task/issue-task.handler.js';
import { TasksQueries } from './application/queries/tasks.queries.js';
import { ReassignTaskHandler } from './application/reassign-task/reassign-task.handler.js';
import { RejectExtensionHandler } from './application/reject-extension/reject-extension.handler.js';
import { RequestExtensionHandler } from './application/request-extension/request-extension.handler.js';
import { ReturnTaskHandler } from './application/return-task/return-task.handler.js';
import { SubmitReportHandler } from './application/submit-report/submit-report.handler.js';
import { TaskChanges } from './application/task-changes.js';
import { TaskIssueRepository, TaskParticipants, TaskRepository } from './domain/task.repository.js';
import { SqlTaskIssueRepository } from './infrastructure/task-issue.repository.js';
import { TaskInstances } from './application/issue-task/task-instances.js';
import { IssueTaskBatchHandler } from './application/issue-task-batch/issue-task-batch.handler.js';
import { TaskIssueBatches } from './application/issue-task-batch/task-issue-batches.consumer.js';
import { DueDates } from './domain/due-dates.js';
import { CalendarDueDates } from './infrastructure/calendar-due-dates.js';
import { SqlTaskParticipants } from './infrastructure/sql-task-participants.js';
import { SqlTaskRepository } from './infrastructure/task.repository.js';
import { TaskDeadlines } from './application/task-deadlines.js';
import { TaskIssuers } from './application/task-issuers.js';
import { RecordTaskOverdueHandler } from './application/record-overdue/record-task-overdue.handler.js';
import { TaskNotificationsConsumer, TaskOverdueConsumer } from './application/task-deadline.consumers.js';

/** Tasks and execution control: handlers, repositories and queries, for the API and the worker alike. */
@Module({
  imports: [CqrsModule, CalendarModule, RemindersModule, NotificationsModule],
  providers: [
    { provide: TaskRepository, useClass: SqlTaskRepository },
    { provide: TaskParticipants, useClass: SqlTaskParticipants },
    { provide: TaskIssueRepository, useClass: SqlTaskIssueRepository },
    { provide: DueDates, useClass: CalendarDueDates },
    TaskChanges,
    IssueTaskHandler,
    TaskInstances,
    IssueTaskBatchHandler,
    TaskIssueBatches,
    AcknowledgeTaskHandler,
    SubmitReportHandler,
    AcceptTaskHandler,
    ReturnTaskHandler,
    CancelTaskHandler,
    ReassignTaskHandler,
    RequestExtensionHandler,
    ApproveExtensionHandler,
    RejectExtensionHandler,
    TasksQueries,
    TaskDeadlines,
    TaskIssuers,
    RecordTaskOverdueHandler,
    TaskOverdueConsumer,
    TaskNotificationsConsumer,
  ],
  exports: [TasksQueries, TaskIssuers],
})
export class TasksModule {}
