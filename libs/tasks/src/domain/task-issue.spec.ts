import { describe, expect, it } from '@jest/globals';
import { gridSize, instanceCount, type IssuePlan, occurrenceDeadlines, plannedInstances } from './issue-plan.js';
import { TaskIssue, TaskIssueEvents } from './task-issue.js';

const ALMATY = 'Asia/Almaty';
const MOSCOW = 'Europe/Moscow';
const now = new Date('2026-04-13T04:00:00Z');

/** Three executors (two zones) × three occurrences, Moscow's last one cut off by a UTC UNTIL. */
const plan: IssuePlan = {
  task: { title: 'Апталық есеп', description: null, source: null, authorId: 'author', controllerId: 'ctrl', coExecutorIds: [], reminderPolicy: null },
  executors: [
    { id: 'a', organizationId: 'o1', timezone: ALMATY },
    { id: 'm', organizationId: 'o2', timezone: MOSCOW },
    { id: 'b', organizationId: 'o1', timezone: ALMATY },
  ],
  occurrences: [
    { groupId: 'g1', dueAt: { [ALMATY]: '2026-04-20T13:00:00.000Z', [MOSCOW]: '2026-04-20T15:00:00.000Z' } },
    { groupId: 'g2', dueAt: { [ALMATY]: '2026-04-27T13:00:00.000Z', [MOSCOW]: '2026-04-27T15:00:00.000Z' } },
    { groupId: 'g3', dueAt: { [ALMATY]: '2026-05-04T13:00:00.000Z' } },
  ],
  recurrenceId: 'r',
};

describe('issue plan', () => {
  it('Instances_WalkOccurrenceByOccurrenceInTheExecutorsOrder_SkippingAZoneWithoutThatOccurrence', () => {
    expect(gridSize(plan)).toBe(9);
    expect(instanceCount(plan)).toBe(8);
    const all = plannedInstances(plan, 0, gridSize(plan));
    expect(all.map((i) => `${i.position}:${i.executor.id}:${i.groupId}`)).toEqual(['0:a:g1', '1:m:g1', '2:b:g1', '3:a:g2', '4:m:g2', '5:b:g2', '6:a:g3', '8:b:g3']);
    expect(all[1].dueAt).toEqual(new Date('2026-04-20T15:00:00.000Z'));
  });

  it('Batches_CoverTheGridOnce_WhateverTheirSize', () => {
    for (const size of [1, 2, 4, 9, 50]) {
      const seen: number[] = [];
      for (let from = 0; from < gridSize(plan); from += size) seen.push(...plannedInstances(plan, from, from + size).map((i) => i.position));
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 8]);
    }
  });

  it('OccurrenceDeadlines_AreTheFirstExecutorsThatHaveOne', () => {
    expect(occurrenceDeadlines(plan).map((o) => o.dueAt)).toEqual(['2026-04-20T13:00:00.000Z', '2026-04-27T13:00:00.000Z', '2026-05-04T13:00:00.000Z']);
  });
});

describe('TaskIssue', () => {
  const accept = () => TaskIssue.accept('issue', { authorId: 'author', plan, instances: 8, perBatch: 4, reminderCeiling: 48 }, now);

  it('Accept_RecordsWhatWillBeIssued_AndStartsAtTheFirstPosition', () => {
    const issue = accept();
    expect(issue.peekEvents().map((e) => e.type)).toEqual([TaskIssueEvents.Accepted]);
    expect(issue.peekEvents()[0].payload).toMatchObject({ issueId: 'issue', instances: 8, perBatch: 4, executorIds: ['a', 'm', 'b'], recurrenceId: 'r' });
    expect(issue.state).toMatchObject({ status: 'issuing', cursor: 0, issued: 0 });
  });

  it('BatchIssued_MovesTheCursor_ABatchAskedForAgainIsNone_TheLastCompletes', () => {
    const issue = accept();
    const first = issue.nextBatch(0)!;
    expect(first).toEqual({ from: 0, to: 4 });
    issue.batchIssued(first, 4, now);
    expect(issue.nextBatch(0)).toBeNull(); // delivered twice: already done
    const second = issue.nextBatch(4)!;
    expect(second).toEqual({ from: 4, to: 8 });
    issue.batchIssued(second, 3, now);
    const third = issue.nextBatch(8)!;
    expect(third).toEqual({ from: 8, to: 9 });
    issue.batchIssued(third, 1, now);
    expect(issue.state).toMatchObject({ status: 'issued', issued: 8, cursor: 9, completedAt: now });
    expect(issue.peekEvents().map((e) => e.type)).toEqual([
      TaskIssueEvents.Accepted,
      TaskIssueEvents.BatchIssued,
      TaskIssueEvents.BatchIssued,
      TaskIssueEvents.BatchIssued,
      TaskIssueEvents.Completed,
    ]);
    expect(issue.nextBatch(9)).toBeNull();
  });
});
