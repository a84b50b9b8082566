import { invalid } from '#domain';

/** Engine sizing knobs (not scoring policy, which is MatchingWeights). */
export interface MatchingOptions {
  /** Proposals per resource kind for one need (and needs per resource). */
  readonly proposalsPerKind: number;
  /** Most candidates assessed per kind in one lookup: bounds latency whatever the city's size. */
  readonly scanBudget: number;
  /**
   * Batches with at most this many needs (a district) use every eligible pair, so the result is
   * provably optimal; larger batches fall back to the best `allocationCandidatesPerKind` per need and kind.
   */
  readonly exhaustiveNeedLimit: number;
  /**
   * Even an exhaustive batch keeps at most this many candidates per need and kind (a need in a big
   * city may be eligible for thousands of city-wide donations); a cut is reported as `exact-on-candidates`.
   */
  readonly exhaustiveCandidatesPerKind: number;
  /** Assessments per need and kind in an exhaustive batch. */
  readonly exhaustiveScanBudget: number;
  /** Candidate edges per need and kind in a batch above `exhaustiveNeedLimit`. */
  readonly allocationCandidatesPerKind: number;
  readonly allocationScanBudget: number;
  /** Hours per allocation unit of people's time. */
  readonly hourUnit: number;
  /** Fen per allocation unit of money (10 000 fen = 100 yuan); smaller balances are left to proposals. */
  readonly moneyUnitFen: number;
  /** Multiplies coverage worth before rounding to integers: finer ranking, more solver phases. */
  readonly valueScale: number;
  /** Components of the allocation with more edges than this use the fallback. */
  readonly exactEdgeLimit: number;
  /** Edges each need keeps when a component above `exactEdgeLimit` is pruned before solving exactly. */
  readonly prunedEdgesPerDemand: number;
  readonly fallbackMoveBudget: number;
}

export const DEFAULT_MATCHING_OPTIONS: MatchingOptions = {
  proposalsPerKind: 5,
  scanBudget: 2_000,
  exhaustiveNeedLimit: 2_500,
  exhaustiveCandidatesPerKind: 500,
  exhaustiveScanBudget: 20_000,
  allocationCandidatesPerKind: 24,
  allocationScanBudget: 3_000,
  hourUnit: 1,
  moneyUnitFen: 10_000,
  valueScale: 10,
  exactEdgeLimit: 1_000_000,
  prunedEdgesPerDemand: 48,
  fallbackMoveBudget: 2_000_000,
};

/** Options with every knob checked: a zero unit or a negative limit would corrupt allocations silently. */
export function resolveMatchingOptions(override: Partial<MatchingOptions> = {}): MatchingOptions {
  const options = { ...DEFAULT_MATCHING_OPTIONS, ...override };
  for (const [name, value] of Object.entries(options)) {
    const positive = name !== 'exhaustiveNeedLimit';
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (positive && value === 0)) {
      throw invalid('MATCHING_OPTIONS_INVALID', `${name} must be a ${positive ? 'positive' : 'non-negative'} number`, { option: name, value });
    }
  }
  if (!Number.isInteger(options.moneyUnitFen)) throw invalid('MATCHING_OPTIONS_INVALID', 'moneyUnitFen must be whole fen', { option: 'moneyUnitFen' });
  return options;
}
