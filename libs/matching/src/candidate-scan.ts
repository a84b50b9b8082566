/**
 * Finding the best K candidates without rescanning everything: candidates sit in buckets keyed by
 * (kind, category, place, time slot). A scan walks the buckets of the nearest place first and stops
 * as soon as nothing in a farther bucket could beat the K it holds (each bucket has a score
 * ceiling), or when its budget of assessments is spent. So a lookup costs what the neighbourhood
 * holds, never what the whole city holds.
 */
import type { DistanceLevel } from './area.js';

export interface ScoredCandidate<Member> {
  readonly key: string;
  readonly score: number;
  readonly member: Member;
}

/** The K best (score descending, key ascending on ties), kept sorted by insertion. */
export class TopK<Member> {
  readonly items: ScoredCandidate<Member>[] = [];
  /** Whether some eligible candidate was pushed out: the list is then not every eligible one. */
  evicted = false;
  constructor(readonly capacity: number) {}

  offer(key: string, score: number, member: Member): void {
    const items = this.items;
    if (items.length === this.capacity) {
      this.evicted = true;
      const last = items[items.length - 1]!;
      if (score < last.score || (score === last.score && key > last.key)) return;
      items.pop();
    }
    let index = items.length;
    while (index > 0) {
      const before = items[index - 1]!;
      if (before.score > score || (before.score === score && before.key < key)) break;
      index--;
    }
    items.splice(index, 0, { key, score, member });
  }

  get full(): boolean {
    return this.items.length === this.capacity;
  }

  /** Score of the K-th candidate, or -Infinity while fewer than K are held. */
  get threshold(): number {
    return this.full ? this.items[this.items.length - 1]!.score : Number.NEGATIVE_INFINITY;
  }
}

/** The buckets to read at one level of the administrative tree. */
export interface ScanLevel {
  readonly level: DistanceLevel;
  readonly buckets: readonly string[];
}

export interface ScanResult<Member> {
  readonly candidates: readonly ScoredCandidate<Member>[];
  /** Every eligible candidate is in `candidates` (no early stop, no eviction, no budget cut). */
  readonly complete: boolean;
  /** The budget ran out before the scan could prove its top K. */
  readonly truncated: boolean;
  readonly assessed: number;
}

export interface ScanSpec<Member> {
  readonly levels: readonly ScanLevel[];
  /** A score in [0, 100], or a negative number when the member is not eligible. */
  readonly score: (member: Member) => number;
  readonly keyOf: (member: Member) => string;
  /** An upper bound of the score of any member of `bucket`, first met at `level`. */
  readonly ceiling: (level: DistanceLevel, bucket: string) => number;
  readonly capacity: number;
  readonly budget: number;
}

const CEILING_SLACK = 1e-9;

/** Scans `spec.levels` nearest first; a member met again at a farther level is skipped. */
export function scanBuckets<Member>(buckets: ReadonlyMap<string, ReadonlySet<Member>>, spec: ScanSpec<Member>): ScanResult<Member> {
  const { levels, score, keyOf, ceiling, budget } = spec;
  const top = new TopK<Member>(spec.capacity);
  const seen = new Set<Member>();
  let assessed = 0;
  let truncated = false;
  let stoppedEarly = false;
  scan: for (let index = 0; index < levels.length; index++) {
    const multiLevel = index + 1 < levels.length;
    for (const bucketKey of levels[index]!.buckets) {
      const members = buckets.get(bucketKey);
      if (members === undefined) continue;
      for (const member of members) {
        if (seen.has(member)) continue;
        seen.add(member);
        if (assessed >= budget) {
          truncated = true;
          break scan;
        }
        assessed++;
        const value = score(member);
        if (value >= 0) top.offer(keyOf(member), value, member);
      }
    }
    if (top.full && multiLevel) {
      let farther = Number.NEGATIVE_INFINITY;
      for (let later = index + 1; later < levels.length; later++) {
        const { level, buckets: laterBuckets } = levels[later]!;
        for (const bucketKey of laterBuckets) if (buckets.has(bucketKey)) farther = Math.max(farther, ceiling(level, bucketKey));
      }
      if (farther === Number.NEGATIVE_INFINITY) break; // nothing farther at all: the scan is complete
      // Strictly above the ceiling: a farther candidate with an equal score could still win the tie on its key.
      if (top.threshold > farther + CEILING_SLACK) {
        stoppedEarly = true;
        break;
      }
    }
  }
  return { candidates: top.items, complete: !truncated && !stoppedEarly && !top.evicted, truncated, assessed };
}
