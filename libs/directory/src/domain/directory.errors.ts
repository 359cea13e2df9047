import { ConflictError, ValidationError } from '@kelisim/kernel';

export class EmailAlreadyUsedError extends ConflictError {
  constructor(email: string) {
    super('USER.EMAIL_TAKEN', `A user with e-mail ${email} already exists.`, { email });
  }
}

export class PasswordTooWeakError extends ValidationError {
  constructor(field = 'password') {
    super(field, `${field} must be 12 to 256 characters long`, 'USER.PASSWORD_TOO_WEAK');
  }
}

export class UnknownReferenceError extends ValidationError {
  constructor(field: string, id: string) {
    super(field, `${field} ${id} does not exist`, 'DIRECTORY.UNKNOWN_REFERENCE');
  }
}

export class ReferenceCycleError extends ValidationError {
  constructor(field: string) {
    super(field, `${field} would make a cycle`, 'DIRECTORY.REFERENCE_CYCLE');
  }
}

/** A BIN or IIN whose form or check digit is not one Kazakhstan issues. */
export class InvalidIdentificationNumberError extends ValidationError {
  constructor(field: 'bin' | 'iin', kind: 'BIN' | 'IIN') {
    super(field, `${field} must be a ${kind}: 12 digits with a valid check digit`, `DIRECTORY.INVALID_${kind}`);
  }
}
