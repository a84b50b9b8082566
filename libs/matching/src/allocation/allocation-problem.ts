/**
 * A batch allocation as a transportation problem: demands (needs, or project funding gaps) want
 * integer units, supplies (resources) hold integer units, and each allowed (demand, supply) edge
 * is worth `value` per unit moved. Solvers return units per edge; the best ones maximise total worth.
 *
 * Units are what makes capacities integral: an hour of a person's week, a block of fen (e.g. 100
 * yuan), a carrier slot. The engine builds one problem per kind of unit and maps units back.
 */

export interface AllocationDemand {
  readonly key: string;
  readonly units: number;
  /**
   * False when this demand's edges were cut to its best candidates (top K) rather than every
   * eligible supply: the solution is then optimal for the candidate graph, not provably overall.
   */
  readonly candidatesComplete?: boolean;
}

export interface AllocationSupply {
  readonly key: string;
  readonly units: number;
  /** What each unit this supply gives costs (fairness); absent: giving is free. */
  readonly givingCost?: GivingCost;
}

/**
 * The fairness term in a batch: the k-th unit a supply gives in this batch (0-based) costs
 * min(max, round(perReceivedUnit * (received + k))) worth: in proportion to what the resource has
 * already received, recently and earlier in the same batch. The cost never falls as a supply gives
 * more (it is convex), so the exact solver stays exact: the supply's arc to the sink becomes one
 * arc per run of equally priced units and a min-cost flow fills the cheaper runs first.
 */
export interface GivingCost {
  /** Units the resource received before this batch (its recent allocations and assignments). */
  readonly received: number;
  /** Worth each unit already received takes off the next unit it gives. */
  readonly perReceivedUnit: number;
  /** The most one unit can cost: reached at the resource's fair share. */
  readonly max: number;
}

export interface AllocationEdge {
  /** Index into `demands`. */
  readonly demand: number;
  /** Index into `supplies`. */
  readonly supply: number;
  /** Worth of one unit moved along this edge; a non-negative integer. */
  readonly value: number;
}

export interface AllocationProblem {
  readonly demands: readonly AllocationDemand[];
  readonly supplies: readonly AllocationSupply[];
  readonly edges: readonly AllocationEdge[];
}

/**
 * How a (sub)problem was solved:
 * - `exact`: min-cost flow over every eligible edge: provably optimal.
 * - `exact-on-candidates`: min-cost flow, optimal over the candidate edges kept (best K per demand).
 * - `greedy-augmented`: still above the size limit after pruning; best-edge-first greedy then improving swaps.
 * - `greedy`: plain greedy, when asked for.
 */
export type SolverPath = 'exact' | 'exact-on-candidates' | 'greedy-augmented' | 'greedy';

export interface ComponentReport {
  readonly demands: number;
  readonly supplies: number;
  readonly edges: number;
  readonly path: SolverPath;
  readonly objective: number;
}

export interface AllocationSolution {
  /** Units moved along each edge of the problem, same order as `problem.edges`. */
  readonly flows: Float64Array;
  readonly objective: number;
  readonly components: readonly ComponentReport[];
}

/** Worth the unit number `given` (0-based within the batch) of `supply` costs; an integer, non-decreasing in `given`. */
export const unitCost = (supply: AllocationSupply, given: number): number => {
  const cost = supply.givingCost;
  if (cost === undefined) return 0;
  return Math.min(cost.max, Math.round(cost.perReceivedUnit * (cost.received + given)));
};

/** What giving `units` costs `supply` in all. */
export const givingCostOf = (supply: AllocationSupply, units: number): number => {
  if (supply.givingCost === undefined) return 0;
  let total = 0;
  for (let given = 0; given < units; given++) total += unitCost(supply, given);
  return total;
};

/** The supply's units as runs of equal cost, cheapest first: the parallel arcs the exact solver gives it. */
export function costTiers(supply: AllocationSupply): { units: number; cost: number }[] {
  if (supply.givingCost === undefined || supply.units <= 0) return supply.units > 0 ? [{ units: supply.units, cost: 0 }] : [];
  const tiers: { units: number; cost: number }[] = [];
  for (let given = 0; given < supply.units; given++) {
    const cost = unitCost(supply, given);
    if (cost === supply.givingCost.max) {
      tiers.push({ units: supply.units - given, cost }); // every further unit costs the most
      break;
    }
    const last = tiers[tiers.length - 1];
    if (last !== undefined && last.cost === cost) last.units++;
    else tiers.push({ units: 1, cost });
  }
  return tiers;
}

/** Total worth of `flows`: the edges' values less what giving cost the supplies. */
export const objectiveOf = (problem: AllocationProblem, flows: ArrayLike<number>): number => {
  let total = 0;
  const given = problem.supplies.some((supply) => supply.givingCost !== undefined) ? new Float64Array(problem.supplies.length) : null;
  for (let index = 0; index < problem.edges.length; index++) {
    const edge = problem.edges[index]!;
    total += flows[index]! * edge.value;
    if (given !== null) given[edge.supply]! += flows[index]!;
  }
  if (given !== null) problem.supplies.forEach((supply, index) => (total -= givingCostOf(supply, given[index]!)));
  return total;
};

/** Every way `flows` breaks the problem's capacities; empty when feasible. */
export function allocationViolations(problem: AllocationProblem, flows: ArrayLike<number>): string[] {
  const violations: string[] = [];
  if (flows.length !== problem.edges.length) return [`expected ${problem.edges.length} flows, got ${flows.length}`];
  const demandUsed = new Float64Array(problem.demands.length);
  const supplyUsed = new Float64Array(problem.supplies.length);
  problem.edges.forEach((edge, index) => {
    const units = flows[index]!;
    if (!Number.isInteger(units) || units < 0) violations.push(`edge ${index} carries ${units} units`);
    demandUsed[edge.demand]! += units;
    supplyUsed[edge.supply]! += units;
  });
  problem.demands.forEach((demand, index) => {
    if (demandUsed[index]! > demand.units) violations.push(`demand ${demand.key} gets ${demandUsed[index]} of ${demand.units} units`);
  });
  problem.supplies.forEach((supply, index) => {
    if (supplyUsed[index]! > supply.units) violations.push(`supply ${supply.key} gives ${supplyUsed[index]} of ${supply.units} units`);
  });
  return violations;
}
