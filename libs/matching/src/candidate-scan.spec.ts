import { describe, expect, it } from '@jest/globals';
import { BucketIndex, type BucketSlots } from './candidate-scan.js';

interface Item {
  id: number;
  scanMark: number;
  slots: BucketSlots | undefined;
}

describe('BucketIndex', () => {
  it('keeps every bucket exactly its members through adds and removes, below and above the exact-length threshold', () => {
    const index = new BucketIndex<Item>('slots');
    const expected = new Map<string, Set<number>>();
    const items = Array.from({ length: 120 }, (_, id) => ({ id, scanMark: 0, slots: undefined as BucketSlots | undefined }));
    const keysOf = (item: Item) => ['city', `district-${item.id % 3}`, `community-${item.id % 40}`];
    const added = new Set<Item>();
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 2000; step++) {
      const item = items[Math.floor(random() * items.length)]!;
      if (added.has(item)) {
        index.remove(item);
        added.delete(item);
        for (const key of keysOf(item)) expected.get(key)!.delete(item.id);
      } else {
        index.add(item, keysOf(item));
        added.add(item);
        for (const key of keysOf(item)) (expected.get(key) ?? expected.set(key, new Set()).get(key)!).add(item.id);
      }
    }
    for (const [key, ids] of expected) {
      const members = index.members(key);
      if (ids.size === 0) expect(members).toBeUndefined();
      else expect(new Set(members!.map((member) => member.id))).toEqual(ids);
      if (members) expect(members).toHaveLength(ids.size);
    }
    expect(index.members('city')!.length).toBeGreaterThan(32);
    // Where a member sits is kept on the member, and let go with it.
    for (const item of items) expect(item.slots === undefined).toBe(!added.has(item));
  });

  it('forgets a bucket that empties and gives its number to the next new bucket, whose members are only its own', () => {
    const index = new BucketIndex<Item>('slots');
    const [a, b, c] = [0, 1, 2].map((id) => ({ id, scanMark: 0, slots: undefined as BucketSlots | undefined }));
    index.add(a!, ['street', 'community-1']);
    index.add(b!, ['street', 'community-2']);
    index.remove(a!);
    expect(index.has('community-1')).toBe(false);
    expect(index.size).toBe(2);
    index.add(c!, ['community-3', 'street']);
    expect(index.members('community-3')!.map((member) => member.id)).toEqual([2]);
    expect(index.members('community-2')!.map((member) => member.id)).toEqual([1]);
    expect(index.members('street')!.map((member) => member.id)).toEqual([1, 2]);
    index.remove(b!);
    expect(index.members('street')!.map((member) => member.id)).toEqual([2]);
    index.remove(c!);
    expect(index.size).toBe(0);
  });
});
