import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { HttpApiError } from './api-error.js';

interface FieldError {
  field: string;
  constraints: Record<string, string>;
}

/** class-validator's nested errors as one list of dotted fields. */
export const flatten = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, constraints: error.constraints }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });

/**
 * Every input is a DTO: unknown fields are refused (not silently dropped), types are converted
 * only where the DTO says so, and the answer lists each failing field.
 */
/** The validator options of every DTO; a bulk import validates its rows with the same. */
export const DTO_VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, validationError: { target: false, value: false } } as const;

export const apiValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    ...DTO_VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) =>
      new HttpApiError(400, 'VALIDATION_FAILED', 'The request has invalid fields', { fields: flatten(errors) }),
  });
