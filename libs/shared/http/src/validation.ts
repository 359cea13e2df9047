import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { ValidationError } from '@kelisim/kernel';
import { RequestValidationError } from './request-validation.error.js';

/** Unknown fields are refused, types are converted from query strings, every bad field is named. */
export function kelisimValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => RequestValidationError.fromClassValidator(errors),
  });
}

/** A path id that must be a UUID; anything else is a 400 naming the parameter. */
export const uuidParam = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError(field, `${field} must be a UUID`) });
