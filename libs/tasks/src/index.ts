export { TasksModule } from './tasks.module.js';
export { TaskIssuers, type IssueOrigin, type SourceAuthority, type SourceCheck } from './application/task-issuers.js';
export { TasksHttpModule } from './http/tasks-http.module.js';
export { TasksQueries, type TaskFilter } from './application/queries/tasks.queries.js';
export type { TaskTally, TaskView, TaskDetailView, TaskGroupView, TaskReportView, ExtensionRequestView, TaskHistoryEntry } from './application/task.views.js';
export { IssueTaskCommand, type IssueOptions, type IssueTaskData } from './application/issue-task/issue-task.command.js';
export { AcknowledgeTaskCommand } from './application/acknowledge-task/acknowledge-task.command.js';
export { SubmitReportCommand } from './application/submit-report/submit-report.command.js';
export { AcceptTaskCommand } from './application/accept-task/accept-task.command.js';
export { ReturnTaskCommand } from './application/return-task/return-task.command.js';
export { CancelTaskCommand } from './application/cancel-task/cancel-task.command.js';
export { ReassignTaskCommand } from './application/reassign-task/reassign-task.command.js';
export { RequestExtensionCommand } from './application/request-extension/request-extension.command.js';
export { ApproveExtensionCommand } from './application/approve-extension/approve-extension.command.js';
export { RejectExtensionCommand } from './application/reject-extension/reject-extension.command.js';
export { TaskEvents, type TaskEventType, type TaskAssignedPayload, type TaskDeadlineChangedPayload } from './domain/task.events.js';
export {
  TASK_PRIORITIES,
  TASK_SOURCE_TYPES,
  TASK_STATUSES,
  type TaskPriority,
  type TaskSource,
  type TaskSourceType,
  type TaskStatus,
} from './domain/task.types.js';
export { parseRecurrenceRule, recurrenceDeadlines, RECURRENCE_LIMITS, type Recurrence } from './domain/recurrence.js';
export type { TaskIssueView, TaskRecurrenceView } from './application/task.views.js';
export { ReminderBudget } from './application/issue-task/reminder-budget.js';
export { TaskIssueEvents } from './domain/task-issue.js';
import { Tasks1764000000200 } from './infrastructure/1764000000200-tasks.js';
import { TaskRecurrence1764000000820 } from './infrastructure/1764000000820-task-recurrence.js';
import { TaskIssues1764000001020 } from './infrastructure/1764000001020-task-issues.js';
import { TaskActingFor1764000001421 } from './infrastructure/1764000001421-acting-for.js';
import { TasksControlIndex1764000000800 } from './infrastructure/1764000000800-control-index.js';
import { TasksPublishedViews1765000001210 } from './infrastructure/1765000001210-published-views.js';
export const tasksMigrations = [
  Tasks1764000000200,
  TasksControlIndex1764000000800,
  TaskRecurrence1764000000820,
  TaskIssues1764000001020,
  TaskActingFor1764000001421,
  TasksPublishedViews1765000001210,
];
