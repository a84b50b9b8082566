/**
 * Where needs, resources and projects' funding gaps sit in the engine's bucket indexes, and which
 * buckets a lookup walks, nearest place first. Keys:
 * - resources: `${kind}|${category or *}|${place code}|${slot}` (slot: `d${day}`/`any` for volunteers, else `*`);
 * - needs: `need|${category or *}|${place code}`;
 * - projects as demands for money: `project|${category or *}|${place code}`.
 */
import { codesBetween, mostSpecificLevel, type DistanceLevel } from './area.js';
import type { ScanLevel } from './candidate-scan.js';
import type { NeedEntry, ProjectEntry, ResourceEntry } from './matching-entries.js';
import type { ResourceKind } from './matching.types.js';

/**
 * A key as one flat string. A template literal of this length is a tree of concatenations (a
 * `volunteer|education|c:350203001001|*` key was five 32-byte nodes over its parts, besides the
 * flat copy a Map lookup makes of it); a join is one string of its own. Keys a bucket keeps are
 * made this way: a bucket of one open need is most of them.
 */
const flatKey = (...parts: string[]): string => parts.join('|');

/** Every level of a need's place, its community first. */
const levelsOfNeed = (need: NeedEntry) => codesBetween(need.need.area, 'community', 'city');
const levelsOfProject = (project: ProjectEntry) => codesBetween(project.placement, mostSpecificLevel(project.placement), 'city');

/** The categories a resource is filed under (`*` for "any"). */
export function categoriesOf(entry: ResourceEntry): readonly string[] {
  switch (entry.kind) {
    case 'volunteer':
    case 'organisation':
    case 'project':
      return entry.resource.categories;
    case 'social-worker':
      return ['*'];
    case 'donation':
      return [entry.resource.earmark?.category ?? '*'];
  }
}

/** The places a resource reaches, its own first. */
export const reachLevelsOf = (entry: ResourceEntry): { level: DistanceLevel; code: string }[] =>
  codesBetween(entry.placement, mostSpecificLevel(entry.placement), entry.reach);

export function resourceBucketKeys(entry: ResourceEntry): string[] {
  const slots =
    entry.kind === 'volunteer'
      ? ['*', ...(entry.windows === undefined ? ['any'] : [...new Set(entry.windows.map((window) => `d${window.day}`))])]
      : ['*'];
  const keys: string[] = [];
  for (const category of new Set(categoriesOf(entry))) {
    for (const { code } of reachLevelsOf(entry)) {
      for (const slot of slots) keys.push(flatKey(entry.kind, category, code, slot));
    }
  }
  return keys;
}

export const needBucketKeys = (entry: NeedEntry): string[] =>
  levelsOfNeed(entry).flatMap(({ code }) => [flatKey('need', entry.need.category, code), flatKey('need', '*', code)]);

export const fundingBucketKeys = (entry: ProjectEntry): string[] =>
  [...new Set([...entry.resource.categories, '*'])].flatMap((category) => levelsOfProject(entry).map(({ code }) => flatKey('project', category, code)));

/** Buckets of resources of `kind` that may serve `need`: its category (or any), its time slot, nearest first. */
export function resourceScanLevels(need: NeedEntry, kind: ResourceKind): ScanLevel[] {
  const category = need.need.category;
  const categories = kind === 'social-worker' ? ['*'] : kind === 'donation' ? [category, '*'] : [category];
  const window = need.need.window;
  const slots = kind === 'volunteer' && window !== undefined ? [`d${window.day}`, 'any'] : ['*'];
  return levelsOfNeed(need).map(({ level, code }) => ({
    level,
    buckets: categories.flatMap((cat) => slots.map((slot) => `${kind}|${cat}|${code}|${slot}`)),
  }));
}

/** Buckets of needs (or, with `prefix` project, of funding gaps) inside a resource's reach. */
export const demandScanLevels = (entry: ResourceEntry, prefix: 'need' | 'project'): ScanLevel[] =>
  reachLevelsOf(entry).map(({ level, code }) => ({ level, buckets: categoriesOf(entry).map((category) => `${prefix}|${category}|${code}`) }));

/** Buckets of donations that may fill a project's funding gap: its categories or unearmarked, nearest first. */
export const fundingScanLevels = (project: ProjectEntry): ScanLevel[] =>
  levelsOfProject(project).map(({ level, code }) => ({
    level,
    buckets: [...project.resource.categories, '*'].map((category) => `donation|${category}|${code}|*`),
  }));

/** The category part of a bucket key (`donation|*|d:350203|*` -> `*`). */
export const categoryOfBucket = (bucket: string): string => bucket.slice(bucket.indexOf('|') + 1, bucket.indexOf('|', bucket.indexOf('|') + 1));
