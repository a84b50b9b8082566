import { CompiledQuery, PostgresAdapter, type Transaction } from 'kysely';
import type { RebuildRows } from './rebuild-rows.js';

export type Row = Record<string, unknown>;
/** A value the cache keeps as the store would give it back: what the fast paths accept. */
export type Plain = string | number | bigint | null;

/**
 * What the store holds for a key, as far as the cache knows, since the last flush:
 * 'stored' (read, or written by a flush), 'absent' (read: no row), 'unknown' (inserted here without
 * a read: the flush INSERTs it, and a duplicate fails there), 'maybe' (deleted here without a read:
 * the flush deletes before it writes).
 */
type Base = 'stored' | 'absent' | 'unknown' | 'maybe';

/** A row's key: its primary key columns' values, in the key's column order. */
export type Key = readonly Plain[];

interface Entry {
  /** The key's values as the handler gave them (the map keys are their text). */
  readonly id: Key;
  row: Row | null;
  base: Base;
  dirty: boolean;
  /** False for a row inserted with some columns left to their defaults: a full read goes to the store. */
  complete: boolean;
  /** The row object is a rebuild's held row (RebuildRows), shared: copied before it changes. Else it is this cache's alone. */
  shared?: boolean;
}

/** Rows per statement at most, and the sizes below it (halving): few distinct texts, each prepared once. */
const MAX_ROWS = 256;
/** Below SQLite's 32,766 bound variables and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

/**
 * The rows of a batch, by table and key, held in memory for the batch's transaction (write-behind):
 * each row is read from the store at most once and written at most once, at `flush`, in multi-row
 * statements. Only tables with a primary key are kept (`keys`); what the cache holds is
 * what the store would answer, because every write to a kept table goes through it or is preceded
 * by a flush and followed by `forget` (framework/write-behind/cached-transaction.ts).
 */
export class RowCache {
  private readonly tables = new Map<string, Map<string, Entry>>();
  /** Per table, the key prefixes whose rows the store held were all read (`withPrefix`). */
  private readonly prefixes = new Map<string, Set<string>>();
  /** Per composite-key table, prefix text -> the entries under it (map keys): no scan per query by prefix. */
  private readonly members = new Map<string, Map<string, Set<string>>>();
  private readonly postgres: boolean;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly trx: Transaction<any>,
    /** Table -> its primary key columns. */
    readonly keys: ReadonlyMap<string, readonly string[]>,
    /** Table -> its columns, from the DDL or the first row read, kept by the caller across batches. */
    private readonly columns: Map<string, readonly string[]>,
    private readonly options: {
      /** A rebuild's rows so far (rebuild-rows.ts): its tables are read there, never in the store. */
      readonly held?: RebuildRows | undefined;
      /** Table -> the columns an INSERT leaving them out sets to NULL (table-keys.ts): filled in, the row is whole. */
      readonly nullWhenOmitted?: ReadonlyMap<string, readonly string[]> | undefined;
    } = {},
  ) {
    this.postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  }

  /** The row with this key, or null; a copy the caller may change. */
  async get(table: string, id: Key): Promise<Row | null> {
    const entry = await this.complete(table, id);
    return entry.row && { ...entry.row };
  }

  /** The row with this key, or null: the cache's own object, to read and never change (no copy made). */
  async peek(table: string, id: Key): Promise<Row | null> {
    return (await this.complete(table, id)).row;
  }

  /** Number of rows changed (0 or 1), as an UPDATE by key answers. */
  async update(table: string, id: Key, patch: Row): Promise<number> {
    const entry = await this.complete(table, id);
    if (!entry.row) return 0;
    // The cache's own row object (never handed out: `get` answers copies) changes in place.
    if (entry.shared) {
      entry.row = { ...entry.row, ...patch };
      entry.shared = false;
    } else Object.assign(entry.row, patch);
    entry.dirty = true;
    return 1;
  }

  /**
   * Throws on a key already present (the batch then runs again one event at a time, and the store
   * says it). `owned`: the caller gives the row objects up (fresh ones it never touches again), so
   * they are kept as they are instead of copied.
   */
  insert(table: string, rows: readonly Row[], owned = false): number {
    const entries = this.entriesOf(table);
    const key = this.keys.get(table)!;
    const columns = this.columns.get(table);
    const omittedAsNull = this.options.nullWhenOmitted?.get(table);
    const held = this.options.held?.holds(table) ? this.options.held : undefined;
    for (const given of rows) {
      const row = owned ? given : { ...given };
      if (omittedAsNull) for (const column of omittedAsNull) if (row[column] === undefined) row[column] = null;
      const values = key.map((column) => row[column] as Plain);
      const id = textOf(values);
      const entry = entries.get(id);
      // A row of a held table this batch has not read yet is in the rebuild's rows.
      if (entry?.row || (!entry && held?.row(table, id))) throw new Error(`Duplicate key (${key.join(', ')}) = ${id} in ${table}`);
      const base: Base = !entry ? 'unknown' : entry.base === 'absent' || entry.base === 'unknown' ? entry.base : 'maybe';
      const complete = columns !== undefined && hasEvery(row, columns);
      this.put(table, entries, id, { id: values, row, base, dirty: true, complete });
    }
    return rows.length;
  }

  async delete(table: string, id: Key): Promise<number> {
    const entries = this.entriesOf(table);
    const entry = entries.get(textOf(id)) ?? (await this.read(table, id));
    if (!entry.row) return 0;
    entry.row = null;
    entry.dirty = true;
    if (entry.base === 'stored') entry.base = 'maybe';
    return 1;
  }

  /**
   * Every row whose key starts with `prefix` (the values of the key's first columns): the store's
   * rows of the prefix are read once, then the cache knows them all (rows it already holds, and rows
   * inserted or deleted here, win over the store's). Copies the caller may change.
   */
  async withPrefix(table: string, prefix: Key): Promise<Row[]> {
    const entries = this.entriesOf(table);
    const loaded = this.prefixes.get(table) ?? new Set<string>();
    this.prefixes.set(table, loaded);
    const text = prefixText(prefix);
    const held = this.options.held;
    if (!loaded.has(text) && held?.holds(table)) {
      // The rebuild holds every row of the table: the prefix's rows are those it holds.
      for (const row of held.withPrefix(table, text)) {
        const idText = textOf(row.id);
        if (!entries.has(idText)) this.put(table, entries, idText, { id: row.id, row: row.row, base: 'stored', dirty: false, complete: row.complete, shared: true });
      }
      loaded.add(text);
    }
    if (!loaded.has(text)) {
      const key = this.keys.get(table)!;
      const where = prefix.map((_, index) => `${quote(key[index]!)} = ${this.placeholder(index + 1)}`).join(' and ');
      const { rows } = await this.trx.executeQuery<Row>(CompiledQuery.raw(`select * from ${quote(table)} where ${where}`, [...prefix]));
      if (rows[0] && !this.columns.has(table)) this.columns.set(table, Object.keys(rows[0]));
      for (const row of rows) {
        const id = key.map((column) => row[column] as Plain);
        const idText = textOf(id);
        if (!entries.has(idText)) this.put(table, entries, idText, { id, row, base: 'stored', dirty: false, complete: true });
      }
      loaded.add(text);
    }
    const found: Row[] = [];
    for (const idText of [...(this.members.get(table)?.get(text) ?? [])]) {
      const entry = entries.get(idText);
      if (!entry?.row) continue;
      const complete = entry.complete ? entry : await this.complete(table, entry.id);
      if (complete.row) found.push({ ...complete.row });
    }
    return found;
  }

  /**
   * Writes what changed in the given tables (all when absent) to the store; the rows stay known.
   * The store must answer for them after this (a query the cache does not serve follows): a table a
   * rebuild holds is released, its rows written first (RebuildRows.release).
   */
  async flush(tables?: Iterable<string>): Promise<void> {
    for (const table of tables ?? new Set([...this.tables.keys(), ...this.keys.keys()])) {
      if (this.options.held?.holds(table)) await this.options.held.release(this.trx, table, this.keys, this.columns);
      const entries = this.tables.get(table);
      if (entries) await this.flushTable(table, entries);
    }
  }

  /**
   * The end of a batch: what changed in the tables the store answers for is written; the changes to
   * the tables a rebuild holds wait for `commitHeld`, once the batch's transaction has committed.
   */
  async flushStored(): Promise<void> {
    for (const [table, entries] of this.tables) if (!this.options.held?.holds(table)) await this.flushTable(table, entries);
  }

  /** After the batch's transaction committed: its changes to the held tables are the rebuild's rows. */
  commitHeld(): void {
    const held = this.options.held;
    if (!held) return;
    for (const [table, entries] of this.tables) {
      if (!held.holds(table)) continue;
      for (const entry of entries.values()) if (entry.dirty) held.commit(table, entry.id, entry.row, entry.complete);
    }
  }

  /** After a write the cache did not see (the store is then the only truth for these tables). */
  forget(tables?: Iterable<string>): void {
    if (!tables) {
      this.tables.clear();
      this.prefixes.clear();
      this.members.clear();
      return;
    }
    for (const table of tables) {
      this.tables.delete(table);
      this.prefixes.delete(table);
      this.members.delete(table);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private entriesOf(table: string): Map<string, Entry> {
    let entries = this.tables.get(table);
    if (!entries) this.tables.set(table, (entries = new Map()));
    return entries;
  }

  /** Every entry goes in here: a composite key's entry is filed under each prefix of its key too. */
  private put(table: string, entries: Map<string, Entry>, idText: string, entry: Entry): void {
    entries.set(idText, entry);
    if (entry.id.length < 2) return;
    let byPrefix = this.members.get(table);
    if (!byPrefix) this.members.set(table, (byPrefix = new Map()));
    for (let length = 1; length < entry.id.length; length++) {
      const prefix = prefixText(entry.id.slice(0, length));
      let set = byPrefix.get(prefix);
      if (!set) byPrefix.set(prefix, (set = new Set()));
      set.add(idText);
    }
  }

  /** The entry with every column: a row inserted with some left to defaults is written, then read. */
  private async complete(table: string, id: Key): Promise<Entry> {
    const entry = this.entriesOf(table).get(textOf(id));
    if (entry && (entry.row === null || entry.complete)) return entry;
    // Written (a rebuild's held table: its rows written and released), then read whole from the store.
    if (entry?.dirty || (entry && this.options.held?.holds(table))) await this.flush([table]);
    return this.read(table, id);
  }

  private async read(table: string, id: Key): Promise<Entry> {
    const held = this.options.held;
    if (held?.holds(table)) {
      // Every row of the table is held: one not held does not exist.
      const row = held.row(table, textOf(id));
      const entry: Entry = { id, row: row?.row ?? null, base: row ? 'stored' : 'absent', dirty: false, complete: row?.complete ?? true, shared: row !== undefined };
      this.put(table, this.entriesOf(table), textOf(id), entry);
      return entry;
    }
    const key = this.keys.get(table)!;
    const where = key.map((column, index) => `${quote(column)} = ${this.placeholder(index + 1)}`).join(' and ');
    const { rows } = await this.trx.executeQuery<Row>(CompiledQuery.raw(`select * from ${quote(table)} where ${where}`, [...id]));
    const row = rows[0] ?? null;
    if (row && !this.columns.has(table)) this.columns.set(table, Object.keys(row));
    const entry: Entry = { id, row, base: row ? 'stored' : 'absent', dirty: false, complete: true };
    this.put(table, this.entriesOf(table), textOf(id), entry);
    return entry;
  }

  private async flushTable(table: string, entries: Map<string, Entry>): Promise<void> {
    const key = this.keys.get(table)!;
    const deletes: Key[] = [];
    const inserts: Row[] = [];
    const upserts: Row[] = [];
    const written: Entry[] = [];
    for (const entry of entries.values()) {
      if (!entry.dirty) continue;
      written.push(entry);
      if (entry.base === 'maybe' || (entry.base === 'stored' && !entry.row)) deletes.push(entry.id);
      if (!entry.row) continue;
      if (entry.base === 'stored') upserts.push(entry.row);
      else inserts.push(entry.row);
    }
    if (written.length === 0) return;
    const target = key.length === 1 ? quote(key[0]!) : `(${key.map(quote).join(', ')})`;
    for (const ids of chunks(deletes, key.length)) {
      const parameters: Plain[] = [];
      const tuples = ids.map((id) => {
        const places = id.map((value) => (parameters.push(value), this.placeholder(parameters.length)));
        return key.length === 1 ? places[0]! : `(${places.join(', ')})`;
      });
      await this.run(`delete from ${quote(table)} where ${target} in (${tuples.join(', ')})`, parameters);
    }
    await this.writeRows(table, key, inserts, false);
    await this.writeRows(table, key, upserts, true);
    for (const entry of written) {
      entry.dirty = false;
      entry.base = entry.row ? 'stored' : 'absent';
    }
  }

  /** Multi-row INSERTs (UPSERTs for rows the store holds), grouped by the columns each row sets. */
  private async writeRows(table: string, key: readonly string[], rows: readonly Row[], upsert: boolean): Promise<void> {
    const byColumns = new Map<string, { columns: string[]; rows: Row[] }>();
    for (const row of rows) {
      const columns = Object.keys(row).filter((column) => row[column] !== undefined);
      const signature = columns.join('\u0000');
      let group = byColumns.get(signature);
      if (!group) byColumns.set(signature, (group = { columns, rows: [] }));
      group.rows.push(row);
    }
    for (const { columns, rows: group } of byColumns.values()) {
      const names = columns.map(quote).join(', ');
      const updated = columns.filter((column) => !key.includes(column));
      const conflict = key.map(quote).join(', ');
      const onConflict = !upsert
        ? ''
        : updated.length === 0
          ? ` on conflict (${conflict}) do nothing`
          : ` on conflict (${conflict}) do update set ${updated.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ')}`;
      for (const slice of chunks(group, columns.length)) {
        const parameters: unknown[] = [];
        const tuples = slice.map((row) => `(${columns.map((column) => (parameters.push(row[column]), this.placeholder(parameters.length))).join(', ')})`);
        await this.run(`insert into ${quote(table)} (${names}) values ${tuples.join(', ')}${onConflict}`, parameters);
      }
    }
  }

  private async run(text: string, parameters: readonly unknown[]): Promise<void> {
    await this.trx.executeQuery(CompiledQuery.raw(text, parameters as unknown[]));
  }

  private placeholder(index: number): string {
    return this.postgres ? `$${index}` : '?';
  }
}

/** Whether the row has every column (a loop: no closure per row). */
function hasEvery(row: Row, columns: readonly string[]): boolean {
  for (const column of columns) if (!(column in row)) return false;
  return true;
}

/** Map key of a key tuple: types kept apart ('1' and 1 differ, as the cache compares them). */
export const textOf = (id: Key): string => (id.length === 1 && typeof id[0] === 'string' ? id[0] : JSON.stringify(id.map((value) => (typeof value === 'bigint' ? `${value}n` : value))));

/** A prefix's map key: its length first, so prefixes of different lengths never meet. */
export const prefixText = (prefix: Key): string => `${prefix.length}\u0000${textOf(prefix)}`;

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Slices of at most MAX_ROWS (and MAX_PARAMETERS), then halving sizes: at most 9 statement texts per shape. */
function* chunks<T>(items: readonly T[], width: number): Generator<T[]> {
  let size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / Math.max(1, width))));
  let at = 0;
  while (at < items.length) {
    while (size > 1 && items.length - at < size) size = Math.floor(size / 2);
    yield items.slice(at, at + size);
    at += size;
  }
}
