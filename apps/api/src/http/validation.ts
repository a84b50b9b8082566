import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { HttpApiError } from './api-error.js';

interface FieldError {
  field: string;
  constraints: Record<string, string>;
}

const flatten = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, constraints: error.constraints }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Every input is a DTO: unknown fields are refused (not silently dropped), types are converted
 * only where the DTO says so, and the answer lists each failing field.
 */
export const apiValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new HttpApiError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { fields: flatten(errors) }),
  });
