import type { Role } from '@kelisim/kernel';
import type { Task } from './task.js';
import type { TaskIssue } from './task-issue.js';

/** Port (and DI token) of the task aggregate; reports and extension requests are saved with it. */
export abstract class TaskRepository {
  abstract get(id: string): Promise<Task | null>;
  abstract save(task: Task): Promise<void>;
}

/** What the tasks context needs to know about a person named on a task. */
export interface TaskParticipant {
  id: string;
  roles: Role[];
  organizationId: string;
  /** The user's own time zone, else their organization's. */
  timezone: string;
}

/** Port onto the directory: the active users among `ids`, by id. */
export abstract class TaskParticipants {
  abstract find(ids: readonly string[]): Promise<Map<string, TaskParticipant>>;
}

/** Port (and DI token) of a large issue's progress; `getForUpdate` locks it for one batch. */
export abstract class TaskIssueRepository {
  abstract getForUpdate(id: string): Promise<TaskIssue | null>;
  abstract save(issue: TaskIssue): Promise<void>;
}
