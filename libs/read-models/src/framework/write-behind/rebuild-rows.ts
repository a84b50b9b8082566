import type { Transaction } from 'kysely';
import { prefixText, RowCache, textOf, type Key, type Row } from './row-cache.js';

/** A row a rebuild holds: its key's values, the row, and whether it has every column (see RowCache). */
export interface HeldRow {
  readonly id: Key;
  readonly row: Row;
  readonly complete: boolean;
}

/**
 * Rows held in memory across a rebuild's replay, until the end: 100,000 by default (the rows of
 * ~120,000 list events, ~1-1.5 KB each with their strings: 100-150 MB at most); past that they are
 * written and the rest of the replay writes batch by batch, as the live path does.
 */
export const REBUILD_ROWS_LIMIT = 100_000;

/**
 * The rows a rebuild's replay has written so far, kept in memory instead of the `__next` tables
 * (framework/projection-applier.ts). The tables start empty and only this replay writes them, so a
 * held table's rows are all here: a row not here does not exist, and no read goes to the store.
 * Each batch's RowCache reads from here and, once its transaction has committed, `commit`s its
 * changes here; `spill` writes them all to the store in one transaction (the end of the replay,
 * the limit, or a batch that must run event by event): each row is written once, as one INSERT of
 * many rows, instead of once per batch that touched it, with one commit.
 *
 * A table leaves (`release`) when a batch needs the store to answer for it (a query the cache does
 * not serve, a row with unknown columns): its rows are written in that batch's transaction, and
 * the table is the store's from then on once the batch commits; if the batch rolls back, the table
 * is held again, its rows still here.
 */
export class RebuildRows {
  private readonly tables = new Map<string, Map<string, HeldRow>>();
  /** Per composite-key table, prefix text -> the rows under it (map keys), for queries by prefix. */
  private readonly members = new Map<string, Map<string, Set<string>>>();
  /** Tables the store answers for: released by a committed batch, or all after a spill. */
  private readonly released = new Set<string>();
  /** Tables written to the store by the batch in progress: released if it commits. */
  private readonly releasing = new Set<string>();
  private count = 0;
  private spilled = false;

  constructor(readonly limit = REBUILD_ROWS_LIMIT) {}

  /** Whether the table's rows are here (and nowhere else), for the batch in progress. */
  holds(table: string): boolean {
    return !this.spilled && !this.released.has(table) && !this.releasing.has(table);
  }

  /** False once spilled: every table is then the store's. */
  get active(): boolean {
    return !this.spilled;
  }

  /** Rows held. */
  get size(): number {
    return this.count;
  }

  /** The row held under this key text, or undefined: no such row exists (the table is held). */
  row(table: string, idText: string): HeldRow | undefined {
    return this.tables.get(table)?.get(idText);
  }

  /** The rows whose key starts with the prefix (its `prefixText`). */
  withPrefix(table: string, prefix: string): HeldRow[] {
    const rows = this.tables.get(table);
    const found: HeldRow[] = [];
    for (const idText of this.members.get(table)?.get(prefix) ?? []) {
      const held = rows?.get(idText);
      if (held) found.push(held);
    }
    return found;
  }

  /** A committed batch's row (null: deleted). The row object is kept as given: nobody changes it after. */
  commit(table: string, id: Key, row: Row | null, complete: boolean): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    const idText = textOf(id);
    const had = rows.has(idText);
    if (row === null) {
      if (had) {
        rows.delete(idText);
        this.count--;
        this.file(table, id, idText, false);
      }
      return;
    }
    rows.set(idText, { id, row, complete });
    if (!had) {
      this.count++;
      this.file(table, id, idText, true);
    }
  }

  /**
   * Writes the table's rows to the store in the batch's transaction (plain INSERTs: the store
   * holds none of them); the table is the store's once the batch commits (`settle(true)`).
   */
  async release(trx: Transaction<unknown>, table: string, keys: ReadonlyMap<string, readonly string[]>, columns: Map<string, readonly string[]>): Promise<void> {
    if (!this.holds(table)) return;
    this.releasing.add(table);
    await writeRows(trx, keys, columns, table, this.tables.get(table));
  }

  /** The end of a batch: its releases stand if it committed, else the tables are held again. */
  settle(committed: boolean): void {
    for (const table of this.releasing) {
      if (!committed) continue;
      this.released.add(table);
      this.count -= this.tables.get(table)?.size ?? 0;
      this.tables.delete(table);
      this.members.delete(table);
    }
    this.releasing.clear();
  }

  /**
   * Writes every held row to the store, in `trx` (a transaction of its own: the rows are then all
   * stored or none); afterwards every table is the store's. Call `settle(true)` once it committed.
   */
  async spill(trx: Transaction<unknown>, keys: ReadonlyMap<string, readonly string[]>, columns: Map<string, readonly string[]>): Promise<number> {
    let written = 0;
    for (const [table, rows] of this.tables) {
      if (!this.holds(table)) continue;
      this.releasing.add(table);
      written += await writeRows(trx, keys, columns, table, rows);
    }
    return written;
  }

  /** After a committed spill: nothing is held any more, the rest of the replay writes batch by batch. */
  endSpill(committed: boolean): void {
    this.settle(committed);
    if (committed) this.spilled = true;
  }

  private file(table: string, id: Key, idText: string, present: boolean): void {
    if (id.length < 2) return;
    let byPrefix = this.members.get(table);
    if (!byPrefix) this.members.set(table, (byPrefix = new Map()));
    for (let length = 1; length < id.length; length++) {
      const prefix = prefixText(id.slice(0, length));
      let set = byPrefix.get(prefix);
      if (!set) byPrefix.set(prefix, (set = new Set()));
      if (present) set.add(idText);
      else set.delete(idText);
    }
  }
}

/** The rows as multi-row INSERTs, through a RowCache of their own (its statement shapes, chunk sizes). */
async function writeRows(
  trx: Transaction<unknown>,
  keys: ReadonlyMap<string, readonly string[]>,
  columns: Map<string, readonly string[]>,
  table: string,
  rows: ReadonlyMap<string, HeldRow> | undefined,
): Promise<number> {
  if (!rows || rows.size === 0) return 0;
  const writer = new RowCache(trx, keys, columns);
  writer.insert(
    table,
    [...rows.values()].map((held) => held.row),
  );
  await writer.flush([table]);
  return rows.size;
}
