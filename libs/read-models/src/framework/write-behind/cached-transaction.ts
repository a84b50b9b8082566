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
 * - `insertInto(t).values(row | rows)` (plain values, key given), optionally
 *   `.onConflict((oc) => oc.column(s)(key).doNothing() | .doUpdateSet({ plain values }))`
 * - `deleteFrom(t).where(key, '=', v)`
 *
 * where `t` is a table with a primary key and `where(key, '=', v)` stands for one such call per key
 * column, or per column of a prefix of the key (the first ones: the store's rows of that prefix are
 * read once, RowCache.withPrefix); further `where(column, '=', value)` calls on other columns are
 * checked on the row in memory (when its value has the type of the one asked, else the store answers). Any other query runs on the real
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
  const wheres: (readonly unknown[])[] = [];
  for (const [method, args] of rest) {
    if (method === 'where') wheres.push(args);
    else if (parts.has(method)) return undefined;
    else parts.set(method, args);
  }
  const match = wheres.length > 0 ? matchKey(wheres, key) : undefined;
  if (wheres.length > 0 && !match) return undefined;
  if (match && match.id.length < key.length) return fromPrefix(cache, start![0], table, key, match, parts);
  switch (start![0]) {
    case 'selectFrom': {
      const columns = selection(parts);
      if (!match || columns === undefined || parts.size !== 1) return undefined;
      const row = await cache.get(table, match.id);
      const kept = row && filtered(row, match.filters);
      if (kept === undefined) return undefined;
      return kept ? [columns === 'all' ? kept : pick(kept, columns)] : [];
    }
    case 'updateTable': {
      const patch = plainRow(parts.get('set'));
      if (!match || !patch || Object.keys(patch).length === 0 || parts.size !== 1) return undefined;
      if (key.some((column, index) => column in patch && patch[column] !== match.id[index])) return undefined;
      const row = await cache.peek(table, match.id);
      const kept = row && filtered(row, match.filters);
      if (kept === undefined) return undefined;
      return [new UpdateResult(BigInt(kept ? await cache.update(table, match.id, patch) : 0), undefined)];
    }
    case 'insertInto': {
      const values = parts.get('values');
      const conflict = parts.has('onConflict') ? conflictClause(parts.get('onConflict')!, key) : null;
      if (match || !values || values.length !== 1 || conflict === undefined || parts.size !== (conflict ? 2 : 1)) return undefined;
      const rows = (Array.isArray(values[0]) ? values[0] : [values[0]]).map((row) => plainRow([row]));
      if (rows.length === 0 || rows.some((row) => !row || key.some((column) => !isKey(row[column])))) return undefined;
      // plainRow made fresh rows: the cache keeps them without a copy.
      if (!conflict) return [new InsertResult(undefined, BigInt(cache.insert(table, rows as Row[], true)))];
      // PostgreSQL refuses to update one row twice in a statement: such a batch is the store's to refuse.
      if (conflict.update && new Set(rows.map((row) => JSON.stringify(key.map((column) => row![column])))).size !== rows.length) return undefined;
      let changed = 0;
      for (const row of rows as Row[]) {
        const id = key.map((column) => row[column] as Plain);
        if (!(await cache.peek(table, id))) changed += cache.insert(table, [row], true);
        else if (conflict.update) changed += await cache.update(table, id, conflict.update);
      }
      return [new InsertResult(undefined, BigInt(changed))];
    }
    case 'deleteFrom': {
      if (!match || parts.size !== 0) return undefined;
      const row = await cache.peek(table, match.id);
      const kept = row && filtered(row, match.filters);
      if (kept === undefined) return undefined;
      return [new DeleteResult(BigInt(kept ? await cache.delete(table, match.id) : 0))];
    }
    default:
      return undefined;
  }
}

/**
 * The rows of a key prefix, from the cache (which reads the store's rows of the prefix once):
 * select, update (key unchanged) and delete, each row checked against the other conditions.
 */
async function fromPrefix(
  cache: RowCache,
  start: string,
  table: string,
  key: readonly string[],
  match: { id: Plain[]; filters: [string, Plain][] },
  parts: ReadonlyMap<string, readonly unknown[]>,
): Promise<unknown[] | undefined> {
  // The cache files a prefix's stored rows by the stored values' types; a number or bigint (pg returns
  // bigint as text) could miss them: only text prefixes are served from memory, others ask the store.
  if (match.id.some((value) => typeof value !== 'string')) return undefined;
  const columns = start === 'selectFrom' ? selection(parts) : undefined;
  const patch = start === 'updateTable' ? plainRow(parts.get('set')) : undefined;
  if (start === 'selectFrom' ? columns === undefined || parts.size !== 1 : start === 'updateTable' ? !patch || Object.keys(patch).length === 0 || parts.size !== 1 || key.some((column) => column in patch) : start !== 'deleteFrom' || parts.size !== 0) {
    return undefined;
  }
  const kept: Row[] = [];
  for (const row of await cache.withPrefix(table, match.id)) {
    const meets = filtered(row, match.filters);
    if (meets === undefined) return undefined; // nothing changed yet: the store answers the whole query
    if (meets) kept.push(meets);
  }
  if (start === 'selectFrom') return columns === 'all' ? kept : kept.map((row) => pick(row, columns!));
  const ids = kept.map((row) => key.map((column) => row[column] as Plain));
  let changed = 0;
  for (const id of ids) changed += start === 'updateTable' ? await cache.update(table, id, patch!) : await cache.delete(table, id);
  return [start === 'updateTable' ? new UpdateResult(BigInt(changed), undefined) : new DeleteResult(BigInt(changed))];
}

/**
 * `onConflict((oc) => oc.column(k) | oc.columns([k...]) .doNothing() | .doUpdateSet({ plain values }))`
 * naming exactly the primary key: null update for doNothing, the patch for doUpdateSet (not on the
 * key). Anything else (another target, expressions, a where): undefined, the store answers.
 */
function conflictClause(args: readonly unknown[], key: readonly string[]): { update: Row | null } | undefined {
  if (args.length !== 1 || typeof args[0] !== 'function') return undefined;
  const calls: Call[] = [];
  const stand: unknown = new Proxy(
    {},
    { get: (_target, property) => (typeof property === 'string' && property !== 'then' ? (...a: unknown[]) => (calls.push([property, a]), stand) : undefined) },
  );
  try {
    (args[0] as (builder: unknown) => unknown)(stand);
  } catch {
    return undefined;
  }
  if (calls.length !== 2) return undefined;
  const [[target, targetArgs], [action, actionArgs]] = calls as [Call, Call];
  const named = target === 'column' && targetArgs.length === 1 ? [targetArgs[0]] : target === 'columns' && targetArgs.length === 1 && Array.isArray(targetArgs[0]) ? (targetArgs[0] as unknown[]) : [];
  if (named.length !== key.length || !key.every((column) => named.includes(column))) return undefined;
  if (action === 'doNothing' && actionArgs.length === 0) return { update: null };
  if (action !== 'doUpdateSet') return undefined;
  const patch = plainRow(actionArgs);
  return patch && Object.keys(patch).length > 0 && !key.some((column) => column in patch) ? { update: patch } : undefined;
}

/**
 * `where(column, '=', value)` calls naming every key column once, each with a key value (or the
 * first columns of the key only: a prefix, `id` then shorter than the key), and the other columns'
 * conditions as filters. Anything else: undefined.
 */
function matchKey(wheres: readonly (readonly unknown[])[], key: readonly string[]): { id: Plain[]; filters: [string, Plain][] } | undefined {
  const id: Plain[] = new Array<Plain>(key.length);
  const filters: [string, Plain][] = [];
  let found = 0;
  for (const args of wheres) {
    if (args.length !== 3 || typeof args[0] !== 'string' || args[1] !== '=' || !isPlain(args[2]) || args[2] === null || args[2] === undefined) return undefined;
    const index = key.indexOf(args[0]);
    if (index < 0) {
      filters.push([args[0], args[2]]);
      continue;
    }
    if (!isKey(args[2]) || id[index] !== undefined) return undefined;
    id[index] = args[2];
    found++;
  }
  if (found === key.length) return { id, filters };
  // A prefix: the first `found` key columns given, none after them.
  if (found === 0 || id.slice(0, found).some((value) => value === undefined)) return undefined;
  return { id: id.slice(0, found), filters };
}

/**
 * The row if it meets the filters, null if it does not; undefined when a comparison in memory could
 * differ from the store's (a column absent, or of another type than the value: the store converts).
 */
function filtered(row: Row, filters: readonly [string, Plain][]): Row | null | undefined {
  for (const [column, value] of filters) {
    if (!(column in row)) return undefined;
    const cell = row[column];
    if (cell === null) return null;
    if (typeof cell !== typeof value) return undefined;
    if (cell !== value) return null;
  }
  return row;
}

const isKey = (value: unknown): value is string | number => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

const isPlain = (value: unknown): value is Plain | undefined =>
  value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint';

/** `selectAll()` or `select(column | columns)` of plain column names. */
function selection(parts: ReadonlyMap<string, readonly unknown[]>): 'all' | readonly string[] | undefined {
  const all = parts.get('selectAll');
  if (all) return all.length === 0 && !parts.has('select') ? 'all' : undefined;
  if (!parts.has('select')) return undefined;
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
  // for...in over a plain object (own enumerable keys only: its prototype is Object.prototype): no entry arrays.
  for (const column in value) {
    const cell = (value as Row)[column];
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
