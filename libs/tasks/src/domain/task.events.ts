/**
 * Facts of a task's life, as they stand in the journal (dates as ISO strings). The deadline engine
 * consumes them: TaskAssigned and TaskDeadlineChanged (re)schedule reminders; TaskCompleted,
 * TaskCancelled and TaskReassigned end or move them.
 */
export const TaskEvents = {
  Assigned: 'TaskAssigned',
  Acknowledged: 'TaskAcknowledged',
  ReportSubmitted: 'TaskReportSubmitted',
  ReportReturned: 'TaskReportReturned',
  Completed: 'TaskCompleted',
  Cancelled: 'TaskCancelled',
  Reassigned: 'TaskReassigned',
  ExtensionRequested: 'TaskExtensionRequested',
  ExtensionApproved: 'TaskExtensionApproved',
  ExtensionRejected: 'TaskExtensionRejected',
  DeadlineChanged: 'TaskDeadlineChanged',
  BecameOverdue: 'TaskBecameOverdue',
} as const;
export type TaskEventType = (typeof TaskEvents)[keyof typeof TaskEvents];

export interface TaskAssignedPayload {
  taskId: string;
  groupId: string | null;
  title: string;
  authorId: string;
  controllerId: string;
  executorId: string;
  coExecutorIds: string[];
  dueAt: string;
  priority: string;
  source: { type: string; id: string } | null;
}

export interface TaskDeadlineChangedPayload {
  taskId: string;
  previousDueAt: string;
  dueAt: string;
  originalDueAt: string;
  extensionRequestId: string;
}

/** Payload keys that name a report or an extension request the event created or changed. */
export interface TaskChildRefs {
  reportId?: string;
  extensionRequestId?: string;
  withdrawnExtensionRequestId?: string;
}
