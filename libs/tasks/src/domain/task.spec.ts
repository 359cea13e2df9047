import { beforeEach, describe, expect, it } from '@jest/globals';
import { type Actor, FixedClock, InvalidTransitionError, StaleRevisionError } from '@kelisim/kernel';
import { Task } from './task.js';
import {
  ControllerRequiredError,
  DueDateInPastError,
  ExtensionAlreadyPendingError,
  ExtensionNotLaterError,
  ExtensionRequestDecidedError,
  ExtensionRequestNotFoundError,
  NotTheExecutorError,
  SameExecutorError,
  TaskTextError,
} from './task.errors.js';
import { TaskEvents } from './task.events.js';
import type { TaskStatus } from './task.types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ids = {
  task: '00000000-0000-4000-8000-000000000001',
  controller: '00000000-0000-4000-8000-0000000000c1',
  executor: '00000000-0000-4000-8000-0000000000e1',
  other: '00000000-0000-4000-8000-0000000000e2',
  co: '00000000-0000-4000-8000-0000000000c0',
  org: '00000000-0000-4000-8000-0000000000a1',
  org2: '00000000-0000-4000-8000-0000000000a2',
};
const user = (userId: string, controller = false): Actor => ({
  userId,
  organizationId: ids.org,
  roles: controller ? ['controller'] : [],
  locale: 'kk',
});
const controller = user(ids.controller, true);
const executor = user(ids.executor);
const stranger = user(ids.other);

describe('Task', () => {
  let clock: FixedClock;
  const dueAt = new Date('2026-04-20T13:00:00Z');

  beforeEach(() => {
    clock = new FixedClock(new Date('2026-04-13T04:00:00Z'));
  });

  const issue = (overrides: Partial<Parameters<typeof Task.issue>[1]> = {}): Task =>
    Task.issue(
      ids.task,
      {
        title: 'Жергілікті тұрғындармен түсіндіру жұмыстарын жүргізу',
        authorId: ids.controller,
        controllerId: ids.controller,
        executorId: ids.executor,
        executorOrganizationId: ids.org,
        coExecutorIds: [ids.co],
        dueAt,
        ...overrides,
      },
      clock.now(),
    );
  /** A task brought to `status` along the happy path, with its events already persisted. */
  const taskIn = (status: TaskStatus): Task => {
    const task = issue();
    if (status !== 'assigned') task.acknowledge(executor, clock.now());
    if (status === 'report_submitted' || status === 'done') task.submitReport(executor, 'r1', 'Done in every settlement.', clock.now());
    if (status === 'done') task.accept(controller, clock.now());
    if (status === 'cancelled') task.cancel(controller, 'No longer needed');
    task.pullEvents();
    return task;
  };
  const types = (task: Task): string[] => task.peekEvents().map((e) => e.type);
  const expectTransitionError = (act: () => void, from: string, to: string): void => {
    let error: unknown;
    try {
      act();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).code).toBe('TASK.INVALID_TRANSITION');
    expect((error as InvalidTransitionError).message).toContain(`'${from}'`);
    expect((error as InvalidTransitionError).message).toContain(`'${to}'`);
  };

  describe('issue', () => {
    it('Issue_WithValidInput_IsAssignedWithOriginalDueAtAndTaskAssignedEvent', () => {
      const task = issue({ priority: 'urgent', groupId: 'g1' });
      expect(task.state).toMatchObject({ status: 'assigned', dueAt, originalDueAt: dueAt, priority: 'urgent', groupId: 'g1', extensionCount: 0 });
      expect(task.version).toBe(1);
      expect(task.peekEvents()).toEqual([
        expect.objectContaining({
          type: TaskEvents.Assigned,
          payload: expect.objectContaining({ taskId: ids.task, executorId: ids.executor, dueAt: dueAt.toISOString(), groupId: 'g1' }),
        }),
      ]);
    });

    it('Issue_WithoutPriority_DefaultsToNormal', () => {
      expect(issue().state.priority).toBe('normal');
    });

    it('Issue_WithExecutorAmongCoExecutors_DropsThemFromCoExecutors', () => {
      expect(issue({ coExecutorIds: [ids.executor, ids.co, ids.co] }).state.coExecutorIds).toEqual([ids.co]);
    });

    it('Issue_WithEmptyOrTooLongTitle_IsValidationErrorNamingTitle', () => {
      expect(() => issue({ title: '  ' })).toThrow(TaskTextError);
      expect(() => issue({ title: 'x'.repeat(501) })).toThrow(expect.objectContaining({ field: 'title' }));
    });

    it('Issue_WithTooLongDescription_IsValidationErrorNamingDescription', () => {
      expect(() => issue({ description: 'x'.repeat(50_001) })).toThrow(expect.objectContaining({ field: 'description' }));
    });

    it('Issue_WithDueAtNotInTheFuture_IsRejected', () => {
      expect(() => issue({ dueAt: clock.now() })).toThrow(DueDateInPastError);
    });
  });

  describe('overdue and visibility', () => {
    it('IsOverdue_WhenPastDueAndOpen_IsTrue_AndWhenDoneOrCancelled_IsFalse', () => {
      const after = new Date(dueAt.getTime() + 1);
      expect(taskIn('in_progress').isOverdue(dueAt)).toBe(false);
      expect(taskIn('in_progress').isOverdue(after)).toBe(true);
      expect(taskIn('done').isOverdue(after)).toBe(false);
      expect(taskIn('cancelled').isOverdue(after)).toBe(false);
    });

    it('IsVisibleTo_ControllerExecutorCoExecutor_ButNotAStranger', () => {
      const task = issue();
      expect(task.isVisibleTo(user(ids.other, true))).toBe(true);
      expect(task.isVisibleTo(executor)).toBe(true);
      expect(task.isVisibleTo(user(ids.co))).toBe(true);
      expect(task.isVisibleTo(stranger)).toBe(false);
    });

    it('IsVisibleTo_ItsAuthor_AWorkingGroupChairWhoIssuedIt', () => {
      const chair = '00000000-0000-4000-8000-0000000000f1';
      expect(issue({ authorId: chair }).isVisibleTo(user(chair))).toBe(true);
    });
  });

  describe('acknowledge', () => {
    it('Acknowledge_WhenAssignedByExecutor_MovesToInProgress', () => {
      const task = taskIn('assigned');
      task.acknowledge(executor, clock.now());
      expect(task.state.status).toBe('in_progress');
      expect(types(task)).toEqual([TaskEvents.Acknowledged]);
    });

    it('Acknowledge_ByAnyoneButTheExecutor_IsForbidden', () => {
      expect(() => taskIn('assigned').acknowledge(controller, clock.now())).toThrow(NotTheExecutorError);
    });

    it.each(['in_progress', 'report_submitted', 'done', 'cancelled'] as const)('Acknowledge_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).acknowledge(executor, clock.now()), status, 'in_progress');
    });
  });

  describe('submitReport', () => {
    it('SubmitReport_WhenInProgress_KeepsTheReportAndMovesToReportSubmitted', () => {
      const task = taskIn('in_progress');
      clock.advance(HOUR);
      task.submitReport(executor, 'r9', 'Meetings held in 12 villages.', clock.now());
      expect(task.state.status).toBe('report_submitted');
      expect(task.reports).toEqual([expect.objectContaining({ id: 'r9', submittedBy: ids.executor, submittedAt: clock.now(), decision: null })]);
      expect(task.peekEvents()[0]).toMatchObject({ type: TaskEvents.ReportSubmitted, payload: { reportId: 'r9' } });
    });

    it('SubmitReport_WithEmptyOrTooLongText_IsValidationErrorNamingText', () => {
      expect(() => taskIn('in_progress').submitReport(executor, 'r', '', clock.now())).toThrow(expect.objectContaining({ field: 'text' }));
      expect(() => taskIn('in_progress').submitReport(executor, 'r', 'x'.repeat(50_001), clock.now())).toThrow(TaskTextError);
    });

    it('SubmitReport_ByACoExecutor_IsForbidden', () => {
      expect(() => taskIn('in_progress').submitReport(user(ids.co), 'r', 'text', clock.now())).toThrow(NotTheExecutorError);
    });

    it.each(['assigned', 'report_submitted', 'done', 'cancelled'] as const)('SubmitReport_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).submitReport(executor, 'r', 'text', clock.now()), status, 'report_submitted');
    });
  });

  describe('accept', () => {
    it('Accept_WhenReportSubmittedBeforeTheDeadline_IsDoneOnTime', () => {
      const task = taskIn('report_submitted');
      task.accept(controller, dueAt);
      expect(task.state).toMatchObject({ status: 'done', doneOnTime: true, acceptedAt: dueAt });
      expect(task.reports[0].decision).toBe('accepted');
      expect(task.peekEvents()[0]).toMatchObject({ type: TaskEvents.Completed, payload: { doneOnTime: true, reportId: 'r1' } });
    });

    it('Accept_WhenAfterTheDeadline_IsDoneButNotOnTime', () => {
      const task = taskIn('report_submitted');
      task.accept(controller, new Date(dueAt.getTime() + 1));
      expect(task.state).toMatchObject({ status: 'done', doneOnTime: false });
    });

    it('Accept_ByTheExecutor_IsForbidden', () => {
      expect(() => taskIn('report_submitted').accept(executor, clock.now())).toThrow(ControllerRequiredError);
    });

    it.each(['assigned', 'in_progress', 'done', 'cancelled'] as const)('Accept_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).accept(controller, clock.now()), status, 'done');
    });
  });

  describe('return', () => {
    it('Return_WhenReportSubmitted_GoesBackToInProgressWithTheReasonOnTheReport', () => {
      const task = taskIn('report_submitted');
      task.returnReport(controller, 'Attach the attendance lists.', clock.now());
      expect(task.state.status).toBe('in_progress');
      expect(task.reports[0]).toMatchObject({ decision: 'returned', decisionReason: 'Attach the attendance lists.', decidedBy: ids.controller });
      expect(types(task)).toEqual([TaskEvents.ReportReturned]);
    });

    it('Return_AndReportAgain_KeepsBothReports', () => {
      const task = taskIn('report_submitted');
      task.returnReport(controller, 'More detail', clock.now());
      task.submitReport(executor, 'r2', 'Second report', clock.now());
      expect(task.reports.map((r) => r.id)).toEqual(['r1', 'r2']);
    });

    it('Return_WithoutReason_IsValidationErrorNamingReason', () => {
      expect(() => taskIn('report_submitted').returnReport(controller, '', clock.now())).toThrow(expect.objectContaining({ field: 'reason' }));
    });

    it('Return_ByTheExecutor_IsForbidden', () => {
      expect(() => taskIn('report_submitted').returnReport(executor, 'why', clock.now())).toThrow(ControllerRequiredError);
    });

    it.each(['assigned', 'in_progress', 'done', 'cancelled'] as const)('Return_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).returnReport(controller, 'why', clock.now()), status, 'in_progress');
    });
  });

  describe('cancel', () => {
    it.each(['assigned', 'in_progress', 'report_submitted'] as const)('Cancel_WhenOpen_%s_IsCancelled', (status) => {
      const task = taskIn(status);
      task.cancel(controller, 'Superseded by decision No. 4');
      expect(task.state.status).toBe('cancelled');
      expect(task.peekEvents()[0]).toMatchObject({ type: TaskEvents.Cancelled, payload: { from: status, reason: 'Superseded by decision No. 4' } });
    });

    it('Cancel_WithAPendingExtension_WithdrawsIt', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', new Date(dueAt.getTime() + DAY), 'Flooding', clock.now());
      task.cancel(controller, 'Stop');
      expect(task.extensionRequests[0].status).toBe('withdrawn');
    });

    it('Cancel_ByANonController_IsForbidden', () => {
      expect(() => taskIn('assigned').cancel(executor, 'why')).toThrow(ControllerRequiredError);
    });

    it.each(['done', 'cancelled'] as const)('Cancel_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).cancel(controller, 'why'), status, 'cancelled');
    });
  });

  describe('reassign', () => {
    it('Reassign_WhenInProgress_GivesItToTheNewExecutorAsAssigned', () => {
      const task = taskIn('in_progress');
      task.reassign(controller, ids.co, ids.org2);
      expect(task.state).toMatchObject({ status: 'assigned', executorId: ids.co, executorOrganizationId: ids.org2, coExecutorIds: [] });
      expect(task.peekEvents()[0]).toMatchObject({
        type: TaskEvents.Reassigned,
        payload: { previousExecutorId: ids.executor, executorId: ids.co, from: 'in_progress' },
      });
    });

    it('Reassign_ToTheSameExecutor_IsValidationError', () => {
      expect(() => taskIn('assigned').reassign(controller, ids.executor, ids.org)).toThrow(SameExecutorError);
    });

    it('Reassign_ByANonController_IsForbidden', () => {
      expect(() => taskIn('assigned').reassign(executor, ids.other, ids.org)).toThrow(ControllerRequiredError);
    });

    it.each(['done', 'cancelled'] as const)('Reassign_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).reassign(controller, ids.other, ids.org), status, 'assigned');
    });
  });

  describe('extensions', () => {
    const later = new Date(dueAt.getTime() + 3 * DAY);

    it('RequestExtension_ByTheExecutor_KeepsAPendingRequest', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'Roads closed by flooding', clock.now());
      expect(task.extensionRequests).toEqual([expect.objectContaining({ id: 'x1', status: 'pending', proposedDueAt: later, previousDueAt: dueAt })]);
      expect(task.state.dueAt).toEqual(dueAt);
      expect(types(task)).toEqual([TaskEvents.ExtensionRequested]);
    });

    it('RequestExtension_NotAfterTheCurrentDueAt_IsValidationErrorNamingProposedDueAt', () => {
      expect(() => taskIn('in_progress').requestExtension(executor, 'x1', dueAt, 'why', clock.now())).toThrow(ExtensionNotLaterError);
    });

    it('RequestExtension_WhileOneIsPending_IsConflict', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      expect(() => task.requestExtension(executor, 'x2', later, 'again', clock.now())).toThrow(ExtensionAlreadyPendingError);
    });

    it('RequestExtension_ByTheController_IsForbidden', () => {
      expect(() => taskIn('in_progress').requestExtension(controller, 'x1', later, 'why', clock.now())).toThrow(NotTheExecutorError);
    });

    it.each(['done', 'cancelled'] as const)('RequestExtension_WhenStatus_%s_IsInvalidTransition', (status) => {
      expectTransitionError(() => taskIn(status).requestExtension(executor, 'x1', later, 'why', clock.now()), status, status);
    });

    it('ApproveExtension_WhenPending_MovesDueAtKeepsOriginalCountsAndEmitsDeadlineChanged', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      task.pullEvents();
      task.approveExtension(controller, 'x1', null, clock.now());
      expect(task.state).toMatchObject({ dueAt: later, originalDueAt: dueAt, extensionCount: 1 });
      expect(task.extensionRequests[0]).toMatchObject({ status: 'approved', decidedBy: ids.controller });
      expect(types(task)).toEqual([TaskEvents.ExtensionApproved, TaskEvents.DeadlineChanged]);
      expect(task.peekEvents()[1].payload).toMatchObject({ previousDueAt: dueAt.toISOString(), dueAt: later.toISOString() });
    });

    it('ApproveExtension_Twice_CountsEveryExtension', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      task.approveExtension(controller, 'x1', 'ok', clock.now());
      const later2 = new Date(later.getTime() + DAY);
      task.requestExtension(executor, 'x2', later2, 'again', clock.now());
      task.approveExtension(controller, 'x2', null, clock.now());
      expect(task.state).toMatchObject({ dueAt: later2, originalDueAt: dueAt, extensionCount: 2 });
    });

    it('RejectExtension_WhenPending_KeepsDueAtAndRecordsTheReason', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      task.rejectExtension(controller, 'x1', 'The deadline is set by the akim', clock.now());
      expect(task.state).toMatchObject({ dueAt, extensionCount: 0 });
      expect(task.extensionRequests[0]).toMatchObject({ status: 'rejected', decisionReason: 'The deadline is set by the akim' });
    });

    it('RejectExtension_WithoutReason_IsValidationErrorNamingReason', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      expect(() => task.rejectExtension(controller, 'x1', '', clock.now())).toThrow(expect.objectContaining({ field: 'reason' }));
    });

    it('DecideExtension_ByTheExecutor_IsForbidden', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      expect(() => task.approveExtension(executor, 'x1', null, clock.now())).toThrow(ControllerRequiredError);
    });

    it('DecideExtension_UnknownRequest_IsNotFound', () => {
      expect(() => taskIn('in_progress').approveExtension(controller, 'nope', null, clock.now())).toThrow(ExtensionRequestNotFoundError);
    });

    it('DecideExtension_AlreadyDecided_IsInvalidTransitionOfTheRequest', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      task.rejectExtension(controller, 'x1', 'no', clock.now());
      expect(() => task.approveExtension(controller, 'x1', null, clock.now())).toThrow(ExtensionRequestDecidedError);
      expect(() => task.rejectExtension(controller, 'x1', 'no', clock.now())).toThrow(
        expect.objectContaining({ code: 'EXTENSION_REQUEST.INVALID_TRANSITION' }),
      );
    });

    it('Reassign_WithAPendingExtension_WithdrawsIt', () => {
      const task = taskIn('in_progress');
      task.requestExtension(executor, 'x1', later, 'why', clock.now());
      task.reassign(controller, ids.other, ids.org);
      expect(task.extensionRequests[0].status).toBe('withdrawn');
      expect(task.peekEvents().at(-1)!.payload).toMatchObject({ withdrawnExtensionRequestId: 'x1' });
    });
  });

  describe('revision', () => {
    it('AssertRevision_WhenStale_Is412Error', () => {
      const task = taskIn('in_progress');
      expect(() => task.assertRevision(task.version)).not.toThrow();
      expect(() => task.assertRevision(task.version - 1)).toThrow(StaleRevisionError);
    });
  });
});
