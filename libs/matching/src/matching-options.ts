/** Engine sizing knobs (not scoring policy, which is MatchingWeights). */
export interface MatchingOptions {
  /** Proposals per resource kind for one need (and needs per resource). */
  readonly proposalsPerKind: number;
  /** Most candidates assessed per kind in one lookup: bounds latency whatever the city's size. */
  readonly scanBudget: number;
  /** Candidate edges per need and kind in the batch allocation. */
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
  readonly fallbackMoveBudget: number;
}

export const DEFAULT_MATCHING_OPTIONS: MatchingOptions = {
  proposalsPerKind: 5,
  scanBudget: 2_000,
  allocationCandidatesPerKind: 24,
  allocationScanBudget: 3_000,
  hourUnit: 1,
  moneyUnitFen: 10_000,
  valueScale: 10,
  exactEdgeLimit: 400_000,
  fallbackMoveBudget: 2_000_000,
};
