/**
 * Places in the administrative tree (city > district > street > community) and distances in it.
 * Codes are the statistical division codes (统计用区划代码), unique across the country, so a
 * community code alone identifies a community.
 */
import type { Area } from '#domain';

/** A place known down to some level: a street station knows its street, not a community. */
export interface AreaScope {
  readonly city?: string;
  readonly district: string;
  readonly street?: string;
  readonly community?: string;
}

/** Nearest first. `outside` means not even the same city. */
export const DISTANCE_LEVELS = ['community', 'street', 'district', 'city'] as const;
export type DistanceLevel = (typeof DISTANCE_LEVELS)[number];

export const distanceRank = (level: DistanceLevel): number => DISTANCE_LEVELS.indexOf(level);

/** How far a resource placed at `placement` is from a need in `area`; null when in another city. */
export function distanceBetween(placement: AreaScope, area: Area): DistanceLevel | null {
  if (placement.community !== undefined && placement.community === area.community) return 'community';
  if (placement.street !== undefined && placement.street === area.street) return 'street';
  if (placement.district === area.district) return 'district';
  if (placement.city !== undefined && placement.city === area.city) return 'city';
  return null;
}

/** Distance between two scopes (a donation and a project), judged on the levels both name. */
export function distanceBetweenScopes(a: AreaScope, b: AreaScope): DistanceLevel | null {
  if (a.community !== undefined && a.community === b.community) return 'community';
  if (a.street !== undefined && a.street === b.street) return 'street';
  if (a.district === b.district) return 'district';
  if (a.city !== undefined && a.city === b.city) return 'city';
  return null;
}

/** The most specific level a scope names. */
export function mostSpecificLevel(scope: AreaScope): DistanceLevel {
  if (scope.community !== undefined) return 'community';
  if (scope.street !== undefined) return 'street';
  return 'district';
}

/** Whether everything `outer` names is also true of `inner` (a need's area inside an earmark or project scope). */
export function scopeContains(
  outer: { readonly city?: string; readonly district?: string; readonly street?: string; readonly community?: string },
  inner: { readonly city?: string; readonly district?: string; readonly street?: string; readonly community?: string },
): boolean {
  return (
    (outer.community === undefined || outer.community === inner.community) &&
    (outer.street === undefined || outer.street === inner.street) &&
    (outer.district === undefined || outer.district === inner.district) &&
    (outer.city === undefined || outer.city === inner.city)
  );
}

/** The code of a scope at one level, or undefined when the scope does not name that level. */
export function codeAt(scope: AreaScope | Area, level: DistanceLevel): string | undefined {
  switch (level) {
    case 'community':
      return scope.community === undefined ? undefined : `c:${scope.community}`;
    case 'street':
      return scope.street === undefined ? undefined : `s:${scope.street}`;
    case 'district':
      return `d:${scope.district}`;
    case 'city':
      return scope.city === undefined ? undefined : `y:${scope.city}`;
  }
}

/** Codes of a scope from `from` up to `to` (inclusive), skipping levels it does not name. */
export function codesBetween(scope: AreaScope | Area, from: DistanceLevel, to: DistanceLevel): { level: DistanceLevel; code: string }[] {
  const result: { level: DistanceLevel; code: string }[] = [];
  for (let rank = distanceRank(from); rank <= distanceRank(to); rank++) {
    const level = DISTANCE_LEVELS[rank]!;
    const code = codeAt(scope, level);
    if (code !== undefined) result.push({ level, code });
  }
  return result;
}
