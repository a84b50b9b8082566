import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Page, PageRequest } from '../../framework/cursor.js';
import type { PositionWaiter } from '../../framework/wait-for-position.js';
import { invalid } from '#domain';
import { parseAsOf } from '../../framework/temporal/as-of-day.js';
import { selectAsOf } from '../../framework/temporal/as-of-select.js';
import { asOfProjectionName } from '../../framework/temporal/temporal-projection.js';
import { ADMINISTRATIVE_LEVELS } from './columns.js';
import { paginate, type KeysetOrder } from './paginate.js';

/** Read-your-writes: answer only once the read models include this global position. */
export interface Consistency {
  minPosition?: number;
}

export interface AreaFilter {
  city?: string;
  district?: string;
  street?: string;
  community?: string;
}

/** Who owns a row, by the owner's kind: each list maps the kinds it knows to a column. */
export type OwnerKey = 'organisation' | 'employer' | 'contractor' | 'volunteer';

/**
 * Which rows a reader may list (decided by libs/application's readAccess, the one rule of who may
 * see what): rows inside `within`; with `owner`, only rows whose owner column names that id; with
 * `nothing`, none. A list that does not know the owner kind asked for lists nothing (fails closed).
 */
export interface RowScope {
  readonly within?: AreaFilter;
  /** Rows may also contain the area (a district-wide project serves a community of it): the codes agree wherever both name a level. */
  readonly overlapping?: boolean;
  readonly owner?: { readonly key: OwnerKey; readonly id: string };
  readonly nothing?: boolean;
}

export type ListQuery<Filter> = Filter & AreaFilter & PageRequest & Consistency & AsOf & { scope?: RowScope };

/**
 * The list as it stood at the end of this Beijing calendar date (YYYY-MM-DD, Asia/Shanghai), read
 * from the list's temporal projection. 400 AS_OF_NOT_A_DATE, AS_OF_IN_FUTURE, AS_OF_NOT_KEPT.
 */
export interface AsOf {
  asOf?: string;
}

/** What every list's queries read through: the tables, the one read-your-writes wait, the clock. */
export class ReadSide<DB> {
  constructor(
    readonly db: Kysely<DB>,
    private readonly waiter: PositionWaiter,
    private readonly waitTimeoutMs: number,
    /** Reports owed are counted against it. */
    readonly clock: () => Date,
  ) {}

  /** Waits (bounded) until `projections` include `minPosition`; a query without one answers at once. */
  async consistent(consistency: Consistency, projections: readonly string[]): Promise<void> {
    if (consistency.minPosition === undefined || consistency.minPosition <= 0) return;
    await this.waiter.waitForPosition(consistency.minPosition, this.waitTimeoutMs, { projections });
  }
}

// Filters are written against whichever table the list reads; the shape's types keep callers honest.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;

/** How one filter narrows a list: the column it must equal, or a narrowing of its own. */
export type FilterRule<Value> = string | ((select: AnySelect, value: Value) => AnySelect);

/** A narrowing that applies only when its flag is true (`withBalance=false` means "do not filter"). */
export const whenTrue =
  (narrow: (select: AnySelect) => AnySelect): FilterRule<boolean> =>
  (select, on) =>
    on ? narrow(select) : select;

/**
 * One list as data: its table, the projections it reads, its keyset order, its filters and the
 * item a row becomes. `listPage` runs every list through the same steps.
 */
export interface ListShape<DB, Table extends keyof DB & string, Filter, Item> {
  readonly table: Table;
  readonly projections: readonly string[];
  readonly order: KeysetOrder;
  /** Rows that sit nowhere (bids) carry no area columns: false leaves the area filter out. */
  readonly byArea?: boolean;
  /** The owner columns a reader's scope may name (RowScope.owner). */
  readonly owners?: Partial<Record<OwnerKey, string>>;
  readonly filters: { readonly [Key in keyof Filter]-?: FilterRule<NonNullable<Filter[Key]>> };
  readonly toItem: (row: DB[Table]) => Item;
  /** True when the list's temporal projection versions this table: `asOf` then reads its history. */
  readonly asOf?: boolean;
}

/**
 * One page of a list: read-your-writes, the area, each filter given (an absent or empty filter
 * does not narrow), then keyset pagination.
 */
export async function listPage<DB, Table extends keyof DB & string, Filter, Item>(
  reads: ReadSide<DB>,
  shape: ListShape<DB, Table, Filter, Item>,
  // The shape decides the filters; a query never widens them.
  query: NoInfer<ListQuery<Filter>>,
): Promise<Page<Item>> {
  let select: AnySelect;
  if (query.asOf === undefined) {
    await reads.consistent(query, shape.projections);
    select = (reads.db as Kysely<DB>).selectFrom(shape.table as never).selectAll() as AnySelect;
  } else {
    const day = parseAsOf(query.asOf, reads.clock());
    if (!shape.asOf) throw invalid('AS_OF_NOT_KEPT', 'This list is not kept through time: asOf is not offered here', { list: shape.order.list });
    await reads.consistent(query, shape.projections.map(asOfProjectionName));
    select = selectAsOf(reads.db, shape.table, day).selectAll(shape.table) as AnySelect;
  }
  if (shape.byArea !== false) select = withArea(select, query);
  if (query.scope) select = withinScope(select, query.scope, shape);
  for (const [key, rule] of Object.entries(shape.filters) as [keyof Filter, FilterRule<unknown>][]) {
    const value = query[key];
    if (value === undefined || value === null || value === '') continue;
    select = typeof rule === 'string' ? select.where(rule, '=', value) : rule(select, value);
  }
  return paginate(select, shape.order, query, shape.toItem as (row: Record<string, unknown>) => Item);
}

function withArea(select: AnySelect, area: AreaFilter): AnySelect {
  let filtered = select;
  for (const level of ADMINISTRATIVE_LEVELS) {
    const code = area[level];
    if (code) filtered = filtered.where(level, '=', code);
  }
  return filtered;
}

/** Narrows a list to what the reader may see: never widens it, and fails closed on what it cannot express. */
function withinScope(select: AnySelect, scope: RowScope, shape: { byArea?: boolean; owners?: Partial<Record<OwnerKey, string>> }): AnySelect {
  if (scope.nothing) return select.where(sql<boolean>`1 = 0`);
  let scoped = select;
  if (scope.within) {
    if (shape.byArea === false) return select.where(sql<boolean>`1 = 0`);
    for (const level of ADMINISTRATIVE_LEVELS) {
      const code = scope.within[level];
      if (!code) continue;
      // '' in a row: the record does not go down to this level (a district-wide project).
      scoped = scope.overlapping ? scoped.where((eb) => eb.or([eb(level, '=', code), eb(level, '=', '')])) : scoped.where(level, '=', code);
    }
  }
  if (scope.owner) {
    const column = shape.owners?.[scope.owner.key];
    if (!column) return select.where(sql<boolean>`1 = 0`);
    scoped = scoped.where(column, '=', scope.owner.id);
  }
  return scoped;
}
