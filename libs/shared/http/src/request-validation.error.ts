import type { ValidationError as ClassValidatorError } from 'class-validator';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** 400 raised by the global ValidationPipe; `errors` names every bad field by its path. */
export class RequestValidationError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid fields: ${errors.map((e) => e.field).join(', ')}`);
  }

  static fromClassValidator(errors: ClassValidatorError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: ClassValidatorError[], parent: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({
      field,
      code: code === 'whitelistValidation' ? 'unknownField' : code,
      message: code === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
