/**
 * Commands arrive as JSON: their TypeScript types are a promise that a caller may break (an array
 * where an object belongs, a missing nested object). A fact is forever, and a projection that
 * cannot apply it stops, so every decider checks the shape it records with these guards, whatever
 * the HTTP layer let through. Each guard refuses with an `invalid` DomainError (400) and the
 * caller's stable code.
 */
import { invalid } from './domain-error.js';
import { AREA_LEVELS, type Area, type AreaLevel } from './values.js';

/** A JSON object: not null, not an array. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string with something in it besides white space. */
export const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** A required nested object; returns it typed as the command declares it. */
export function requireRecord<T extends object>(code: string, value: T | null | undefined, what: string): T {
  if (!isRecord(value)) throw invalid(code, `${what} is required and must be an object`, { received: describe(value) });
  return value;
}

/** An optional nested object: absent (undefined or null) is fine, anything but an object is not. */
export function optionalRecord<T extends object>(code: string, value: T | null | undefined, what: string): T | null {
  if (value === undefined || value === null) return null;
  return requireRecord(code, value, what);
}

/** A required free-text field, trimmed. */
export function requireText(code: string, value: string | null | undefined, what: string): string {
  if (!hasText(value)) throw invalid(code, `${what} is required`);
  return value.trim();
}

/** A required list; its items are checked by the caller. */
export function requireList<T>(code: string, value: readonly T[] | null | undefined, what: string): readonly T[] {
  if (!Array.isArray(value)) throw invalid(code, `${what} must be a list`, { received: describe(value) });
  return value;
}

/** City, district and street: what a community's registration states (its own id is the community level). */
export const ABOVE_COMMUNITY: readonly AreaLevel[] = ['city', 'district', 'street'];
/** Every level: where a fact about one community happened. */
export const EVERY_LEVEL: readonly AreaLevel[] = AREA_LEVELS;

/**
 * An area is an object whose levels are strings, the `required` ones non-blank; indicators and lists
 * file every fact under these levels. Returns a fresh area holding only the four levels, trimmed.
 */
export function requireArea(code: string, value: Partial<Area> | null | undefined, required: readonly AreaLevel[]): Area {
  if (!isRecord(value)) throw invalid(code, 'An area is required: an object with city, district, street and community', { received: describe(value) });
  const levelOf = (level: AreaLevel): string => {
    const text = value[level];
    if (text === undefined || text === null) return '';
    if (typeof text !== 'string') throw invalid(code, `The area's ${level} must be text`, { level });
    return text.trim();
  };
  const area: Area = { city: levelOf('city'), district: levelOf('district'), street: levelOf('street'), community: levelOf('community') };
  const missing = required.filter((level) => area[level] === '');
  if (missing.length > 0) throw invalid(code, `The area lacks its ${missing.join(', ')}`, { missing });
  // The tree has no gaps: a street is named within its district, so {city, street} names no place.
  const gap = AREA_LEVELS.findIndex((level, index) => area[level] === '' && AREA_LEVELS.slice(index + 1).some((below) => area[below] !== ''));
  if (gap >= 0) throw invalid(code, `The area names a level below its ${AREA_LEVELS[gap]} without naming the ${AREA_LEVELS[gap]}`, { missing: [AREA_LEVELS[gap]] });
  return area;
}

/** What arrived instead of the expected shape, for the error's details (never the value: it may be personal). */
const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
