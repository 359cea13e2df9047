import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from '@kelisim/kernel';
import type { TaskStatus } from './task.types.js';

/** 409 /invalid-transition; the detail names the current status and the one the action leads to. */
export class TaskTransitionError extends InvalidTransitionError {
  constructor(from: TaskStatus, action: string, to: TaskStatus) {
    super('task', from, action, to);
  }
}

export class NotTheExecutorError extends ForbiddenError {
  constructor(action: string) {
    super('TASK.NOT_EXECUTOR', `Only the task's executor may ${action} it.`, { action });
  }
}

export class ControllerRequiredError extends ForbiddenError {
  constructor(action: string) {
    super('TASK.CONTROLLER_REQUIRED', `Only a controller may ${action} a task.`, { action });
  }
}

export class ExtensionAlreadyPendingError extends ConflictError {
  constructor(requestId: string) {
    super('TASK.EXTENSION_PENDING', `An extension request (${requestId}) is already awaiting the controller's decision.`, { requestId });
  }
}

export class ExtensionRequestNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('extension_request', id);
  }
}

export class ExtensionRequestDecidedError extends InvalidTransitionError {
  constructor(status: string, action: string) {
    super('extension_request', status, action, action === 'approve' ? 'approved' : 'rejected');
  }
}

export class ExtensionNotLaterError extends ValidationError {
  constructor(dueAt: Date) {
    super('proposedDueAt', `proposedDueAt must be after the current due date ${dueAt.toISOString()}`, 'TASK.EXTENSION_NOT_LATER');
  }
}

export class DueDateInPastError extends ValidationError {
  constructor(field = 'dueAt') {
    super(field, `${field} must be in the future`, 'TASK.DUE_IN_PAST');
  }
}

export class SameExecutorError extends ValidationError {
  constructor() {
    super('executorId', 'executorId is already the executor of this task', 'TASK.SAME_EXECUTOR');
  }
}

export class TaskTextError extends ValidationError {
  constructor(field: string, max: number) {
    super(field, `${field} must be 1 to ${max} characters long`, 'TASK.TEXT_LENGTH');
  }
}

export class UnknownUserError extends ValidationError {
  constructor(field: string, id: string) {
    super(field, `${field} ${id} is not an active user`, 'TASK.UNKNOWN_USER');
  }
}

export class NotAControllerError extends ValidationError {
  constructor(field = 'controllerId') {
    super(field, `${field} must be a user with the controller role`, 'TASK.NOT_A_CONTROLLER');
  }
}
