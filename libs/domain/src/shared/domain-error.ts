/**
 * Errors are values with stable codes. The kind decides the HTTP status in ONE place
 * (apps/api error filter): the domain never knows about HTTP.
 */
export type DomainErrorKind =
  /** The input is malformed in a way a DTO cannot express (400). */
  | 'invalid'
  /** The aggregate does not exist (404). */
  | 'not_found'
  /** The aggregate is in a state where the command makes no sense (409). */
  | 'conflict'
  /** A rule from the seeds (numbered in DOMAIN.md) or a business rule forbids it (422). */
  | 'rule'
  /** The actor may not ask this: its role, its area or whose record it is (403). */
  | 'forbidden';

export class DomainError extends Error {
  constructor(
    /** Stable, SCREAMING_SNAKE_CASE code clients can switch on: `NEED_ALREADY_FULFILLED`. */
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    /** Machine-readable specifics (limits, actual values, the rule number). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'invalid', message, details);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'not_found', message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'conflict', message, details);
/** A broken rule; pass the DOMAIN.md rule number when it is one of the seeds' rules. */
export const ruleBroken = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'rule', message, details);
/** The actor may not ask this (who may do what: libs/application/src/authority). */
export const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, 'forbidden', message, details);
