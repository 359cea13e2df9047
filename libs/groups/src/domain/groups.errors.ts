import { ConflictError, ForbiddenError, InvalidTransitionError, ValidationError } from '@kelisim/kernel';
import type { MeetingStatus, WorkingGroupStatus } from './groups.types.js';

/** 409 /invalid-transition naming the current status and the one the action leads to. */
export class WorkingGroupTransitionError extends InvalidTransitionError {
  constructor(from: WorkingGroupStatus, action: string, to: WorkingGroupStatus) {
    super('working_group', from, action, to);
  }
}

export class MeetingTransitionError extends InvalidTransitionError {
  constructor(from: MeetingStatus, action: string, to: MeetingStatus) {
    super('meeting', from, action, to);
  }
}

export class ChairOrControllerRequiredError extends ForbiddenError {
  constructor(entity: 'working_group' | 'meeting', action: string) {
    super(`${entity.toUpperCase()}.CHAIR_OR_CONTROLLER_REQUIRED`, `Only the ${entity.replace('_', ' ')}'s chair or a controller may ${action}.`, {
      action,
    });
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor(userId: string, role: string) {
    super('WORKING_GROUP.ALREADY_MEMBER', `User ${userId} is already a member of the working group as ${role}.`, { userId, role });
  }
}

export class NotAMemberError extends ConflictError {
  constructor(userId: string) {
    super('WORKING_GROUP.NOT_A_MEMBER', `User ${userId} is not a current member of the working group.`, { userId });
  }
}

export class ChairCannotLeaveError extends ConflictError {
  constructor() {
    super('WORKING_GROUP.CHAIR_CANNOT_LEAVE', 'The chair cannot leave the working group; appoint another chair first.');
  }
}

export class GroupTextError extends ValidationError {
  constructor(field: string, max: number) {
    super(field, `${field} must be 1 to ${max} characters long`, 'GROUPS.TEXT_LENGTH');
  }
}

export class TooManyError extends ValidationError {
  constructor(field: string, max: number) {
    super(field, `${field} must not have more than ${max} items`, 'GROUPS.TOO_MANY');
  }
}

export class UnknownPersonError extends ValidationError {
  constructor(field: string, id: string) {
    super(field, `${field} ${id} is not an active user`, 'GROUPS.UNKNOWN_USER');
  }
}

export class NotAControllerError extends ValidationError {
  constructor(field: string) {
    super(field, `${field} must be a user with the controller role`, 'GROUPS.NOT_A_CONTROLLER');
  }
}

export class TaskDraftError extends ValidationError {
  constructor(field: string, message: string) {
    super(field, message, 'GROUPS.TASK_DRAFT');
  }
}

/** A draft's fixed due date passed between recording the decision and approving the protocol. */
export class DraftDueInPastError extends ConflictError {
  constructor(decision: number, title: string) {
    super('MEETING.DRAFT_DUE_IN_PAST', `Decision ${decision}: the due date of task "${title}" has passed; record a new decision.`, {
      decision,
      title,
    });
  }
}

/** A task cites a meeting decision that does not exist. */
export class UnknownDecisionError extends ValidationError {
  constructor(field: string, id: string) {
    super(field, `${field} ${id} is not a decision of any meeting`, 'MEETING.UNKNOWN_DECISION');
  }
}

/** A task cites a decision whose protocol is not approved: until then the decision is a draft. */
export class DecisionNotApprovedError extends ConflictError {
  constructor(status: MeetingStatus) {
    super('MEETING.DECISION_NOT_APPROVED', `The decision's meeting is '${status}': a task may cite a decision once its protocol is approved.`, { status });
  }
}
