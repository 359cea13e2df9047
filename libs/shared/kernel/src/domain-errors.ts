/**
 * Errors the domain raises. `kind` decides the HTTP status (one exception filter maps it);
 * `code` is stable and machine-readable; `params` feed the kk/ru/en message catalogue.
 */
export type DomainErrorKind =
  | 'invalid-transition'
  | 'conflict'
  | 'forbidden'
  | 'not-found'
  | 'validation'
  | 'stale-revision'
  | 'unauthorized'
  | 'too-many-requests'
  | 'idempotency-mismatch'
  /** Well-formed, but refused by a rule about its content (an ЭЦП signature that fails the signing policy). */
  | 'signature-refused'
  /** A service the command needs (an ЭЦП verifier) did not answer as it must; nothing was changed. */
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    readonly code: string,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidTransitionError extends DomainError {
  readonly kind = 'invalid-transition';
  constructor(entity: string, from: string, action: string, to?: string) {
    super(
      `${entity.toUpperCase()}.INVALID_TRANSITION`,
      to
        ? `Cannot ${action} a ${entity} in status '${from}' (it would move to '${to}').`
        : `Cannot ${action} a ${entity} in status '${from}'.`,
      { entity, from, action, to: to ?? '' },
    );
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
  constructor(entity: string, id: string) {
    super(`${entity.toUpperCase()}.NOT_FOUND`, `No ${entity} with id ${id}.`, { entity, id });
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  constructor(code: string, message: string, params: Record<string, string | number> = {}) {
    super(code, message, params);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  constructor(code: string, message: string, params: Record<string, string | number> = {}) {
    super(code, message, params);
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  constructor(
    readonly field: string,
    message: string,
    code = 'REQUEST.INVALID_FIELD',
  ) {
    super(code, message, { field });
  }
}

/** Another command changed the aggregate between our load and our save. */
export class ConcurrentChangeError extends DomainError {
  readonly kind = 'conflict';
  constructor(streamType: string, id: string) {
    super('CONCURRENT_CHANGE', `The ${streamType} ${id} was changed by another request; reload and retry.`, {
      streamType,
      id,
    });
  }
}

export class StaleRevisionError extends DomainError {
  readonly kind = 'stale-revision';
  constructor(streamType: string, expected: number, actual: number) {
    super('STALE_REVISION', `If-Match revision ${expected} of the ${streamType} is stale; the current revision is ${actual}.`, {
      streamType,
      expected,
      actual,
    });
  }
}

/** A signature refused by a rule of the signing policy (422): `code` names the rule. */
export class SignatureRefusedError extends DomainError {
  readonly kind = 'signature-refused';
  constructor(code: string, message: string, params: Record<string, string | number> = {}) {
    super(code, message, params);
  }
}

/** A service the command depends on is away or answered outside its contract (503). */
export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable';
  constructor(code: string, message: string, params: Record<string, string | number> = {}) {
    super(code, message, params);
  }
}
