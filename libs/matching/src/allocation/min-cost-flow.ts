/**
 * Exact batch allocation: a min-cost flow on source -> demand -> supply -> sink with integer
 * capacities (demand units, min(demand, supply) per edge, supply units) and cost -value per unit.
 * A supply with a giving cost (fairness) reaches the sink by one arc per run of equally priced
 * units (`costTiers`); the costs rise from run to run, so the solver fills the cheaper runs first
 * and the flow stays exact.
 *
 * Successive shortest paths with potentials (primal-dual): each phase runs one Dijkstra on reduced
 * costs, lifts the potentials, then pushes a blocking flow (Dinic) through every shortest path at
 * once. The shortest path's true cost rises by at least 1 each phase (costs are integers) and we
 * stop when it reaches 0, i.e. when no augmentation adds worth: so at most max(value) phases, and
 * the flow is a maximum-worth flow (not a maximum flow: a unit worth nothing is never pushed).
 */
import { costTiers, givingCostOf, type AllocationProblem } from './allocation-problem.js';

const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Compressed adjacency: the arcs leaving node v are first[v] .. first[v + 1] - 1, contiguous, so
 * every pass over a node's arcs reads consecutive memory. reverse[a] is the arc back.
 */
class FlowGraph {
  private readonly fromList: number[] = [];
  private readonly toList: number[] = [];
  private readonly capList: number[] = [];
  private readonly costList: number[] = [];
  first!: Int32Array;
  to!: Int32Array;
  reverse!: Int32Array;
  cap!: Float64Array;
  cost!: Float64Array;
  /** Where each added arc (in order of addArc) landed. */
  position!: Int32Array;

  constructor(readonly nodes: number) {}

  /** Adds an arc and its zero-capacity reverse; returns the arc's number in order of addition. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    this.fromList.push(from, to);
    this.toList.push(to, from);
    this.capList.push(capacity, 0);
    this.costList.push(cost, -cost);
    return this.fromList.length - 2;
  }

  get arcs(): number {
    return this.fromList.length;
  }

  /** Lays the arcs out by tail node; call once, after the last addArc. */
  freeze(): void {
    const count = this.fromList.length;
    const first = new Int32Array(this.nodes + 1);
    for (const from of this.fromList) first[from + 1]!++;
    for (let node = 0; node < this.nodes; node++) first[node + 1]! += first[node]!;
    const fill = first.slice(0, this.nodes);
    const position = new Int32Array(count);
    for (let arc = 0; arc < count; arc++) position[arc] = fill[this.fromList[arc]!]!++;
    this.to = new Int32Array(count);
    this.reverse = new Int32Array(count);
    this.cap = new Float64Array(count);
    this.cost = new Float64Array(count);
    for (let arc = 0; arc < count; arc++) {
      const at = position[arc]!;
      this.to[at] = this.toList[arc]!;
      this.cap[at] = this.capList[arc]!;
      this.cost[at] = this.costList[arc]!;
      this.reverse[at] = position[arc ^ 1]!;
    }
    this.first = first;
    this.position = position;
  }
}

/** A binary min-heap of (distance, node) with lazy deletion. */
class DistanceHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.values = new Int32Array(Math.max(16, capacity));
  }
  clear(): void {
    this.size = 0;
  }
  push(key: number, value: number): void {
    if (this.size === this.keys.length) this.grow();
    let index = this.size++;
    const keys = this.keys;
    const values = this.values;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[index] = keys[parent]!;
      values[index] = values[parent]!;
      index = parent;
    }
    keys[index] = key;
    values[index] = value;
  }
  /** Pops the minimum; returns its node and leaves its key in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const keys = this.keys;
    const values = this.values;
    const topValue = values[0]!;
    this.lastKey = keys[0]!;
    const size = --this.size;
    if (size > 0) {
      const key = keys[size]!;
      const value = values[size]!;
      let index = 0;
      for (;;) {
        let child = 2 * index + 1;
        if (child >= size) break;
        if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
        if (keys[child]! >= key) break;
        keys[index] = keys[child]!;
        values[index] = values[child]!;
        index = child;
      }
      keys[index] = key;
      values[index] = value;
    }
    return topValue;
  }
  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.keys = keys;
    this.values = values;
  }
}

export interface FlowRunStats {
  /** Dijkstra runs (each followed by a blocking flow). */
  phases: number;
}

/**
 * Solves the sub-problem made of `edgeIds` exactly and writes each edge's units into `flows`.
 * Demands and supplies are those the edges touch.
 */
export function solveMaxWorthFlow(
  problem: AllocationProblem,
  edgeIds: ArrayLike<number>,
  flows: Float64Array,
  stats: FlowRunStats = { phases: 0 },
): number {
  // Local numbering: 0 = source, demands, supplies, last = sink.
  const demandNode = new Map<number, number>();
  const supplyNode = new Map<number, number>();
  const usable: number[] = [];
  for (let index = 0; index < edgeIds.length; index++) {
    const edgeId = edgeIds[index]!;
    const edge = problem.edges[edgeId]!;
    if (edge.value <= 0 || problem.demands[edge.demand]!.units <= 0 || problem.supplies[edge.supply]!.units <= 0) continue;
    usable.push(edgeId);
    if (!demandNode.has(edge.demand)) demandNode.set(edge.demand, demandNode.size);
    if (!supplyNode.has(edge.supply)) supplyNode.set(edge.supply, supplyNode.size);
  }
  for (let index = 0; index < edgeIds.length; index++) flows[edgeIds[index]!] = 0;
  if (usable.length === 0) return 0;

  const demandCount = demandNode.size;
  const supplyCount = supplyNode.size;
  const source = 0;
  const sink = 1 + demandCount + supplyCount;
  const graph = new FlowGraph(sink + 1);
  const potential = new Float64Array(sink + 1);

  for (const [demand, local] of demandNode) graph.addArc(source, 1 + local, problem.demands[demand]!.units, 0);
  const edgeArc = new Int32Array(usable.length);
  usable.forEach((edgeId, index) => {
    const edge = problem.edges[edgeId]!;
    const from = 1 + demandNode.get(edge.demand)!;
    const to = 1 + demandCount + supplyNode.get(edge.supply)!;
    const capacity = Math.min(problem.demands[edge.demand]!.units, problem.supplies[edge.supply]!.units);
    edgeArc[index] = graph.addArc(from, to, capacity, -edge.value);
    // Initial potentials: shortest distances in the acyclic start graph, so reduced costs start >= 0.
    potential[to] = Math.min(potential[to]!, -edge.value);
  });
  for (const [supply, local] of supplyNode) {
    const node = 1 + demandCount + local;
    const tiers = costTiers(problem.supplies[supply]!);
    for (const tier of tiers) graph.addArc(node, sink, tier.units, tier.cost);
    potential[sink] = Math.min(potential[sink]!, potential[node]! + tiers[0]!.cost);
  }

  graph.freeze();
  const { first, to, reverse, cap, cost } = graph;
  const nodeCount = graph.nodes;
  const distance = new Float64Array(nodeCount);
  const level = new Int32Array(nodeCount);
  const currentArc = new Int32Array(nodeCount);
  // Per node, its admissible arcs are admissibleArcs[first[node] .. admissibleEnd[node]).
  const admissibleArcs = new Int32Array(graph.arcs);
  const admissibleEnd = new Int32Array(nodeCount);
  const queue = new Int32Array(nodeCount);
  const pathNodes = new Int32Array(nodeCount + 1);
  const pathArcs = new Int32Array(nodeCount + 1);
  const heap = new DistanceHeap(graph.arcs + nodeCount);

  for (;;) {
    // Dijkstra on reduced costs; stopping at the sink is safe with the capped potential update below.
    distance.fill(INFINITY);
    distance[source] = 0;
    heap.clear();
    heap.push(0, source);
    while (heap.size > 0) {
      const node = heap.pop();
      const nodeDistance = heap.lastKey;
      if (nodeDistance > distance[node]!) continue;
      if (node === sink) break;
      const nodePotential = potential[node]!;
      for (let arc = first[node]!, end = first[node + 1]!; arc < end; arc++) {
        if (cap[arc]! <= 0) continue;
        const target = to[arc]!;
        const candidate = nodeDistance + cost[arc]! + nodePotential - potential[target]!;
        if (candidate < distance[target]!) {
          distance[target] = candidate;
          heap.push(candidate, target);
        }
      }
    }
    const sinkDistance = distance[sink]!;
    if (sinkDistance === INFINITY) break;
    stats.phases++;
    // Lift by min(distance, distance to sink): keeps every residual reduced cost >= 0.
    for (let node = 0; node < nodeCount; node++) {
      const lift = distance[node]!;
      potential[node]! += lift < sinkDistance ? lift : sinkDistance;
    }
    // True cost of the shortest source-sink path; from 0 on, augmenting adds no worth.
    if (potential[sink]! - potential[source]! >= 0) break;

    // The admissible graph: arcs with zero reduced cost. Their set is fixed for the phase (only
    // capacities change), so it is gathered once into a compact adjacency and the blocking-flow
    // rounds walk it instead of the whole graph.
    for (let node = 0; node < nodeCount; node++) {
      const nodePotential = potential[node]!;
      let fill = first[node]!;
      for (let arc = fill, end = first[node + 1]!; arc < end; arc++) {
        if (cost[arc]! + nodePotential - potential[to[arc]!]! === 0) admissibleArcs[fill++] = arc;
      }
      admissibleEnd[node] = fill;
    }

    // Blocking flows (Dinic) on the admissible graph until the sink is cut off from the source.
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      let queueHead = 0;
      let queueTail = 0;
      queue[queueTail++] = source;
      while (queueHead < queueTail) {
        const node = queue[queueHead++]!;
        if (node === sink) break; // nothing beyond the sink's level is ever used
        const nextLevel = level[node]! + 1;
        for (let position = first[node]!, end = admissibleEnd[node]!; position < end; position++) {
          const arc = admissibleArcs[position]!;
          const target = to[arc]!;
          if (cap[arc]! > 0 && level[target] === -1) {
            level[target] = nextLevel;
            queue[queueTail++] = target;
          }
        }
      }
      if (level[sink] === -1) break;
      currentArc.set(first.subarray(0, nodeCount));
      let depth = 0;
      pathNodes[0] = source;
      for (;;) {
        const node = pathNodes[depth]!;
        if (node === sink) {
          let pushed = INFINITY;
          for (let step = 0; step < depth; step++) pushed = Math.min(pushed, cap[pathArcs[step]!]!);
          for (let step = 0; step < depth; step++) {
            const arc = pathArcs[step]!;
            cap[arc]! -= pushed;
            cap[reverse[arc]!]! += pushed;
          }
          // Resume from the tail of the first arc this push saturated.
          let saturated = 0;
          while (cap[pathArcs[saturated]!]! > 0) saturated++;
          depth = saturated;
          continue;
        }
        const nextLevel = level[node]! + 1;
        const end = admissibleEnd[node]!;
        let position = currentArc[node]!;
        for (; position < end; position++) {
          const arc = admissibleArcs[position]!;
          if (cap[arc]! > 0 && level[to[arc]!] === nextLevel) break;
        }
        currentArc[node] = position;
        if (position < end) {
          const arc = admissibleArcs[position]!;
          pathArcs[depth] = arc;
          pathNodes[++depth] = to[arc]!;
        } else {
          level[node] = -1; // dead end for the rest of this round
          if (depth === 0) break;
          depth--;
          currentArc[pathNodes[depth]!]!++;
        }
      }
    }
  }

  let objective = 0;
  const given = new Float64Array(supplyCount);
  usable.forEach((edgeId, index) => {
    const units = cap[reverse[graph.position[edgeArc[index]!]!]!]!;
    const edge = problem.edges[edgeId]!;
    flows[edgeId] = units;
    objective += units * edge.value;
    given[supplyNode.get(edge.supply)!]! += units;
  });
  for (const [supply, local] of supplyNode) objective -= givingCostOf(problem.supplies[supply]!, given[local]!);
  return objective;
}
