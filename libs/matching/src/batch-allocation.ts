/**
 * The batch allocation across all open needs and all available resources.
 *
 * Model: one transportation problem per kind of unit, because units of different kinds never
 * compete with each other and a need may be covered by several kinds at once:
 * - `hours`: needs' weekly hours <- volunteers and social workers (unit `hourUnit`, default 1 h);
 * - `money`: needs' amounts and projects' funding gaps <- donations (unit `moneyUnitFen`, default 100 yuan);
 * - `carrier`: each need wanting a carrier takes one slot <- organisations (spare capacity) or open projects.
 * Edges are each demand's best candidates from the same indexes the proposals use (eligibility,
 * earmarks, declines all apply). One unit on an edge is worth
 *   round(valueScale * coverage[urgency] * (1 + qualityInAllocation * score / 100)),
 * so the solver maximises urgency-weighted coverage first and match quality second. The fairness
 * term then charges each unit a volunteer, social worker, organisation or project gives in
 * proportion to what it has received (recently and earlier in the batch; see fairness.ts): a
 * convex cost per supply, which the exact solver handles exactly.
 *
 * Capacities are rounded against over-allocation: supplies down (a volunteer with 2.5 free hours
 * offers 2 units), demands up (the last unit is clipped back to what the need asked for).
 */
import { scopeContains, type AreaScope } from './area.js';
import type {
  AllocationDemand,
  AllocationEdge,
  AllocationProblem,
  AllocationSolution,
  AllocationSupply,
  ComponentReport,
  GivingCost,
  SolverPath,
} from './allocation/allocation-problem.js';
import { allocateGreedy, allocateOptimal } from './allocation/solve-allocation.js';
import type { ScanResult } from './candidate-scan.js';
import { needDemandKey } from './declined-pairs.js';
import { givingCostFor } from './fairness.js';
import type { DonationEntry, NeedEntry, ProjectEntry, ResourceEntry } from './matching-entries.js';
import type { MatchingOptions } from './matching-options.js';
import type { DemandRef, Offer, ResourceKey, ResourceKind, ScoreReason } from './matching.types.js';
import { explainFunding, explainPair, type ScoringContext } from './scoring.js';

export interface AllocationRequest {
  /** Only needs (and project funding gaps) inside this area; resources anywhere that may serve them. */
  readonly area?: Partial<AreaScope>;
  /** `greedy` runs the best-edge-first baseline on the same problem, for comparison. */
  readonly solver?: 'optimal' | 'greedy';
  /** Attach readable reasons to every assignment (default true). */
  readonly includeReasons?: boolean;
  /** Also run best-edge-first greedy on the same candidate graph and report its figures. */
  readonly compareWithGreedy?: boolean;
}

export interface Assignment {
  readonly demand: DemandRef;
  readonly demandKey: string;
  readonly resourceKey: ResourceKey;
  readonly resourceKind: ResourceKind;
  readonly resourceId: string;
  readonly quantity: Offer;
  readonly score: number;
  readonly reasons: readonly ScoreReason[];
}

export type AllocationNetwork = 'hours' | 'money' | 'carrier';

export interface NetworkReport {
  readonly network: AllocationNetwork;
  readonly demands: number;
  readonly supplies: number;
  readonly edges: number;
  readonly requestedUnits: number;
  readonly allocatedUnits: number;
  readonly objective: number;
  readonly components: number;
  /** Components solved by each path. */
  readonly paths: Partial<Record<SolverPath, number>>;
  readonly largestComponent: ComponentReport | null;
  /** Greedy on the same problem, when asked for (`compareWithGreedy`). */
  readonly greedy?: { readonly objective: number; readonly allocatedUnits: number };
}

export interface AllocationResult {
  readonly at: string;
  readonly solver: 'optimal' | 'greedy';
  /** `exhaustive`: every eligible pair was an edge; `top-k`: the best few per need and kind (large batches). */
  readonly candidateMode: 'exhaustive' | 'top-k';
  readonly assignments: readonly Assignment[];
  readonly networks: readonly NetworkReport[];
  /** Total worth (sum of the networks' objectives): comparable between solvers on the same state. */
  readonly objective: number;
}

/** What the engine lends the batch: its state and its candidate lookups. */
export interface AllocationSource {
  readonly needs: ReadonlyMap<string, NeedEntry>;
  readonly resources: ReadonlyMap<ResourceKey, ResourceEntry>;
  readonly context: ScoringContext;
  readonly options: MatchingOptions;
  readonly candidateMode: 'exhaustive' | 'top-k';
  candidatesFor(need: NeedEntry, kind: ResourceKind): ScanResult<ResourceEntry>;
  fundingCandidatesFor(project: ProjectEntry): ScanResult<DonationEntry>;
}

type DemandSide = { readonly kind: 'need'; readonly need: NeedEntry } | { readonly kind: 'project'; readonly project: ProjectEntry };

/** Accumulates one network's problem with the bookkeeping to map units back to people and money. */
class NetworkBuilder {
  readonly demands: AllocationDemand[] = [];
  readonly demandSides: DemandSide[] = [];
  /** Exact amount (hours, fen, slots) each demand asked for, to clip the last rounded-up unit. */
  readonly demandAmounts: number[] = [];
  readonly supplies: AllocationSupply[] = [];
  readonly supplyEntries: ResourceEntry[] = [];
  readonly edges: AllocationEdge[] = [];
  readonly edgeScores: number[] = [];
  private readonly supplyIndex = new Map<ResourceKey, number>();

  /** `givingCost(entry)`: the fairness cost of the supply's units in this network (none for money). */
  constructor(
    readonly network: AllocationNetwork,
    private readonly givingCost: (entry: ResourceEntry) => GivingCost | undefined = () => undefined,
  ) {}

  addDemand(side: DemandSide, units: number, amount: number, complete: boolean): number {
    const key = side.kind === 'need' ? needDemandKey(side.need.need.needId) : `project:${side.project.id}`;
    this.demands.push({ key, units, candidatesComplete: complete });
    this.demandSides.push(side);
    this.demandAmounts.push(amount);
    return this.demands.length - 1;
  }

  addEdge(demand: number, entry: ResourceEntry, supplyUnits: number, value: number, score: number): void {
    if (supplyUnits <= 0 || value <= 0) return;
    let supply = this.supplyIndex.get(entry.key);
    if (supply === undefined) {
      supply = this.supplies.length;
      const givingCost = this.givingCost(entry);
      this.supplies.push({ key: entry.key, units: supplyUnits, ...(givingCost === undefined ? {} : { givingCost }) });
      this.supplyEntries.push(entry);
      this.supplyIndex.set(entry.key, supply);
    }
    this.edges.push({ demand, supply, value });
    this.edgeScores.push(score);
  }

  problem(): AllocationProblem {
    return { demands: this.demands, supplies: this.supplies, edges: this.edges };
  }
}

const EPSILON = 1e-9;

export function runBatchAllocation(source: AllocationSource, request: AllocationRequest): AllocationResult {
  const { context, options } = source;
  const { weights } = context;
  const area = request.area;
  const inArea = (place: AreaScope | NeedEntry['need']['area']) => area === undefined || scopeContains(area, place);
  const worth = (urgency: keyof typeof weights.coverage, score: number) =>
    Math.round(options.valueScale * weights.coverage[urgency] * (1 + (weights.qualityInAllocation * score) / 100));

  // Fairness: people pay per hour unit, carriers per need, for what they received (money does not receive).
  const hours = new NetworkBuilder('hours', (entry) => givingCostFor(entry, weights, options, context.nowMs, options.hourUnit));
  const money = new NetworkBuilder('money');
  const carrier = new NetworkBuilder('carrier', (entry) => givingCostFor(entry, weights, options, context.nowMs, 1));
  const needs = [...source.needs.values()].filter((need) => inArea(need.need.area)).sort((a, b) => (a.need.needId < b.need.needId ? -1 : 1));
  const carrierNeeds = needs.filter((need) => need.carrier).length;

  for (const need of needs) {
    const urgency = need.need.urgency;
    if (need.hours > 0) {
      const scans = (['volunteer', 'social-worker'] as const).map((kind) => source.candidatesFor(need, kind));
      const demand = hours.addDemand({ kind: 'need', need }, Math.ceil(need.hours / options.hourUnit - EPSILON), need.hours, scans.every((scan) => scan.complete));
      for (const scan of scans) {
        for (const candidate of scan.candidates) {
          const entry = candidate.member;
          const available = entry.kind === 'volunteer' || entry.kind === 'social-worker' ? entry.resource.availableHoursPerWeek : 0;
          hours.addEdge(demand, entry, Math.floor(available / options.hourUnit + EPSILON), worth(urgency, candidate.score), candidate.score);
        }
      }
    }
    if (need.fen > 0) {
      const scan = source.candidatesFor(need, 'donation');
      const demand = money.addDemand({ kind: 'need', need }, Math.ceil(need.fen / options.moneyUnitFen), need.fen, scan.complete);
      for (const candidate of scan.candidates) {
        const entry = candidate.member;
        const balance = entry.kind === 'donation' ? entry.resource.balanceFen : 0;
        money.addEdge(demand, entry, Math.floor(balance / options.moneyUnitFen), worth(urgency, candidate.score), candidate.score);
      }
    }
    if (need.carrier) {
      const scans = (['organisation', 'project'] as const).map((kind) => source.candidatesFor(need, kind));
      const demand = carrier.addDemand({ kind: 'need', need }, 1, 1, scans.every((scan) => scan.complete));
      for (const scan of scans) {
        for (const candidate of scan.candidates) {
          const entry = candidate.member;
          const slots =
            entry.kind === 'organisation'
              ? Math.floor(entry.resource.spareCapacity + EPSILON)
              : entry.kind === 'project'
                ? Math.min(carrierNeeds, Math.floor((entry.resource.needCapacity ?? carrierNeeds) + EPSILON))
                : 0;
          carrier.addEdge(demand, entry, slots, worth(urgency, candidate.score), candidate.score);
        }
      }
    }
  }

  const projects = [...source.resources.values()]
    .filter((entry): entry is ProjectEntry => entry.kind === 'project' && entry.open && entry.resource.fundingGapFen > 0 && inArea(entry.placement))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const project of projects) {
    const scan = source.fundingCandidatesFor(project);
    const gap = project.resource.fundingGapFen;
    const demand = money.addDemand({ kind: 'project', project }, Math.ceil(gap / options.moneyUnitFen), gap, scan.complete);
    for (const candidate of scan.candidates) {
      const entry = candidate.member;
      const balance = entry.kind === 'donation' ? entry.resource.balanceFen : 0;
      money.addEdge(demand, entry, Math.floor(balance / options.moneyUnitFen), worth(weights.projectFundingUrgency, candidate.score), candidate.score);
    }
  }

  const solver = request.solver ?? 'optimal';
  const includeReasons = request.includeReasons ?? true;
  const assignments: Assignment[] = [];
  const networks: NetworkReport[] = [];
  for (const builder of [hours, money, carrier]) {
    const problem = builder.problem();
    const solution =
      solver === 'greedy'
        ? allocateGreedy(problem, 'best-edge-first')
        : allocateOptimal(problem, {
            exactEdgeLimit: options.exactEdgeLimit,
            prunedEdgesPerDemand: options.prunedEdgesPerDemand,
            fallbackMoveBudget: options.fallbackMoveBudget,
          });
    const greedy = request.compareWithGreedy === true && solver !== 'greedy' ? allocateGreedy(problem, 'best-edge-first') : undefined;
    networks.push(reportOf(builder, solution, greedy));
    assignments.push(...assignmentsOf(builder, solution, options, context, includeReasons));
  }
  return {
    at: new Date(context.nowMs).toISOString(),
    solver,
    candidateMode: source.candidateMode,
    assignments,
    networks,
    objective: networks.reduce((total, network) => total + network.objective, 0),
  };
}

const unitsOf = (solution: AllocationSolution) => solution.flows.reduce((total, units) => total + units, 0);

function reportOf(builder: NetworkBuilder, solution: AllocationSolution, greedy?: AllocationSolution): NetworkReport {
  const paths: Partial<Record<SolverPath, number>> = {};
  for (const component of solution.components) paths[component.path] = (paths[component.path] ?? 0) + 1;
  return {
    network: builder.network,
    demands: builder.demands.length,
    supplies: builder.supplies.length,
    edges: builder.edges.length,
    requestedUnits: builder.demands.reduce((total, demand) => total + demand.units, 0),
    allocatedUnits: unitsOf(solution),
    objective: solution.objective,
    components: solution.components.length,
    paths,
    largestComponent: solution.components[0] ?? null,
    ...(greedy === undefined ? {} : { greedy: { objective: greedy.objective, allocatedUnits: unitsOf(greedy) } }),
  };
}

function assignmentsOf(
  builder: NetworkBuilder,
  solution: AllocationSolution,
  options: MatchingOptions,
  context: ScoringContext,
  includeReasons: boolean,
): Assignment[] {
  const remaining = [...builder.demandAmounts];
  const assignments: Assignment[] = [];
  builder.edges.forEach((edge, edgeId) => {
    const units = solution.flows[edgeId]!;
    if (units <= 0) return;
    const side = builder.demandSides[edge.demand]!;
    const entry = builder.supplyEntries[edge.supply]!;
    let quantity: Offer;
    if (builder.network === 'hours') {
      const hours = Math.min(units * options.hourUnit, remaining[edge.demand]!);
      remaining[edge.demand]! -= hours;
      quantity = { hoursPerWeek: hours };
    } else if (builder.network === 'money') {
      const fen = Math.min(units * options.moneyUnitFen, remaining[edge.demand]!);
      remaining[edge.demand]! -= fen;
      quantity = { amountFen: fen };
    } else {
      quantity = { slots: units };
    }
    const explained = !includeReasons
      ? null
      : side.kind === 'need'
        ? explainPair(side.need, entry, context)
        : entry.kind === 'donation'
          ? explainFunding(side.project, entry, context)
          : null;
    assignments.push({
      demand: side.kind === 'need' ? { kind: 'need', needId: side.need.need.needId } : { kind: 'project', projectId: side.project.id },
      demandKey: builder.demands[edge.demand]!.key,
      resourceKey: entry.key,
      resourceKind: entry.kind,
      resourceId: entry.id,
      quantity,
      score: Math.round(builder.edgeScores[edgeId]! * 10) / 10,
      reasons: explained?.reasons ?? [],
    });
  });
  return assignments;
}
