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

export class DeclinedPairs {
  private readonly byDemand = new Map<string, Map<ResourceKey, string>>();

  record(demandKey: string, resourceKey: ResourceKey, reason: string): void {
    const resources = this.byDemand.get(demandKey) ?? new Map<ResourceKey, string>();
    resources.set(resourceKey, reason);
    this.byDemand.set(demandKey, resources);
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
