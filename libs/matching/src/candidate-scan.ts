/**
 * Finding the best K candidates without rescanning everything: candidates sit in buckets keyed by
 * (kind, category, place, time slot). A scan walks the buckets of the nearest place first and stops
 * as soon as nothing in a farther bucket could beat the K it holds (each bucket has a score
 * ceiling), or when its budget of assessments is spent. So a lookup costs what the neighbourhood
 * holds, never what the whole city holds.
 */
import type { DistanceLevel } from './area.js';

/** Index members carry a mark so a scan skips, without hashing, what it already met nearer. */
export interface Scannable {
  scanMark: number;
}

/**
 * Where a member sits in one index, kept on the member itself (a field the index is told the name
 * of): one number per bucket it is in, the bucket's number times POSITIONS plus its position among
 * the bucket's members. Opaque outside this file; undefined while the member is in no bucket of
 * that index.
 */
export type BucketSlots = number[];

/** The names of a member's fields that may hold its slots of an index. */
type SlotsField<Member> = { [K in keyof Member]: Member[K] extends BucketSlots | undefined ? K : never }[keyof Member] & string;

/**
 * A slot is `bucket * POSITIONS + position`: exact in a double up to 2^27 buckets, so a member's
 * slots are one array of plain numbers (8 bytes a slot) rather than pairs of a reference and a number.
 */
const POSITIONS = 2 ** 26;

/**
 * Up to this many members a bucket's array is copied at its exact length on every add: a push onto
 * a full array grows it by half plus 16 slots, so a bucket of one or two members (most of them: a
 * community's own buckets) would carry ~17 slots. Above it, pushes (copying would cost more than
 * the slack saves).
 */
const EXACT_UP_TO = 32;

/**
 * Buckets as dense arrays with O(1) add and remove (swap with the last member): scans iterate plain
 * arrays, and a member's removal touches only its own buckets.
 *
 * What a member costs the index is most of what an open need or resource costs the engine (an open
 * need sits in 8 buckets, a volunteer in up to 36; on 1M events there are ~260k buckets, most of
 * them a community's own with one or two members), so both are kept small: a bucket is a number
 * (its key and its members are found in two tables by it, no object per bucket); a member's slots
 * live on the member (no map from member to slots) as plain numbers; a bucket keeps no array of its
 * members' slots (a removal that swaps the last member in finds that member's slot by its value).
 */
export class BucketIndex<Member extends Scannable> {
  /** Bucket key -> bucket number. */
  private readonly numbers = new Map<string, number>();
  /** By bucket number: its members, and its key; undefined while the number is free. */
  private readonly memberLists: (Member[] | undefined)[] = [];
  private readonly keys: (string | undefined)[] = [];
  /** Numbers of buckets that emptied, given to the next new buckets. */
  private readonly free: number[] = [];

  /** `field`: the member's field that holds its slots of this index (one index per field). */
  constructor(private readonly field: SlotsField<Member>) {}

  get size(): number {
    return this.numbers.size;
  }

  members(bucketKey: string): readonly Member[] | undefined {
    const number = this.numbers.get(bucketKey);
    return number === undefined ? undefined : this.memberLists[number];
  }

  has(bucketKey: string): boolean {
    return this.numbers.has(bucketKey);
  }

  private slotsOf(member: Member): BucketSlots | undefined {
    return member[this.field] as BucketSlots | undefined;
  }

  /** Adds a member that is in no bucket of this index yet. */
  add(member: Member, bucketKeys: readonly string[]): void {
    // Exact length (a push would grow an empty array to 17 slots at once).
    const slots: BucketSlots = new Array<number>(bucketKeys.length);
    for (let index = 0; index < bucketKeys.length; index++) {
      const key = bucketKeys[index]!;
      let number = this.numbers.get(key);
      if (number === undefined) {
        number = this.free.pop() ?? this.keys.length;
        this.numbers.set(key, number);
        this.keys[number] = key;
        this.memberLists[number] = [member];
        slots[index] = number * POSITIONS;
        continue;
      }
      const members = this.memberLists[number]!;
      slots[index] = number * POSITIONS + members.length;
      if (members.length < EXACT_UP_TO) this.memberLists[number] = [...members, member];
      else members.push(member);
    }
    (member as Record<string, unknown>)[this.field] = slots;
  }

  remove(member: Member): void {
    const slots = this.slotsOf(member);
    if (slots === undefined) return;
    (member as Record<string, unknown>)[this.field] = undefined;
    for (const slot of slots) {
      const number = Math.floor(slot / POSITIONS);
      const position = slot - number * POSITIONS;
      const members = this.memberLists[number]!;
      const last = members.pop()!;
      if (position < members.length) {
        members[position] = last;
        // The moved member's slot that pointed at the end of this bucket now points here.
        const lastSlots = this.slotsOf(last)!;
        lastSlots[lastSlots.indexOf(number * POSITIONS + members.length)] = slot;
      }
      if (members.length === 0) {
        this.numbers.delete(this.keys[number]!);
        this.keys[number] = undefined;
        this.memberLists[number] = undefined;
        this.free.push(number);
      }
    }
  }
}

let scanSerial = 0;

export interface ScoredCandidate<Member> {
  readonly key: string;
  readonly score: number;
  readonly member: Member;
}

const byScoreThenKey = <Member>(a: ScoredCandidate<Member>, b: ScoredCandidate<Member>) =>
  b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The K best (score descending, key ascending on ties). A small K is kept sorted by insertion; an
 * unbounded one (exhaustive batches) just collects and sorts once when read.
 */
export class TopK<Member> {
  private readonly list: ScoredCandidate<Member>[] = [];
  private sorted = true;
  /** Whether some eligible candidate was pushed out: the list is then not every eligible one. */
  evicted = false;
  constructor(readonly capacity: number) {}

  offer(key: string, score: number, member: Member): void {
    const items = this.list;
    if (this.capacity === Number.POSITIVE_INFINITY) {
      items.push({ key, score, member });
      this.sorted = false;
      return;
    }
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

  get items(): readonly ScoredCandidate<Member>[] {
    if (!this.sorted) {
      this.list.sort(byScoreThenKey);
      this.sorted = true;
    }
    return this.list;
  }

  get full(): boolean {
    return this.list.length === this.capacity;
  }

  /** Score of the K-th candidate, or -Infinity while fewer than K are held. */
  get threshold(): number {
    return this.full ? this.list[this.list.length - 1]!.score : Number.NEGATIVE_INFINITY;
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
export function scanBuckets<Member extends Scannable>(bucketIndex: BucketIndex<Member>, spec: ScanSpec<Member>): ScanResult<Member> {
  const { levels, score, keyOf, ceiling, budget } = spec;
  const top = new TopK<Member>(spec.capacity);
  const mark = ++scanSerial;
  let assessed = 0;
  let truncated = false;
  let stoppedEarly = false;
  scan: for (let index = 0; index < levels.length; index++) {
    const multiLevel = index + 1 < levels.length;
    for (const bucketKey of levels[index]!.buckets) {
      const members = bucketIndex.members(bucketKey);
      if (members === undefined) continue;
      for (let position = 0; position < members.length; position++) {
        const member = members[position]!;
        if (member.scanMark === mark) continue;
        member.scanMark = mark;
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
        for (const bucketKey of laterBuckets) if (bucketIndex.has(bucketKey)) farther = Math.max(farther, ceiling(level, bucketKey));
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
