import type { SelectQueryBuilder } from 'kysely';
import { decodeCursor, encodeCursor, pageSize, type Page, type PageRequest, type SortValue } from '../../framework/cursor.js';

export interface KeysetOrder {
  /** Names the list inside the cursor, so a cursor only works on the list that issued it. */
  list: string;
  /** A non-null column; ties are broken by `id`. */
  sort: string;
  id: string;
  direction: 'asc' | 'desc';
}

/**
 * One page by keyset: rows strictly after the cursor's (sort, id) in the list's order, one row
 * more than asked to know whether a next page exists.
 */
export async function paginate<Row extends Record<string, unknown>, Item>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query: SelectQueryBuilder<any, any, Row>,
  order: KeysetOrder,
  request: PageRequest,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  const limit = pageSize(request.limit);
  let paged = query;
  if (request.cursor) {
    const after = decodeCursor(order.list, request.cursor);
    const beyond = order.direction === 'desc' ? '<' : '>';
    paged = paged.where((eb) =>
      eb.or([
        eb(eb.ref(order.sort), beyond, after.sort),
        eb.and([eb(eb.ref(order.sort), '=', after.sort), eb(eb.ref(order.id), beyond, after.id)]),
      ]),
    );
  }
  const rows = await paged
    .orderBy(order.sort, order.direction)
    .orderBy(order.id, order.direction)
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last ? encodeCursor(order.list, last[order.sort] as SortValue, String(last[order.id])) : null;
  return { items: items.map(toItem), nextCursor };
}
