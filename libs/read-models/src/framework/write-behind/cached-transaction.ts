import { DeleteResult, InsertResult, NoResultError, UpdateResult, type QueryExecutor, type Transaction } from 'kysely';
import type { Plain, Row, RowCache } from './row-cache.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;
type Call = readonly [method: string, args: readonly unknown[]];
type Terminal = 'execute' | 'executeTakeFirst' | 'executeTakeFirstOrThrow';

/** Methods of a Kysely instance that start a query: recorded, then answered by the cache or the store. */
const STARTS = new Set(['selectFrom', 'updateTable', 'insertInto', 'deleteFrom', 'replaceInto', 'mergeInto', 'with', 'withRecursive', 'selectNoFrom']);
const WRITES = new Set(['updateTable', 'insertInto', 'deleteFrom', 'replaceInto', 'mergeInto']);
const TERMINALS = new Set<string>(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow']);
/** Kysely views over the same connection that would bypass the cache: every query through them flushes first. */
const VIEWS = new Set(['withPlugin', 'withoutPlugins', 'withSchema', 'withTables']);

/**
 * The transaction a write-behind projection's handlers see: a Kysely transaction to them, whose
 * queries are recorded as calls (no query building, no SQL) and, when the query is one of the
 * row-by-key shapes the lists use, answered by the batch's RowCache:
 *
 * - `selectFrom(t).selectAll() | .select(columns)` `.where(key, '=', v)`
 * - `updateTable(t).set({ plain values }).where(key, '=', v)` (the key itself unchanged)
 * - `insertInto(t).values(row | rows)` (plain values, key given)
 * - `deleteFrom(t).where(key, '=', v)`
 *
 * where `t` is a table with a one-column primary key `key`. Any other query runs on the real
 * transaction, after the cached tables it names (all, if it holds callbacks or raw SQL) are
 * flushed; a write then makes the cache forget those tables.
 */
export function cachedTransaction(trx: AnyTrx, cache: RowCache): AnyTrx {
  return viewOf(trx, cache, true);
}

function viewOf(trx: AnyTrx, cache: RowCache, fast: boolean): AnyTrx {
  return new Proxy(trx, {
    get(target, property) {
      if (typeof property === 'string') {
        if (STARTS.has(property)) return (...args: unknown[]) => recorder(target, cache, fast, [[property, args]]);
        if (VIEWS.has(property)) return (...args: unknown[]) => viewOf((Reflect.get(target, property, target) as (...a: unknown[]) => AnyTrx).apply(target, args), cache, false);
        // `sql\`...\`.execute(trx)` asks for the executor: raw SQL may read or write anything.
        if (property === 'getExecutor') return () => flushingExecutor(target.getExecutor(), cache);
        if (property === 'executeQuery') return flushingAround(target.executeQuery.bind(target) as (...a: unknown[]) => Promise<unknown>, cache);
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function flushingExecutor(executor: QueryExecutor, cache: RowCache): QueryExecutor {
  return new Proxy(executor, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property !== 'executeQuery' && property !== 'stream') return (value as (...a: unknown[]) => unknown).bind(target);
      if (property === 'stream') throw new Error('Streaming queries are not offered to write-behind projection handlers');
      return flushingAround((value as (...a: unknown[]) => Promise<unknown>).bind(target), cache);
    },
  });
}

/** Raw SQL may read or write any table: everything is flushed before, and forgotten after. */
const flushingAround =
  (execute: (...args: unknown[]) => Promise<unknown>, cache: RowCache) =>
  async (...args: unknown[]): Promise<unknown> => {
    await cache.flush();
    try {
      return await execute(...args);
    } finally {
      cache.forget();
    }
  };

/** A query builder stand-in that records calls; each call answers a new recorder (builders are immutable). */
function recorder(trx: AnyTrx, cache: RowCache, fast: boolean, calls: readonly Call[]): unknown {
  const self: unknown = new Proxy(function builder() {}, {
    get(_target, property) {
      if (property === 'then') return undefined;
      if (typeof property !== 'string') return undefined;
      if (TERMINALS.has(property)) return () => run(trx, cache, fast, calls, property as Terminal);
      if (property === '$call') return (fn: (builder: unknown) => unknown) => fn(self);
      if (property === '$if') return (condition: boolean, fn: (builder: unknown) => unknown) => (condition ? fn(self) : self);
      if (property === 'compile' || property === 'toOperationNode') return () => (replay(trx, calls)[property] as () => unknown)();
      return (...args: unknown[]) => recorder(trx, cache, fast, [...calls, [property, args]]);
    },
  });
  return self;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function replay(trx: AnyTrx, calls: readonly Call[]): any {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let builder: any = trx;
  for (const [method, args] of calls) builder = builder[method](...args);
  return builder;
}

async function run(trx: AnyTrx, cache: RowCache, fast: boolean, calls: readonly Call[], terminal: Terminal): Promise<unknown> {
  const answered = fast ? await fromCache(cache, calls) : undefined;
  if (answered !== undefined) {
    if (terminal === 'execute') return answered;
    const first = answered[0];
    if (first === undefined && terminal === 'executeTakeFirstOrThrow') throw new NoResultError(replay(trx, calls).toOperationNode());
    return first;
  }
  const named = cachedTablesNamed(cache, calls);
  await cache.flush(named ?? undefined);
  const result = await (replay(trx, calls)[terminal] as () => Promise<unknown>)();
  if (named === null) cache.forget();
  else if (WRITES.has(calls[0]![0]) || calls[0]![0].startsWith('with')) cache.forget(named);
  return result;
}

/** The answer from the cache, or undefined when the query is not one of its shapes. */
async function fromCache(cache: RowCache, calls: readonly Call[]): Promise<unknown[] | undefined> {
  const [start, ...rest] = calls;
  const table = start![1][0];
  if (typeof table !== 'string' || start![1].length !== 1) return undefined;
  const key = cache.keys.get(table);
  if (!key) return undefined;
  const parts = new Map<string, readonly unknown[]>();
  for (const [method, args] of rest) {
    if (parts.has(method)) return undefined;
    parts.set(method, args);
  }
  const id = keyEquals(parts.get('where'), key);
  switch (start![0]) {
    case 'selectFrom': {
      const columns = selection(parts);
      if (id === undefined || columns === undefined || parts.size !== 2) return undefined;
      const row = await cache.get(table, id);
      return row ? [columns === 'all' ? row : pick(row, columns)] : [];
    }
    case 'updateTable': {
      const patch = plainRow(parts.get('set'));
      if (id === undefined || !patch || Object.keys(patch).length === 0 || parts.size !== 2 || (key in patch && patch[key] !== id)) return undefined;
      return [new UpdateResult(BigInt(await cache.update(table, id, patch)), undefined)];
    }
    case 'insertInto': {
      const values = parts.get('values');
      if (!values || values.length !== 1 || parts.size !== 1) return undefined;
      const rows = (Array.isArray(values[0]) ? values[0] : [values[0]]).map((row) => plainRow([row]));
      if (rows.length === 0 || rows.some((row) => !row || !isKey(row[key]))) return undefined;
      return [new InsertResult(undefined, BigInt(cache.insert(table, rows as Row[])))];
    }
    case 'deleteFrom':
      if (id === undefined || parts.size !== 1) return undefined;
      return [new DeleteResult(BigInt(await cache.delete(table, id)))];
    default:
      return undefined;
  }
}

const isKey = (value: unknown): value is string | number => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

const isPlain = (value: unknown): value is Plain | undefined =>
  value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint';

/** `where(key, '=', value)` with a key value: the value; anything else: undefined. */
function keyEquals(args: readonly unknown[] | undefined, key: string): string | number | undefined {
  if (!args || args.length !== 3 || args[0] !== key || args[1] !== '=') return undefined;
  return isKey(args[2]) ? args[2] : undefined;
}

/** `selectAll()` or `select(column | columns)` of plain column names. */
function selection(parts: ReadonlyMap<string, readonly unknown[]>): 'all' | readonly string[] | undefined {
  const all = parts.get('selectAll');
  if (all) return all.length === 0 && !parts.has('select') ? 'all' : undefined;
  const args = parts.get('select');
  if (!args || args.length !== 1) return undefined;
  const columns = Array.isArray(args[0]) ? (args[0] as unknown[]) : [args[0]];
  return columns.every((column) => typeof column === 'string' && /^[a-z_][a-z0-9_]*$/i.test(column)) ? (columns as string[]) : undefined;
}

/** A plain object of plain values (undefined ones dropped, as Kysely drops them), or undefined. */
function plainRow(args: readonly unknown[] | undefined): Row | undefined {
  if (!args || args.length !== 1) return undefined;
  const value = args[0];
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  const row: Row = {};
  for (const [column, cell] of Object.entries(value)) {
    if (!isPlain(cell)) return undefined;
    if (cell !== undefined) row[column] = cell;
  }
  return row;
}

function pick(row: Row, columns: readonly string[]): Row {
  const picked: Row = {};
  for (const column of columns) if (column in row) picked[column] = row[column];
  return picked;
}

/**
 * The cached tables a recorded query names (its string arguments, `table`, `table as t`, `table.column`),
 * or null when it holds a callback or an expression whose tables cannot be told.
 */
function cachedTablesNamed(cache: RowCache, calls: readonly Call[]): Set<string> | null {
  const named = new Set<string>();
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') {
      const table = value.split(/[\s.]/, 1)[0]!;
      if (cache.keys.has(table)) named.add(table);
      return true;
    }
    if (isPlain(value) || typeof value === 'boolean') return true;
    if (Array.isArray(value)) return value.every(visit);
    if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every(isPlain);
    return false;
  };
  for (const [, args] of calls) if (!args.every(visit)) return null;
  return named;
}
