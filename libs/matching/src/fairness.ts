/**
 * The fairness term: how much a resource already received inside the window, measured against its
 * kind's fair share. The score reads it as a factor (1 = nothing received yet, 0 = a full share or
 * more); the batch turns it into a giving cost per unit, so a resource that takes more pays more
 * for each further unit (allocation-problem.ts, `GivingCost`).
 */
import type { GivingCost } from './allocation/allocation-problem.js';
import type { ResourceEntry } from './matching-entries.js';
import type { MatchingOptions } from './matching-options.js';
import { FAIRNESS_KINDS, type FairnessKind, type MatchingWeights } from './matching-weights.js';

const DAY_MS = 86_400_000;

export const receivesWork = (kind: ResourceEntry['kind']): kind is FairnessKind => (FAIRNESS_KINDS as readonly string[]).includes(kind);

/** Weekly hours (people) or needs (carriers) the resource received inside the window ending at `nowMs`. */
export function receivedWithin(entry: ResourceEntry, weights: MatchingWeights, nowMs: number): number {
  const since = nowMs - weights.fairness.windowDays * DAY_MS;
  let received = 0;
  for (const receipt of entry.receipts) if (receipt.atMs > since && receipt.atMs <= nowMs) received += receipt.amount;
  return received;
}

/** The factor's value: 1 with nothing received, falling in proportion to 0 at the fair share. */
export const fairnessValue = (kind: FairnessKind, received: number, weights: MatchingWeights): number =>
  Math.max(0, 1 - received / weights.fairness.fairShare[kind]);

/** The readable line: what was received, against what share, over which window. */
export function describeReceived(kind: FairnessKind, received: number, weights: MatchingWeights): string {
  const { windowDays, fairShare } = weights.fairness;
  const unit = kind === 'volunteer' || kind === 'social-worker' ? 'weekly hours' : 'needs';
  if (received === 0) return `received nothing in the last ${windowDays} days`;
  return `received ${Math.round(received * 100) / 100} of a fair share of ${fairShare[kind]} ${unit} in the last ${windowDays} days`;
}

/**
 * The batch's giving cost for a supply whose unit is `unitSize` of its kind's amount (an hour unit,
 * one carrier slot): each unit costs valueScale * coverage.low * inAllocation * (load / fair share),
 * the load counting what was received before the batch and the units given earlier in it, capped
 * at a full share. Undefined when the kind receives no work or the term is off.
 */
export function givingCostFor(entry: ResourceEntry, weights: MatchingWeights, options: MatchingOptions, nowMs: number, unitSize: number): GivingCost | undefined {
  if (!receivesWork(entry.kind) || weights.fairness.inAllocation === 0) return undefined;
  const max = options.valueScale * weights.coverage.low * weights.fairness.inAllocation;
  const shareInUnits = weights.fairness.fairShare[entry.kind] / unitSize;
  return { received: receivedWithin(entry, weights, nowMs) / unitSize, perReceivedUnit: max / shareInUnits, max: Math.round(max) };
}
