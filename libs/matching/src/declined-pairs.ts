/**
 * Pairs a committee (or a donor, for a project's funding gap) declined: never proposed nor
 * allocated again, even if the need or the resource comes back. Keyed by demand (`need:n-1`,
 * `project:p-1`) then resource key, with the reason kept for the record.
 */
import type { ResourceKey } from './matching.types.js';

/** A declined pair as stored, so a projector can persist and replay them. */
export interface DeclinedPair {
  readonly demandKey: string;
  readonly resourceKey: ResourceKey;
  readonly reason: string;
}

const NEED_PREFIX = 'need:';

/** A need's demand key (`need:n-1`), made when asked for: an open need keeps none of its own. */
export const needDemandKey = (needId: string): string => NEED_PREFIX + needId;

export class DeclinedPairs {
  private readonly byDemand = new Map<string, Map<ResourceKey, string>>();
  /** Resource key -> ids of the needs that declined it: a resource's scan of needs checks ids, not keys. */
  private readonly needsByResource = new Map<ResourceKey, Set<string>>();

  record(demandKey: string, resourceKey: ResourceKey, reason: string): void {
    const resources = this.byDemand.get(demandKey) ?? new Map<ResourceKey, string>();
    resources.set(resourceKey, reason);
    this.byDemand.set(demandKey, resources);
    if (demandKey.startsWith(NEED_PREFIX)) {
      const needs = this.needsByResource.get(resourceKey) ?? new Set<string>();
      needs.add(demandKey.slice(NEED_PREFIX.length));
      this.needsByResource.set(resourceKey, needs);
    }
  }

  /** Ids of the needs that declined this resource. */
  needsDeclining(resourceKey: ResourceKey): ReadonlySet<string> | undefined {
    return this.needsByResource.get(resourceKey);
  }

  has(demandKey: string, resourceKey: ResourceKey): boolean {
    return this.byDemand.get(demandKey)?.has(resourceKey) ?? false;
  }

  /** The resources declined for one demand (a scan checks them without rehashing the demand). */
  of(demandKey: string): ReadonlyMap<ResourceKey, string> | undefined {
    return this.byDemand.get(demandKey);
  }

  pairs(): DeclinedPair[] {
    const pairs: DeclinedPair[] = [];
    for (const [demandKey, resources] of this.byDemand) {
      for (const [resourceKey, reason] of resources) pairs.push({ demandKey, resourceKey, reason });
    }
    return pairs;
  }
}
