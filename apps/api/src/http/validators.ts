import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsDefined, IsObject, Matches, ValidateBy, ValidateIf, ValidateNested, type ValidationOptions } from 'class-validator';
import { beijingWallClockInstant, DATE_RANGE_TEXT, isCalendarDate, isCalendarMonth, isIsoInstant } from '#domain';

/**
 * The field types every DTO is written in, so that each kind of input is checked one way
 * everywhere: nested objects, optional fields, calendar dates and decimal quantities.
 * (Free text is checked once for every string of every body and query in `request-input.ts`.)
 */

/** Ids in paths and bodies: letters, digits, '-' and '_', at most 64. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * Adds to a property's OpenAPI schema without overriding what its ApiProperty says, so that the
 * checks below document themselves (format, pattern, multipleOf).
 */
const documented = (schema: Record<string, unknown>): PropertyDecorator => ApiProperty(schema);

/** An id in a path or body (ID_PATTERN). */
export const IsId = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(Matches(ID_PATTERN, options), documented({ pattern: ID_PATTERN.source, ...(options?.each ? {} : { maxLength: 64 }) }));

/** One billion yuan in fen: bounds typos, not generosity. */
export const MAX_FEN = 100_000_000_000;
/** Descriptions, reasons and comments. */
export const TEXT_MAX_LENGTH = 2000;

/**
 * An optional field: only an OMITTED field is skipped. `null` is validated like any other value and
 * so refused, because a `null` that meant "all" (a refund's amount) or "nothing" is an ambiguity a
 * client should never be able to send. (class-validator's `IsOptional` skips `null` too.)
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/**
 * A nested object of the given DTO: required unless `optional`, an object and never an array or a
 * scalar, and validated field by field.
 */
export const NestedObject = (type: () => new () => object, { optional = false }: { optional?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    optional ? Optional() : IsDefined({ message: '$property is required' }),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  );

/** A list of nested objects of the given DTO; each element must be an object. */
export const NestedArray = (type: () => new () => object, { optional = false }: { optional?: boolean } = {}): PropertyDecorator =>
  applyDecorators(
    optional ? Optional() : IsDefined({ message: '$property is required' }),
    IsArray(),
    IsObject({ each: true, message: 'each of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
  );

const DECIMAL_NOTATION = /^-?\d{1,16}(\.\d{1,16})?$/;

/**
 * A number in a query string, converted only from plain decimal notation: '0x10', '1e3', '' and
 * ' 7' stay strings, so the number check after it refuses them (`Number()` would accept them all).
 */
export const QueryNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL_NOTATION.test(value) ? Number(value) : value));

/**
 * The date-like fields of every body and query, each one way and all bounded to the calendar's
 * range (DATE_RANGE_TEXT, shared/calendar.ts): a year 0001 or 9999 is 400 VALIDATION_FAILED naming
 * the field, like any other malformed date.
 */
const dateCheck = (name: string, check: (value: unknown) => boolean, written: string, schema: Record<string, unknown>) =>
  (options?: ValidationOptions): PropertyDecorator =>
    applyDecorators(documented(schema), ValidateBy(
      {
        name,
        validator: {
          validate: (value: unknown) => check(value),
          defaultMessage: () => `$property must be ${written}, between ${DATE_RANGE_TEXT} (Beijing)`,
        },
      },
      options,
    ));

/** A real Beijing calendar date 'YYYY-MM-DD' ('2026-02-30', '2026-13-01' and '9999-12-31' are refused). */
export const IsCalendarDate = dateCheck('isCalendarDate', isCalendarDate, 'a real calendar date written YYYY-MM-DD', { format: 'date' });
/** A Beijing calendar month 'YYYY-MM'. */
export const IsCalendarMonth = dateCheck('isCalendarMonth', isCalendarMonth, 'a calendar month written YYYY-MM', { pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
/** An instant with its offset, '2027-01-15T10:00:00+08:00' (ISO 8601, seconds optional). */
export const IsInstant = dateCheck('isInstant', isIsoInstant, 'an instant with its offset, e.g. 2027-01-15T10:00:00+08:00', { format: 'date-time', maxLength: 40 });
/** A Beijing wall-clock time 'YYYY-MM-DDTHH:mm' (no offset: Beijing is meant). */
export const IsBeijingWallClock = dateCheck('isBeijingWallClock', (value) => beijingWallClockInstant(value) !== null, 'a Beijing time written YYYY-MM-DDTHH:mm', {
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
});

/** True for a finite number with at most `places` decimals, whatever its notation (1e-7 has 7). */
export const hasDecimalPlaces = (value: unknown, places: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value;

/**
 * A finite decimal number with at most `places` decimals: hours (to the hundredth), scores.
 * Replaces class-validator's `IsNumber({ maxDecimalPlaces })`, which throws on exponent notation.
 */
export const IsDecimal = (places: number, options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(documented({ type: 'number', multipleOf: 10 ** -places }), ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (value: unknown) => hasDecimalPlaces(value, places),
        defaultMessage: () => `$property must be a number with at most ${places} decimals`,
      },
    },
    options,
  ));
