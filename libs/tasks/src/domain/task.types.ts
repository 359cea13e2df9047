export const TASK_STATUSES = ['assigned', 'in_progress', 'report_submitted', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_STATUSES: readonly TaskStatus[] = ['assigned', 'in_progress', 'report_submitted'];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_SOURCE_TYPES = ['meeting_decision', 'memorandum', 'working_group'] as const;
export type TaskSourceType = (typeof TASK_SOURCE_TYPES)[number];
export interface TaskSource {
  type: TaskSourceType;
  id: string;
}

/** Text limits of the SPEC; the HTTP layer checks them too, the aggregate is the last word. */
export const TASK_LIMITS = {
  title: 500,
  description: 50_000,
  reportText: 50_000,
  reason: 4_000,
  executors: 1_000,
  coExecutors: 100,
  dueInWorkingDays: 365,
  /** Reminders one command may plan (SPEC); a larger issue is accepted and issued in batches of at most this many. */
  remindersPerCommand: 20_000,
  /** Tasks one batch of a large issue writes, whatever their reminders. */
  tasksPerBatch: 200,
} as const;

export interface TaskReport {
  id: string;
  text: string;
  submittedBy: string;
  /** The executor the report was submitted for by the official acting for them (И.о.); null: in person. */
  actingFor: string | null;
  submittedAt: Date;
  /** The controller's decision on this report, if any. */
  decision: 'returned' | 'accepted' | null;
  decisionReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export const EXTENSION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

export interface ExtensionRequest {
  id: string;
  proposedDueAt: Date;
  /** The deadline when the request was made. */
  previousDueAt: Date;
  reason: string;
  status: ExtensionStatus;
  requestedBy: string;
  /** The executor the request was made for by the official acting for them (И.о.); null: in person. */
  actingFor: string | null;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
}
