import { sql, type Kysely, type Transaction } from 'kysely';
import type { RecordedEvent } from '#event-store';
import type { AnyProjection, Projection, ProjectionHandler, ProjectionTables } from '../projection.js';
import { beijingDayOf, OPEN_END } from './as-of-day.js';
import { copyOf, TableCopyPlugin } from './table-copy-plugin.js';
import { ReusedQueries } from './reused-queries.js';

/** A list table whose every state is kept, by Beijing day. */
export interface VersionedTable {
  table: string;
  /** Its primary key column (one row per key in the list table). */
  key: string;
  /**
   * The list's sort column: the history is indexed (area level, sort, key) so a district's page as
   * of a date walks one index in the list's order. Without one, (area level, valid_from) for sums.
   */
  sort?: string;
  /** A table without area columns is read by this column instead (the project a report belongs to). */
  readBy?: string;
}

/** Where a versioned table's past lives: `<table>_history`, the list's columns plus valid_from / valid_to. */
export const historyOf = (table: string): string => `${table}_history`;

/** The temporal projection of a list is named after it. */
export const asOfProjectionName = (list: string): string => `${list}-as-of`;

// Bump when the history's shape or the versioning changes; the list's own version is folded in.
const TEMPORAL_VERSION = 1;

const AREA_LEVELS = ['district', 'street', 'community'] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

/**
 * A list as it stood at the end of any past Beijing day (valid time, by day). It runs the list
 * projection's own handlers on `asof_` copies of the list's tables (the list's SQL, not a second
 * rendering of its rules), and after each event versions the rows of the versioned tables that the
 * event touched: the row's state closes the version open before (valid_to = the event's day) and
 * opens a new one (valid_from = the event's day, valid_to = 9999-12-31). Changes within one day
 * collapse into that day's version, so the history grows with days of change, not with events.
 *
 * A row's state as of day D is its version with valid_from <= D < valid_to: one indexed read.
 * An event is dated by its `occurredAt` in Beijing time; one recorded with a clock behind the
 * previous change of the same row counts on that change's day (a row's versions never overlap).
 */
export class TemporalProjection implements Projection {
  readonly name: string;
  readonly version: number;
  readonly tables: ProjectionTables;
  readonly on: Record<string, ProjectionHandler<unknown, unknown>>;
  private readonly keys: ReadonlyMap<string, string>;
  /** keepVersions' few statements, compiled once (they run for every event the list handles). */
  private readonly queries = new ReusedQueries();

  constructor(
    readonly list: AnyProjection,
    readonly versioned: readonly VersionedTable[],
  ) {
    this.name = asOfProjectionName(list.name);
    this.version = list.version * 1000 + TEMPORAL_VERSION;
    this.keys = new Map(versioned.map(({ table, key }) => [table, key]));
    const listTables = list.tables.names;
    const copies = (db: AnyDb) => db.withPlugin(new TableCopyPlugin(listTables));
    this.tables = {
      names: [...listTables.map(copyOf), ...versioned.map(({ table }) => historyOf(table))],
      create: async (db: AnyDb) => {
        await list.tables.create(copies(db));
        for (const spec of versioned) await createHistory(db, spec);
      },
      reset: async (db: AnyDb) => {
        for (const { table } of [...versioned].reverse()) await db.schema.dropTable(historyOf(table)).ifExists().execute();
        await list.tables.reset(copies(db));
      },
    };
    this.on = Object.fromEntries(
      Object.entries(list.on as Record<string, ProjectionHandler<unknown, unknown>>).map(([type, handler]) => [
        type,
        async (event: RecordedEvent, trx: AnyTrx) => {
          const plugin = new TableCopyPlugin(listTables, this.keys);
          await handler(event, trx.withPlugin(plugin) as never);
          const day = beijingDayOf(event.metadata.occurredAt);
          for (const [table, keys] of plugin.touched) await this.keepVersions(trx, table, [...keys], day);
        },
      ]),
    );
  }

  /**
   * Closes the open version of each touched row and opens its new one (or only closes it, if the row is
   * gone). Per key: one read of the open version, at most one close or replace, and the new version
   * copied by the database from the row (`INSERT INTO history SELECT copy.*, from, end FROM copy WHERE
   * key = ?`: the history was created as the copy's columns plus the two days, in that order), so the
   * row never travels through JavaScript; a row that is gone copies nothing.
   */
  private async keepVersions(trx: AnyTrx, table: string, keys: readonly string[], day: string): Promise<void> {
    const key = this.keys.get(table)!;
    const history = historyOf(table);
    const copy = copyOf(table);
    const q = this.queries;
    for (const id of keys) {
      const [open] = (await q.run<{ valid_from: string }>(trx, `open ${table}`, [id, OPEN_END], (ofKey, end) =>
        trx.selectFrom(history).select('valid_from').where(key, '=', ofKey).where('valid_to', '=', end),
      )).rows;
      const from = open && open.valid_from > day ? open.valid_from : day;
      if (open?.valid_from === from) {
        // A later change on the same day: that day's version is replaced.
        await q.run(trx, `replace ${table}`, [id, OPEN_END], (ofKey, end) => trx.deleteFrom(history).where(key, '=', ofKey).where('valid_to', '=', end));
      } else if (open) {
        await q.run(trx, `close ${table}`, [from, id, OPEN_END], (to, ofKey, end) =>
          trx.updateTable(history).set({ valid_to: to }).where(key, '=', ofKey).where('valid_to', '=', end),
        );
      }
      await q.run(trx, `version ${table}`, [from, OPEN_END, id], (validFrom, validTo, ofKey) =>
        trx
          .insertInto(history)
          .expression(
            trx
              .selectFrom(copy)
              .selectAll()
              .select([sql<string>`cast(${validFrom} as text)`.as('valid_from'), sql<string>`cast(${validTo} as text)`.as('valid_to')])
              .where(key, '=', ofKey),
          ),
      );
    }
  }
}

/** The history table: the copy's columns (same types) plus the validity days, and its indexes. */
async function createHistory(db: AnyDb, { table, key, sort, readBy }: VersionedTable): Promise<void> {
  const history = historyOf(table);
  await db.schema
    .createTable(history)
    .ifNotExists()
    .as(
      db
        .selectFrom(copyOf(table))
        .selectAll()
        .select([sql<string>`cast('' as text)`.as('valid_from'), sql<string>`cast('' as text)`.as('valid_to')])
        .where(sql<boolean>`1 = 0`),
    )
    .execute();
  await db.schema.createIndex(`${history}_by_key`).ifNotExists().on(history).columns([key, 'valid_to']).execute();
  if (readBy) {
    await db.schema.createIndex(`${history}_by_${readBy}`).ifNotExists().on(history).columns([readBy, 'valid_from']).execute();
    return;
  }
  const order = sort ? [sort, key] : ['valid_from'];
  await db.schema.createIndex(`${history}_by_city`).ifNotExists().on(history).columns(['city', ...order]).execute();
  for (const level of AREA_LEVELS) {
    await db.schema.createIndex(`${history}_by_${level}`).ifNotExists().on(history).columns([level, ...order]).execute();
  }
}
