/**
 * Greedy allocations: the baselines the exact solver is compared with, and the fallback above the
 * exact solver's size limit.
 */
import { unitCost, type AllocationProblem } from './allocation-problem.js';

export type GreedyOrder =
  /** Take edges by worth per unit, highest first: the natural "best match first" heuristic. */
  | 'best-edge-first'
  /** Serve demands in the order given (first come, first served), each taking its best edges. */
  | 'demand-order';

const byValueThenIds = (problem: AllocationProblem) => (left: number, right: number) => {
  const a = problem.edges[left]!;
  const b = problem.edges[right]!;
  return b.value - a.value || a.demand - b.demand || a.supply - b.supply;
};

/** Greedy over the sub-problem `edgeIds`; writes units into `flows`, returns the worth. */
export function greedyOnEdges(
  problem: AllocationProblem,
  edgeIds: readonly number[],
  flows: Float64Array,
  order: GreedyOrder,
  demandLeft: Float64Array,
  supplyLeft: Float64Array,
): number {
  const sorted = [...edgeIds].sort(byValueThenIds(problem));
  if (order === 'demand-order') sorted.sort((left, right) => problem.edges[left]!.demand - problem.edges[right]!.demand || byValueThenIds(problem)(left, right));
  let objective = 0;
  for (const edgeId of sorted) {
    const edge = problem.edges[edgeId]!;
    if (edge.value <= 0) continue;
    const supply = problem.supplies[edge.supply]!;
    let units = Math.min(demandLeft[edge.demand]!, supplyLeft[edge.supply]!);
    if (units <= 0) continue;
    let worth = units * edge.value;
    if (supply.givingCost !== undefined) {
      // A supply that gives at a cost gives a unit only while the unit still adds worth.
      const given = supply.units - supplyLeft[edge.supply]!;
      let taken = 0;
      worth = 0;
      while (taken < units && edge.value - unitCost(supply, given + taken) > 0) worth += edge.value - unitCost(supply, given + taken++);
      units = taken;
      if (units <= 0) continue;
    }
    flows[edgeId]! += units;
    demandLeft[edge.demand]! -= units;
    supplyLeft[edge.supply]! -= units;
    objective += worth;
  }
  return objective;
}

/**
 * Improves a greedy flow by moving units along augmenting paths of length three:
 * unserved demand d takes units of supply s from demand d2, which moves to a supply s2 with units
 * left. Applied while some move gains worth, within `moveBudget` path evaluations. This is a local
 * search: cheaper than the exact solver and never worse than the greedy start, but not optimal.
 */
export function improveByShortAugmentingPaths(
  problem: AllocationProblem,
  edgeIds: readonly number[],
  flows: Float64Array,
  demandLeft: Float64Array,
  supplyLeft: Float64Array,
  moveBudget: number,
): number {
  const edgesOfDemand = new Map<number, number[]>();
  const edgesOfSupply = new Map<number, number[]>();
  for (const edgeId of [...edgeIds].sort(byValueThenIds(problem))) {
    const edge = problem.edges[edgeId]!;
    if (edge.value <= 0) continue;
    (edgesOfDemand.get(edge.demand) ?? edgesOfDemand.set(edge.demand, []).get(edge.demand)!).push(edgeId);
    (edgesOfSupply.get(edge.supply) ?? edgesOfSupply.set(edge.supply, []).get(edge.supply)!).push(edgeId);
  }
  let gained = 0;
  let evaluations = 0;
  let improved = true;
  while (improved && evaluations < moveBudget) {
    improved = false;
    for (const [demand, ownEdges] of edgesOfDemand) {
      if (demandLeft[demand]! <= 0) continue;
      for (const takeEdge of ownEdges) {
        if (demandLeft[demand]! <= 0 || evaluations >= moveBudget) break;
        const supply = problem.edges[takeEdge]!.supply;
        for (const giveEdge of edgesOfSupply.get(supply) ?? []) {
          if (flows[giveEdge]! <= 0 || giveEdge === takeEdge) continue;
          const displaced = problem.edges[giveEdge]!.demand;
          if (displaced === demand) continue;
          for (const moveEdge of edgesOfDemand.get(displaced) ?? []) {
            evaluations++;
            const target = problem.edges[moveEdge]!.supply;
            if (target === supply || supplyLeft[target]! <= 0) continue;
            // The target gives one more unit, so it pays that unit's giving cost (none without fairness).
            const targetSupply = problem.supplies[target]!;
            const targetCost = unitCost(targetSupply, targetSupply.units - supplyLeft[target]!);
            const gain = problem.edges[takeEdge]!.value - problem.edges[giveEdge]!.value + problem.edges[moveEdge]!.value - targetCost;
            if (gain <= 0) continue;
            // At a giving cost the next unit may cost more: move one at a time, re-priced each time.
            const units = targetSupply.givingCost === undefined ? Math.min(demandLeft[demand]!, flows[giveEdge]!, supplyLeft[target]!) : 1;
            flows[takeEdge]! += units;
            flows[giveEdge]! -= units;
            flows[moveEdge]! += units;
            demandLeft[demand]! -= units;
            supplyLeft[target]! -= units;
            gained += units * gain;
            improved = true;
            if (demandLeft[demand]! <= 0 || flows[giveEdge]! <= 0) break;
          }
          if (demandLeft[demand]! <= 0) break;
        }
      }
    }
  }
  return gained;
}
