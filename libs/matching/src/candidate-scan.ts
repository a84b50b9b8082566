/**
 * Finding the best K candidates without rescanning everything: candidates sit in buckets keyed by
 * (kind, category, place, time slot). A scan walks the buckets of the nearest place first and stops
 * as soon as nothing in a farther place could beat the K it holds (each place level has a score
 * ceiling), or when its budget of assessments is spent. So a lookup costs what the neighbourhood
 * holds, never what the whole city holds.
 */
import type { DistanceLevel } from './area.js';

export interface ScoredCandidate {
  readonly key: string;
  readonly score: number;
}

/** The K best (score descending, key ascending on ties), kept sorted by insertion. */
export class TopK {
  readonly items: ScoredCandidate[] = [];
  /** Whether some eligible candidate was pushed out: the list is then not every eligible one. */
  evicted = false;
  constructor(readonly capacity: number) {}

  offer(key: string, score: number): void {
    const items = this.items;
    if (items.length === this.capacity) {
      const last = items[items.length - 1]!;
      if (score < last.score || (score === last.score && key > last.key)) {
        this.evicted = true;
        return;
      }
      items.pop();
      this.evicted = true;
    }
    let index = items.length;
    while (index > 0) {
      const before = items[index - 1]!;
      if (before.score > score || (before.score === score && before.key < key)) break;
      index--;
    }
    items.splice(index, 0, { key, score });
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

export interface ScanResult {
  readonly candidates: readonly ScoredCandidate[];
  /** Every eligible candidate is in `candidates` (no early stop, no eviction, no budget cut). */
  readonly complete: boolean;
  /** The budget ran out before the scan could prove its top K. */
  readonly truncated: boolean;
  readonly assessed: number;
}

const CEILING_SLACK = 1e-9;

/**
 * Scans `levels` nearest first. `ceiling(level)` is an upper bound of the score of any candidate
 * first met at that level; `score(member)` returns a score or a negative number when ineligible.
 */
export function scanBuckets(
  buckets: ReadonlyMap<string, ReadonlySet<string>>,
  levels: readonly ScanLevel[],
  score: (member: string) => number,
  ceiling: (level: DistanceLevel) => number,
  capacity: number,
  budget: number,
): ScanResult {
  const top = new TopK(capacity);
  const seen = new Set<string>();
  let assessed = 0;
  let truncated = false;
  let stoppedEarly = false;
  scan: for (let index = 0; index < levels.length; index++) {
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
        if (value >= 0) top.offer(member, value);
      }
    }
    if (top.full && index + 1 < levels.length) {
      let farther = Number.NEGATIVE_INFINITY;
      for (let later = index + 1; later < levels.length; later++) farther = Math.max(farther, ceiling(levels[later]!.level));
      // Strictly above the ceiling: a farther candidate with an equal score could still win the tie on its key.
      if (top.threshold > farther + CEILING_SLACK) {
        stoppedEarly = true;
        break;
      }
    }
  }
  return { candidates: top.items, complete: !truncated && !stoppedEarly && !top.evicted, truncated, assessed };
}
