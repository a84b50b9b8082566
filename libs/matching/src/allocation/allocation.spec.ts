import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { allocationViolations, costTiers, givingCostOf, objectiveOf, unitCost, type AllocationProblem } from './allocation-problem.js';
import { allocateExact, allocateGreedy, allocateOptimal, componentsOf } from './solve-allocation.js';

/** Best worth by trying every integer flow: the ground truth for tiny problems. */
function bruteForceBest(problem: AllocationProblem): number {
  const flows = new Array<number>(problem.edges.length).fill(0);
  const demandLeft = problem.demands.map((demand) => demand.units);
  const supplyLeft = problem.supplies.map((supply) => supply.units);
  let best = 0;
  const visit = (edgeIndex: number, worth: number) => {
    if (edgeIndex === problem.edges.length) {
      // Giving costs depend on each supply's total, so they are charged once the flow is complete.
      const givingCosts = problem.supplies.reduce((total, supply, index) => total + givingCostOf(supply, supply.units - supplyLeft[index]!), 0);
      best = Math.max(best, worth - givingCosts);
      return;
    }
    const edge = problem.edges[edgeIndex]!;
    const most = Math.min(demandLeft[edge.demand]!, supplyLeft[edge.supply]!);
    for (let units = 0; units <= most; units++) {
      demandLeft[edge.demand]! -= units;
      supplyLeft[edge.supply]! -= units;
      flows[edgeIndex] = units;
      visit(edgeIndex + 1, worth + units * edge.value);
      demandLeft[edge.demand]! += units;
      supplyLeft[edge.supply]! += units;
    }
  };
  visit(0, 0);
  return best;
}

/**
 * Optimality certificate: a max-worth flow is optimal iff its residual graph, closed by a free
 * sink -> source arc, has no negative cycle (Bellman-Ford from every node at once).
 */
function hasImprovingCycle(problem: AllocationProblem, flows: Float64Array): boolean {
  const demandCount = problem.demands.length;
  const source = demandCount + problem.supplies.length;
  const sink = source + 1;
  const arcs: [number, number, number][] = [];
  const demandUsed = new Float64Array(demandCount);
  const supplyUsed = new Float64Array(problem.supplies.length);
  problem.edges.forEach((edge, index) => {
    const capacity = Math.min(problem.demands[edge.demand]!.units, problem.supplies[edge.supply]!.units);
    const demandNode = edge.demand;
    const supplyNode = demandCount + edge.supply;
    if (flows[index]! < capacity) arcs.push([demandNode, supplyNode, -edge.value]);
    if (flows[index]! > 0) arcs.push([supplyNode, demandNode, edge.value]);
    demandUsed[edge.demand]! += flows[index]!;
    supplyUsed[edge.supply]! += flows[index]!;
  });
  problem.demands.forEach((demand, index) => {
    if (demandUsed[index]! < demand.units) arcs.push([source, index, 0]);
    if (demandUsed[index]! > 0) arcs.push([index, source, 0]);
  });
  problem.supplies.forEach((supply, index) => {
    if (supplyUsed[index]! < supply.units) arcs.push([demandCount + index, sink, 0]);
    if (supplyUsed[index]! > 0) arcs.push([sink, demandCount + index, 0]);
  });
  arcs.push([sink, source, 0]);
  if (flows.some((units) => units > 0)) arcs.push([source, sink, 0]);
  const distance = new Float64Array(sink + 1);
  for (let round = 0; round <= sink + 1; round++) {
    let changed = false;
    for (const [from, to, cost] of arcs) {
      if (distance[from]! + cost < distance[to]!) {
        distance[to] = distance[from]! + cost;
        changed = true;
      }
    }
    if (!changed) return false;
  }
  return true;
}

const problemArbitrary = (maxDemands: number, maxSupplies: number, maxEdges: number, maxUnits: number, maxValue: number) =>
  fc
    .record({
      demands: fc.array(fc.integer({ min: 0, max: maxUnits }), { minLength: 1, maxLength: maxDemands }),
      supplies: fc.array(fc.integer({ min: 0, max: maxUnits }), { minLength: 1, maxLength: maxSupplies }),
    })
    .chain(({ demands, supplies }) =>
      fc
        .array(
          fc.record({
            demand: fc.integer({ min: 0, max: demands.length - 1 }),
            supply: fc.integer({ min: 0, max: supplies.length - 1 }),
            value: fc.integer({ min: 0, max: maxValue }),
          }),
          { maxLength: maxEdges },
        )
        .map(
          (edges): AllocationProblem => ({
            demands: demands.map((units, index) => ({ key: `d${index}`, units })),
            supplies: supplies.map((units, index) => ({ key: `s${index}`, units })),
            edges,
          }),
        ),
    );

/** The same problems with a fairness cost on some supplies: what each already received, and the price of a received unit. */
const problemWithGivingCostsArbitrary = (maxDemands: number, maxSupplies: number, maxEdges: number, maxUnits: number, maxValue: number) =>
  problemArbitrary(maxDemands, maxSupplies, maxEdges, maxUnits, maxValue).chain((problem) =>
    fc
      .array(
        fc.option(fc.record({ received: fc.integer({ min: 0, max: 6 }), perReceivedUnit: fc.double({ min: 0, max: 4, noNaN: true }), max: fc.integer({ min: 0, max: maxValue }) }), { nil: undefined }),
        { minLength: problem.supplies.length, maxLength: problem.supplies.length },
      )
      .map((costs): AllocationProblem => ({
        ...problem,
        supplies: problem.supplies.map((supply, index) => (costs[index] === undefined ? supply : { ...supply, givingCost: costs[index] })),
      })),
  );

/** Two needs, two volunteers: A fits X best, but X is the only one who can serve B. */
const greedyTrap: AllocationProblem = {
  demands: [
    { key: 'need:A', units: 2 },
    { key: 'need:B', units: 2 },
  ],
  supplies: [
    { key: 'volunteer:X', units: 2 },
    { key: 'volunteer:Y', units: 2 },
  ],
  edges: [
    { demand: 0, supply: 0, value: 10 },
    { demand: 0, supply: 1, value: 9 },
    { demand: 1, supply: 0, value: 8 },
  ],
};

describe('exact allocation (min-cost flow)', () => {
  it('finds the brute-force optimum on every small problem', () => {
    fc.assert(
      fc.property(problemArbitrary(3, 3, 6, 3, 12), (problem) => {
        const exact = allocateExact(problem);
        expect(allocationViolations(problem, exact.flows)).toEqual([]);
        expect(exact.objective).toBe(objectiveOf(problem, exact.flows));
        expect(exact.objective).toBe(bruteForceBest(problem));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no improving cycle on larger problems, and greedy never beats it', () => {
    fc.assert(
      fc.property(problemArbitrary(25, 25, 120, 20, 60), (problem) => {
        const exact = allocateExact(problem);
        expect(allocationViolations(problem, exact.flows)).toEqual([]);
        expect(hasImprovingCycle(problem, exact.flows)).toBe(false);
        for (const order of ['best-edge-first', 'demand-order'] as const) {
          const greedy = allocateGreedy(problem, order);
          expect(allocationViolations(problem, greedy.flows)).toEqual([]);
          expect(greedy.objective).toBeLessThanOrEqual(exact.objective);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('splitting into components changes nothing but the work', () => {
    fc.assert(
      fc.property(problemArbitrary(20, 20, 30, 10, 40), (problem) => {
        const whole = allocateExact(problem);
        const split = allocateOptimal(problem);
        expect(allocationViolations(problem, split.flows)).toEqual([]);
        expect(split.objective).toBe(whole.objective);
        expect(split.components.reduce((total, component) => total + component.edges, 0)).toBe(problem.edges.length);
      }),
      { numRuns: 150 },
    );
  });

  it('never pushes a unit worth nothing', () => {
    const problem: AllocationProblem = {
      demands: [{ key: 'd', units: 5 }],
      supplies: [{ key: 's', units: 5 }],
      edges: [{ demand: 0, supply: 0, value: 0 }],
    };
    expect([...allocateExact(problem).flows]).toEqual([0]);
  });
});

describe('fairness: a giving cost that grows with what a supply received', () => {
  it('prices each further unit no lower than the one before, and the tiers add up to the supply', () => {
    fc.assert(
      fc.property(problemWithGivingCostsArbitrary(1, 4, 0, 12, 20), (problem) => {
        for (const supply of problem.supplies) {
          for (let given = 1; given < supply.units; given++) expect(unitCost(supply, given)).toBeGreaterThanOrEqual(unitCost(supply, given - 1));
          const tiers = costTiers(supply);
          expect(tiers.reduce((total, tier) => total + tier.units, 0)).toBe(supply.units);
          expect(tiers.reduce((total, tier) => total + tier.units * tier.cost, 0)).toBe(givingCostOf(supply, supply.units));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the exact solver still finds the brute-force optimum, feasible, with the costs charged', () => {
    fc.assert(
      fc.property(problemWithGivingCostsArbitrary(3, 3, 6, 3, 12), (problem) => {
        const exact = allocateExact(problem);
        expect(allocationViolations(problem, exact.flows)).toEqual([]);
        expect(exact.objective).toBe(objectiveOf(problem, exact.flows));
        expect(exact.objective).toBe(bruteForceBest(problem));
        const split = allocateOptimal(problem);
        expect(allocationViolations(problem, split.flows)).toEqual([]);
        expect(split.objective).toBe(exact.objective);
      }),
      { numRuns: 300 },
    );
  });

  it('greedy and the fallback stay feasible and never beat the exact solver', () => {
    fc.assert(
      fc.property(problemWithGivingCostsArbitrary(12, 12, 50, 8, 30), (problem) => {
        const exact = allocateExact(problem);
        const greedy = allocateGreedy(problem);
        const fallback = allocateOptimal(problem, { exactEdgeLimit: 0, prunedEdgesPerDemand: 1_000 });
        for (const solution of [greedy, fallback]) {
          expect(allocationViolations(problem, solution.flows)).toEqual([]);
          expect(solution.objective).toBe(objectiveOf(problem, solution.flows));
          expect(solution.objective).toBeLessThanOrEqual(exact.objective);
        }
        expect(fallback.objective).toBeGreaterThanOrEqual(greedy.objective);
      }),
      { numRuns: 150 },
    );
  });

  it('spreads units that would all go to one supply without the cost', () => {
    // Two volunteers fit four one-hour needs; X fits slightly better. Free, X takes all four; priced, they share.
    const problem = (cost: boolean): AllocationProblem => ({
      demands: [0, 1, 2, 3].map((index) => ({ key: `need:${index}`, units: 1 })),
      supplies: [
        { key: 'volunteer:X', units: 4, ...(cost ? { givingCost: { received: 0, perReceivedUnit: 2, max: 10 } } : {}) },
        { key: 'volunteer:Y', units: 4, ...(cost ? { givingCost: { received: 0, perReceivedUnit: 2, max: 10 } } : {}) },
      ],
      edges: [0, 1, 2, 3].flatMap((demand) => [
        { demand, supply: 0, value: 20 },
        { demand, supply: 1, value: 19 },
      ]),
    });
    const given = (flows: Float64Array) => [flows.filter((_, index) => index % 2 === 0).reduce((a, b) => a + b, 0), flows.filter((_, index) => index % 2 === 1).reduce((a, b) => a + b, 0)];
    expect(given(allocateExact(problem(false)).flows)).toEqual([4, 0]);
    expect(given(allocateExact(problem(true)).flows)).toEqual([2, 2]);
  });
});

describe('greedy is provably worse on the trap', () => {
  it('best-edge-first greedy gives X to A and leaves B uncovered: 20 against the optimum 34', () => {
    expect(bruteForceBest(greedyTrap)).toBe(34);
    const exact = allocateExact(greedyTrap);
    expect([...exact.flows]).toEqual([0, 2, 2]);
    expect(exact.objective).toBe(34);
    const greedy = allocateGreedy(greedyTrap, 'best-edge-first');
    expect([...greedy.flows]).toEqual([2, 0, 0]);
    expect(greedy.objective).toBe(20);
    expect(allocateGreedy(greedyTrap, 'demand-order').objective).toBe(20);
    // The certificate the larger test relies on does see greedy's loss.
    expect(hasImprovingCycle(greedyTrap, greedy.flows)).toBe(true);
    expect(hasImprovingCycle(greedyTrap, exact.flows)).toBe(false);
  });

  it('the fallback above the size limit repairs it by a short augmenting path', () => {
    const fallback = allocateOptimal(greedyTrap, { exactEdgeLimit: 2 });
    expect(fallback.components.map((component) => component.path)).toEqual(['greedy-augmented']);
    expect(allocationViolations(greedyTrap, fallback.flows)).toEqual([]);
    expect(fallback.objective).toBe(34);
  });

  it('an oversized component is first pruned to each demand\'s best edges and solved exactly on them', () => {
    const problem: AllocationProblem = {
      demands: [
        { key: 'A', units: 1 },
        { key: 'B', units: 1 },
      ],
      supplies: [
        { key: 'X', units: 1 },
        { key: 'Y', units: 1 },
        { key: 'Z', units: 1 },
      ],
      edges: [
        { demand: 0, supply: 0, value: 9 },
        { demand: 0, supply: 1, value: 3 },
        { demand: 0, supply: 2, value: 2 },
        { demand: 1, supply: 1, value: 5 },
      ],
    };
    const solution = allocateOptimal(problem, { exactEdgeLimit: 3, prunedEdgesPerDemand: 1 });
    expect(solution.components.map((component) => [component.path, component.edges])).toEqual([
      ['exact-on-candidates', 1],
      ['exact-on-candidates', 1],
    ]);
    expect([...solution.flows]).toEqual([1, 0, 0, 1]);
    expect(solution.objective).toBe(14);
  });

  it('the fallback is feasible and never below greedy on random problems', () => {
    fc.assert(
      fc.property(problemArbitrary(15, 15, 60, 8, 30), (problem) => {
        const fallback = allocateOptimal(problem, { exactEdgeLimit: 0, prunedEdgesPerDemand: 1_000 });
        expect(fallback.components.every((component) => component.path === 'greedy-augmented')).toBe(true);
        expect(allocationViolations(problem, fallback.flows)).toEqual([]);
        expect(fallback.objective).toBeGreaterThanOrEqual(allocateGreedy(problem).objective);
        expect(fallback.objective).toBeLessThanOrEqual(allocateExact(problem).objective);
      }),
      { numRuns: 150 },
    );
  });
});

describe('componentsOf', () => {
  it('splits districts that share no resource into independent sub-problems', () => {
    const problem: AllocationProblem = {
      demands: [
        { key: 'need:d1-a', units: 1 },
        { key: 'need:d2-a', units: 1 },
        { key: 'need:d1-b', units: 1 },
      ],
      supplies: [
        { key: 'organisation:d1', units: 1 },
        { key: 'organisation:d2', units: 1 },
      ],
      edges: [
        { demand: 0, supply: 0, value: 3 },
        { demand: 1, supply: 1, value: 3 },
        { demand: 2, supply: 0, value: 5 },
      ],
    };
    expect(componentsOf(problem)).toEqual([[0, 2], [1]]);
    const solution = allocateOptimal(problem);
    expect(solution.components.map((component) => component.path)).toEqual(['exact', 'exact']);
    expect(solution.objective).toBe(8);
  });
});
