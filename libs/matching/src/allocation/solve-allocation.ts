/**
 * Batch allocation entry points.
 *
 * `allocateOptimal` splits the problem into independent sub-problems (connected components of the
 * demand-supply graph: in practice one per district and unit kind, because people, organisations
 * and earmarked money do not cross districts) and solves each one exactly by min-cost flow.
 * The documented fallback, per component, by size:
 * 1. at most `exactEdgeLimit` edges: exact min-cost flow (`exact`, or `exact-on-candidates` when the
 *    caller already cut the candidate lists);
 * 2. larger: keep each demand's `prunedEdgesPerDemand` most valuable edges, split again into
 *    components and solve those exactly (`exact-on-candidates`: optimal on the kept edges only);
 * 3. a pruned component still above the limit: best-edge-first greedy improved by short augmenting
 *    paths (`greedy-augmented`).
 */
import {
  objectiveOf,
  type AllocationProblem,
  type AllocationSolution,
  type ComponentReport,
  type SolverPath,
} from './allocation-problem.js';
import { greedyOnEdges, improveByShortAugmentingPaths, type GreedyOrder } from './greedy.js';
import { solveMaxWorthFlow, type FlowRunStats } from './min-cost-flow.js';

export interface SolveOptions {
  /** Components with more edges than this are not solved exactly as they are (see the module comment). */
  readonly exactEdgeLimit: number;
  /** Edges each demand keeps when an oversized component is pruned. */
  readonly prunedEdgesPerDemand: number;
  /** Path evaluations the fallback's improving search may spend per component. */
  readonly fallbackMoveBudget: number;
}

export const DEFAULT_SOLVE_OPTIONS: SolveOptions = { exactEdgeLimit: 1_000_000, prunedEdgesPerDemand: 48, fallbackMoveBudget: 2_000_000 };

/** Edge ids grouped by connected component, largest first (ties by first edge id). */
export function componentsOf(problem: AllocationProblem, edgeIds: readonly number[] = problem.edges.map((_, index) => index)): number[][] {
  const demandCount = problem.demands.length;
  const parent = new Int32Array(demandCount + problem.supplies.length).map((_, index) => index);
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[node] !== root) {
      const up = parent[node]!;
      parent[node] = root;
      node = up;
    }
    return root;
  };
  for (const edgeId of edgeIds) {
    const edge = problem.edges[edgeId]!;
    const left = find(edge.demand);
    const right = find(demandCount + edge.supply);
    if (left !== right) parent[left] = right;
  }
  const groups = new Map<number, number[]>();
  for (const edgeId of edgeIds) {
    const root = find(problem.edges[edgeId]!.demand);
    (groups.get(root) ?? groups.set(root, []).get(root)!).push(edgeId);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

function describeComponent(problem: AllocationProblem, edgeIds: readonly number[], path: SolverPath, objective: number): ComponentReport {
  const demands = new Set<number>();
  const supplies = new Set<number>();
  for (const edgeId of edgeIds) {
    demands.add(problem.edges[edgeId]!.demand);
    supplies.add(problem.edges[edgeId]!.supply);
  }
  return { demands: demands.size, supplies: supplies.size, edges: edgeIds.length, path, objective };
}

const candidatesComplete = (problem: AllocationProblem, edgeIds: readonly number[]) =>
  edgeIds.every((edgeId) => problem.demands[problem.edges[edgeId]!.demand]!.candidatesComplete !== false);

/** Min-cost flow on the whole problem at once, no decomposition and no size limit. */
export function allocateExact(problem: AllocationProblem, stats?: FlowRunStats): AllocationSolution {
  const flows = new Float64Array(problem.edges.length);
  const edgeIds = problem.edges.map((_, index) => index);
  const objective = solveMaxWorthFlow(problem, edgeIds, flows, stats);
  const path: SolverPath = candidatesComplete(problem, edgeIds) ? 'exact' : 'exact-on-candidates';
  return { flows, objective, components: edgeIds.length === 0 ? [] : [describeComponent(problem, edgeIds, path, objective)] };
}

/** Greedy on the whole problem: a baseline, never the engine's choice. */
export function allocateGreedy(problem: AllocationProblem, order: GreedyOrder = 'best-edge-first'): AllocationSolution {
  const flows = new Float64Array(problem.edges.length);
  const demandLeft = Float64Array.from(problem.demands, (demand) => demand.units);
  const supplyLeft = Float64Array.from(problem.supplies, (supply) => supply.units);
  const edgeIds = problem.edges.map((_, index) => index);
  const objective = greedyOnEdges(problem, edgeIds, flows, order, demandLeft, supplyLeft);
  return { flows, objective, components: edgeIds.length === 0 ? [] : [describeComponent(problem, edgeIds, 'greedy', objective)] };
}

/** Each demand's `keep` most valuable edges among `edgeIds` (ties: lower supply index). */
function bestEdgesPerDemand(problem: AllocationProblem, edgeIds: readonly number[], keep: number): number[] {
  const byDemand = new Map<number, number[]>();
  for (const edgeId of edgeIds) {
    const demand = problem.edges[edgeId]!.demand;
    (byDemand.get(demand) ?? byDemand.set(demand, []).get(demand)!).push(edgeId);
  }
  const kept: number[] = [];
  for (const edges of byDemand.values()) {
    if (edges.length > keep) {
      edges.sort((left, right) => problem.edges[right]!.value - problem.edges[left]!.value || problem.edges[left]!.supply - problem.edges[right]!.supply);
      edges.length = keep;
    }
    kept.push(...edges);
  }
  return kept.sort((a, b) => a - b);
}

/** Decomposes into independent components; each exact, or the documented fallback by size. */
export function allocateOptimal(problem: AllocationProblem, options: Partial<SolveOptions> = {}, stats?: FlowRunStats): AllocationSolution {
  const { exactEdgeLimit, prunedEdgesPerDemand, fallbackMoveBudget } = { ...DEFAULT_SOLVE_OPTIONS, ...options };
  const flows = new Float64Array(problem.edges.length);
  const components: ComponentReport[] = [];
  let demandLeft: Float64Array | undefined;
  let supplyLeft: Float64Array | undefined;
  const solveExactly = (edgeIds: readonly number[], pruned: boolean) => {
    const objective = solveMaxWorthFlow(problem, edgeIds, flows, stats);
    const path: SolverPath = !pruned && candidatesComplete(problem, edgeIds) ? 'exact' : 'exact-on-candidates';
    components.push(describeComponent(problem, edgeIds, path, objective));
  };
  for (const edgeIds of componentsOf(problem)) {
    if (edgeIds.length <= exactEdgeLimit) {
      solveExactly(edgeIds, false);
      continue;
    }
    for (const prunedIds of componentsOf(problem, bestEdgesPerDemand(problem, edgeIds, prunedEdgesPerDemand))) {
      if (prunedIds.length <= exactEdgeLimit) {
        solveExactly(prunedIds, true);
        continue;
      }
      // Components are disjoint, so one shared pair of "left" arrays serves them all.
      demandLeft ??= Float64Array.from(problem.demands, (demand) => demand.units);
      supplyLeft ??= Float64Array.from(problem.supplies, (supply) => supply.units);
      let objective = greedyOnEdges(problem, prunedIds, flows, 'best-edge-first', demandLeft, supplyLeft);
      objective += improveByShortAugmentingPaths(problem, prunedIds, flows, demandLeft, supplyLeft, fallbackMoveBudget);
      components.push(describeComponent(problem, prunedIds, 'greedy-augmented', objective));
    }
  }
  return { flows, objective: objectiveOf(problem, flows), components };
}
