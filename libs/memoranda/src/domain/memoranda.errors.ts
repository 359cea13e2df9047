import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@kelisim/kernel';

export class VersionNotFoundError extends NotFoundError {
  constructor(memorandumId: string, number: number) {
    super('version', `${memorandumId}/versions/${number}`);
  }
}

/** The caller is not the person this action belongs to (drafter's organization, reviewer's prosecutor, a party's signatory, a controller). */
export class NotAllowedToActError extends ForbiddenError {
  constructor(action: string, who: string) {
    super('MEMORANDUM.NOT_ALLOWED', `Only ${who} may ${action} here.`, { action, who });
  }
}

export class DrafterNotPartyError extends ForbiddenError {
  constructor() {
    super('MEMORANDUM.DRAFTER_NOT_PARTY', "The drafter's organization must be one of the parties.");
  }
}

export class PartyAlreadyActedError extends ConflictError {
  constructor(organizationId: string, action: 'approve' | 'sign') {
    super('MEMORANDUM.PARTY_ALREADY_ACTED', `The party ${organizationId} has already done "${action}" on this text.`, { organizationId, action });
  }
}

/** A signature over another text than the version's current one is void. */
export class TextChangedError extends ConflictError {
  constructor(expected: string, actual: string) {
    super('MEMORANDUM.TEXT_CHANGED', `The text was signed as ${expected}, but the version's text is now ${actual}.`, { expected, actual });
  }
}

export class VersionAlreadyOpenError extends ConflictError {
  constructor(number: number) {
    super('MEMORANDUM.VERSION_ALREADY_OPEN', `Version ${number} is still open; finish or withdraw it first.`, { number });
  }
}

export class InvalidPartiesError extends ValidationError {
  constructor(field: string, message: string) {
    super(field, message, 'MEMORANDUM.INVALID_PARTIES');
  }
}

export class UnknownClauseError extends ValidationError {
  constructor(field: string, clause: number) {
    super(field, `${field}: the version has no clause ${clause}`, 'MEMORANDUM.UNKNOWN_CLAUSE');
  }
}
