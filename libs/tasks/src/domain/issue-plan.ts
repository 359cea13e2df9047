import type { TaskPriority, TaskSource } from './task.types.js';

/** What every instance of one issue shares. */
export interface IssuedTaskData {
  title: string;
  description: string | null;
  source: TaskSource | null;
  authorId: string;
  controllerId: string;
  coExecutorIds: string[];
  priority?: TaskPriority;
  /** The deadline engine's reminder policy as the client gave it (opaque here). */
  reminderPolicy: Record<string, unknown>[] | null;
}

export interface PlannedExecutor {
  id: string;
  organizationId: string;
  timezone: string;
}

/**
 * One issue, before any task exists: the instances form a grid of occurrences (one for a one-off
 * issue) × executors, walked occurrence by occurrence in the executors' order. An executor whose
 * zone has fewer occurrences (a UTC UNTIL) leaves a gap. Plain JSON: a large issue keeps it in
 * PostgreSQL while its instances are issued in batches.
 */
export interface IssuePlan {
  task: IssuedTaskData;
  executors: PlannedExecutor[];
  /** Each occurrence's group (many executors) and deadline in each executor zone (ISO instants). */
  occurrences: { groupId: string | null; dueAt: Record<string, string> }[];
  recurrenceId: string | null;
}

export interface PlannedInstance {
  /** Position in the grid: the cursor of a batch. */
  position: number;
  executor: PlannedExecutor;
  dueAt: Date;
  groupId: string | null;
}

export const gridSize = (plan: IssuePlan): number => plan.occurrences.length * plan.executors.length;

/** The instances at grid positions [from, to), gaps skipped. */
export function plannedInstances(plan: IssuePlan, from: number, to: number): PlannedInstance[] {
  const instances: PlannedInstance[] = [];
  const width = plan.executors.length;
  for (let position = from; position < Math.min(to, gridSize(plan)); position += 1) {
    const occurrence = plan.occurrences[Math.floor(position / width)];
    const executor = plan.executors[position % width];
    const dueAt = occurrence.dueAt[executor.timezone];
    if (dueAt) instances.push({ position, executor, dueAt: new Date(dueAt), groupId: occurrence.groupId });
  }
  return instances;
}

/** How many tasks the plan issues (the grid without its gaps). */
export function instanceCount(plan: IssuePlan): number {
  return plan.occurrences.reduce((sum, o) => sum + plan.executors.filter((e) => o.dueAt[e.timezone] !== undefined).length, 0);
}

/** Each occurrence's deadline as the answer shows it: the first executor's that has one. */
export function occurrenceDeadlines(plan: IssuePlan): { dueAt: string; groupId: string | null }[] {
  return plan.occurrences.map((o) => ({
    dueAt: new Date(plan.executors.map((e) => o.dueAt[e.timezone]).find(Boolean)!).toISOString(),
    groupId: o.groupId,
  }));
}
