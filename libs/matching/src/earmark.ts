/**
 * Rule 12: an earmarked donation goes only to its category and area. Self-contained here (the domain
 * may have its own helper) so the engine never proposes, nor allocates, against a donor's restriction.
 */
import type { Area, ServiceCategory } from '#domain';
import { scopeContains, type AreaScope } from './area.js';
import type { DonationEarmark } from './matching.types.js';

const namesArea = (earmark: DonationEarmark) =>
  earmark.district !== undefined || earmark.street !== undefined || earmark.community !== undefined;

/** Whether a donation with `earmark` may fund a need of `category` in `area`. */
export function earmarkAllows(earmark: DonationEarmark | undefined, need: { readonly category: ServiceCategory; readonly area: Area }): boolean {
  if (earmark === undefined) return true;
  if (earmark.category !== undefined && earmark.category !== need.category) return false;
  return scopeContains(earmark, need.area);
}

/**
 * Whether a donation with `earmark` may fill a project's funding gap: the earmarked category must be
 * one of the project's, and the project's whole area must lie inside the earmarked area.
 */
export function earmarkAllowsProject(
  earmark: DonationEarmark | undefined,
  project: { readonly categories: readonly ServiceCategory[]; readonly area: AreaScope },
): boolean {
  if (earmark === undefined) return true;
  if (earmark.category !== undefined && !project.categories.includes(earmark.category)) return false;
  return scopeContains(earmark, project.area);
}

/** How precisely the earmark names a place: the earmark factor's key. */
export function earmarkSpecificity(earmark: DonationEarmark | undefined): 'community' | 'street' | 'district' | 'categoryOnly' | 'none' {
  if (earmark === undefined) return 'none';
  if (earmark.community !== undefined) return 'community';
  if (earmark.street !== undefined) return 'street';
  if (earmark.district !== undefined) return 'district';
  return earmark.category !== undefined ? 'categoryOnly' : 'none';
}

export const earmarkNamesArea = namesArea;
