import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import type { WaitForPositionOptions } from '../../framework/wait-for-position.js';
import { addAreaColumns, type AreaColumns } from './columns.js';
import { listPage, ReadSide, whenTrue, type ListShape } from './list-query.js';

interface PlaceRow extends AreaColumns {
  place_id: string;
  kind: string;
  seats: number;
  opened_at: string;
}
interface Tables {
  places: PlaceRow;
}
interface PlacesFilter {
  kind?: string;
  minSeats?: number;
  large?: boolean;
}

const places: ListShape<Tables, 'places', PlacesFilter, string> = {
  table: 'places',
  projections: ['places-list'],
  order: { list: 'places', sort: 'opened_at', id: 'place_id', direction: 'desc' },
  filters: {
    kind: 'kind',
    minSeats: (select, seats) => select.where('seats', '>=', seats),
    large: whenTrue((select) => select.where('seats', '>=', 100)),
  },
  toItem: (row) => row.place_id,
};

const area = (community: string) => ({ city: 'c', district: 'd', street: 's', community });

describe('listPage: the one list query (area, filters, keyset page, read-your-writes)', () => {
  let database: ReadModelDatabase;
  let db: Kysely<Tables>;
  const waits: { position: number; options?: WaitForPositionOptions }[] = [];
  let reads: ReadSide<Tables>;

  beforeAll(async () => {
    database = await openReadModelDatabase({ kind: 'sqlite', path: ':memory:' });
    db = database.db as Kysely<Tables>;
    await addAreaColumns(db.schema.createTable('places').addColumn('place_id', 'text', (c) => c.primaryKey()))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('seats', 'integer', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .execute();
    await db
      .insertInto('places')
      .values([
        { place_id: 'p1', kind: 'hall', seats: 120, opened_at: '2026-01-01', ...area('huli') },
        { place_id: 'p2', kind: 'room', seats: 10, opened_at: '2026-01-02', ...area('huli') },
        { place_id: 'p3', kind: 'hall', seats: 60, opened_at: '2026-01-03', ...area('xiamen') },
        // Same sort key as p3: the id breaks the tie, so paging neither repeats nor skips it.
        { place_id: 'p4', kind: 'room', seats: 0, opened_at: '2026-01-03', ...area('huli') },
      ])
      .execute();
    reads = new ReadSide(db, { waitForPosition: async (position, _timeoutMs, options) => void waits.push({ position, options }) }, 100, () => new Date());
  });

  afterAll(() => database.close());

  it('narrows by area and by every filter given, and ignores filters absent or empty', async () => {
    expect((await listPage(reads, places, { community: 'huli' })).items).toEqual(['p4', 'p2', 'p1']);
    expect((await listPage(reads, places, { community: 'huli', kind: 'hall' })).items).toEqual(['p1']);
    expect((await listPage(reads, places, { kind: '', minSeats: 0 })).items).toEqual(['p4', 'p3', 'p2', 'p1']);
    expect((await listPage(reads, places, { minSeats: 50 })).items).toEqual(['p3', 'p1']);
  });

  it('applies a switch only when it is on', async () => {
    expect((await listPage(reads, places, { large: false })).items).toHaveLength(4);
    expect((await listPage(reads, places, { large: true })).items).toEqual(['p1']);
  });

  it('pages by keyset: every row once, in order, and a cursor only on the list that issued it', async () => {
    const first = await listPage(reads, places, { limit: 2 });
    const second = await listPage(reads, places, { limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items]).toEqual(['p4', 'p3', 'p2', 'p1']);
    expect(second.nextCursor).toBeNull();
    const otherList: typeof places = { ...places, order: { ...places.order, list: 'other' } };
    await expect(listPage(reads, otherList, { cursor: first.nextCursor! })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('waits for its own projections when asked for a position, and not at all otherwise', async () => {
    waits.length = 0;
    await listPage(reads, places, {});
    await listPage(reads, places, { minPosition: 0 });
    await listPage(reads, places, { minPosition: 42 });
    expect(waits).toEqual([{ position: 42, options: { projections: ['places-list'] } }]);
  });
});
