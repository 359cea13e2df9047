import { DomainError } from '@kelisim/kernel';

export class AuthenticationRequiredError extends DomainError {
  readonly kind = 'unauthorized';
  constructor(reason = 'An Authorization: Bearer <token> header is required.') {
    super('AUTH.TOKEN_REQUIRED', reason);
  }
}

export class InvalidCredentialsError extends DomainError {
  readonly kind = 'unauthorized';
  constructor() {
    super('AUTH.INVALID_CREDENTIALS', 'Wrong e-mail or password.');
  }
}

export class TooManyFailedLoginsError extends DomainError {
  readonly kind = 'too-many-requests';
  constructor(retryAfter: number) {
    super('AUTH.TOO_MANY_FAILED_LOGINS', `Too many failed logins; try again in ${retryAfter} seconds.`, { retryAfter });
  }
}

export class RoleRequiredError extends DomainError {
  readonly kind = 'forbidden';
  constructor(roles: readonly string[]) {
    super('AUTH.ROLE_REQUIRED', `This action needs one of the roles: ${roles.join(', ')}.`, { roles: roles.join(', ') });
  }
}
