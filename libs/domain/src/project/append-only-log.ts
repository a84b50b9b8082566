/**
 * An immutable list that successive states share. Evolve only ever appends, so each state owns the
 * first `length` items of a common backing array: folding n events costs O(n) instead of the O(n²)
 * of copying a list per event (a station logs thousands of deliveries over its 3 years).
 * Appending to a state that is no longer the newest copies its prefix first, so no state ever
 * sees items appended by another.
 */
export class AppendOnlyLog<Item> {
  private constructor(
    private readonly backing: Item[],
    readonly length: number,
  ) {}

  static empty<Item>(): AppendOnlyLog<Item> {
    return new AppendOnlyLog<Item>([], 0);
  }

  append(item: Item): AppendOnlyLog<Item> {
    const backing = this.backing.length === this.length ? this.backing : this.backing.slice(0, this.length);
    backing.push(item);
    return new AppendOnlyLog(backing, this.length + 1);
  }

  some(predicate: (item: Item) => boolean): boolean {
    for (let index = 0; index < this.length; index++) if (predicate(this.backing[index]!)) return true;
    return false;
  }

  forEach(visit: (item: Item) => void): void {
    for (let index = 0; index < this.length; index++) visit(this.backing[index]!);
  }

  toArray(): Item[] {
    return this.backing.slice(0, this.length);
  }
}
