import { ConflictError, ForbiddenError, ValidationError } from '@kelisim/kernel';

export class SelfSubstitutionError extends ValidationError {
  constructor() {
    super('deputyId', 'the deputy must be another person than the principal', 'SUBSTITUTION.SELF');
  }
}

export class DeputyOfAnotherOrganizationError extends ValidationError {
  constructor() {
    super('deputyId', "the deputy must work in the principal's organization", 'SUBSTITUTION.DEPUTY_OTHER_ORGANIZATION');
  }
}

export class SubstitutionBackDatedError extends ValidationError {
  constructor() {
    super('from', 'from must not lie in the past: a substitution cannot be recorded after the fact', 'SUBSTITUTION.BACK_DATED');
  }
}

/** The principal already has a deputy for part of the period (409 naming `from`). */
export class SubstitutionOverlapsError extends ConflictError {
  constructor(existingId: string) {
    super('SUBSTITUTION.OVERLAPS', `The principal already has a substitution (${existingId}) during part of this period.`, { field: 'from', existingId });
  }
}

export class NotAllowedToSubstituteError extends ForbiddenError {
  constructor(action: string) {
    super('SUBSTITUTION.NOT_ALLOWED', `Only an admin or a head of the principal may ${action} a substitution.`, { action });
  }
}
