import type { SelectQueryBuilder } from 'kysely';
import { historyOf } from './temporal-projection.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySelect = SelectQueryBuilder<any, any, any>;
/** A Kysely instance, a transaction or an expression builder: whatever can start a subquery. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface SelectSource { selectFrom(from: any): any }

/**
 * The rows of a versioned list table as they stood at the end of Beijing day `day`, under the
 * table's own name: queries written against the live table read the past unchanged.
 */
export function selectAsOf(source: SelectSource, table: string, day: string): AnySelect {
  return (source.selectFrom(`${historyOf(table)} as ${table}`) as AnySelect)
    .where(`${table}.valid_from`, '<=', day)
    .where(`${table}.valid_to`, '>', day);
}

/** The live table, or its state at the end of `day` when one is given. */
export function selectAt(source: SelectSource, table: string, day: string | null): AnySelect {
  return day === null ? (source.selectFrom(table) as AnySelect) : selectAsOf(source, table, day);
}
