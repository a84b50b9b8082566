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

export const objectiveOf = (problem: AllocationProblem, flows: ArrayLike<number>): number => {
  let total = 0;
  for (let index = 0; index < problem.edges.length; index++) total += flows[index]! * problem.edges[index]!.value;
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
