/**
 * Values the matching feed derives from events' data, and the interner that lets every fold share
 * one copy of what many folds repeat.
 */
import type { DonationPledgedData, VolunteerAvailabilityDeclaredData } from '#domain';
import type { DonationEarmark } from '../matching.types.js';
import type { WeeklyWindow } from '../weekly-window.js';

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** ISO weekday 1 (Monday) .. 7 becomes the engine's day 0 .. 6. */
export const toWeeklyWindows = (windows: VolunteerAvailabilityDeclaredData['windows']): WeeklyWindow[] | undefined =>
  windows.length === 0
    ? undefined // "any time by arrangement": scored as unknown rather than as always free
    : windows.map((window) => ({ day: window.weekday - 1, fromMinute: minutesOf(window.from), toMinute: minutesOf(window.to) === 0 ? 1440 : minutesOf(window.to) }));

export const toEarmark = (earmark: DonationPledgedData['earmark']): DonationEarmark | undefined => {
  if (earmark === null) return undefined;
  const result: { -readonly [K in keyof DonationEarmark]: DonationEarmark[K] } = {};
  if (earmark.category) result.category = earmark.category;
  if (earmark.district) result.district = earmark.district;
  if (earmark.street) result.street = earmark.street;
  if (earmark.community) result.community = earmark.community;
  return result;
};

export const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

/** The map or set without `key`; undefined once empty, so a fold gives the memory of an empty one back. */
export function withoutKey<Value>(map: Map<string, Value> | undefined, key: string): Map<string, Value> | undefined;
export function withoutKey(set: Set<string> | undefined, key: string): Set<string> | undefined;
export function withoutKey(collection: Map<string, unknown> | Set<string> | undefined, key: string): Map<string, unknown> | Set<string> | undefined {
  if (collection === undefined) return undefined;
  collection.delete(key);
  return collection.size === 0 ? undefined : collection;
}

const SEPARATOR = '\u0001';

/**
 * One shared, frozen copy of each area, category, urgency and list of skills or categories the folds
 * hold. Every event's data is parsed into strings of its own, so without this each open need kept
 * its own copies of its community's names, its category and its skills (about a quarter of what an
 * open need cost the process). What is interned is bounded by the places and the vocabulary, not by
 * the log: identifiers and instants are never interned.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();
  private readonly places = new Map<string, object>();

  string<T extends string>(value: T): T {
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    this.strings.set(value, value);
    return value;
  }

  list<T extends string>(values: readonly T[]): readonly T[] {
    const key = values.join(SEPARATOR);
    const known = this.lists.get(key);
    if (known !== undefined && known.length === values.length) return known as readonly T[];
    const list = Object.freeze(values.map((value) => this.string(value)));
    this.lists.set(key, list);
    return list;
  }

  /** An area or area scope (an object of strings); anything else is answered as it is. */
  place<T extends object>(place: T): T {
    const entries = Object.entries(place);
    if (!entries.every(([, value]) => typeof value === 'string' || value === undefined)) return place;
    const key = entries.map(([name, value]) => (value === undefined ? `${name}\u0002` : `${name}=${value}`)).join(SEPARATOR);
    const known = this.places.get(key);
    if (known !== undefined) return known as T;
    const shared = Object.freeze(Object.fromEntries(entries.map(([name, value]) => [name, typeof value === 'string' ? this.string(value) : value]))) as T;
    this.places.set(key, shared);
    return shared;
  }
}
