import type { Area } from '#domain';
import { NEEDS_LIST } from '../needs/needs.tables.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf } from '../shared/columns.js';
import type { Consistency, ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST } from './resources.tables.js';

/** A record that names a person by its pseudonymous vault reference. */
export interface PersonRecordItem {
  kind: 'volunteer' | 'socialWorker' | 'need' | 'donation' | 'elder';
  id: string;
  area: Area;
}

/** Where a person is named: what erasure checks the eraser's area against (issue 10). */
export const personRecordsQueries = (reads: ReadSide<ReadModelTables>) => ({
  async recordsNamingPerson(personRef: string, consistency: Consistency = {}): Promise<PersonRecordItem[]> {
    await reads.consistent(consistency, [RESOURCES_LIST, NEEDS_LIST]);
    const [volunteers, socialWorkers, needs, donations, elders] = await Promise.all([
      reads.db.selectFrom('volunteers').selectAll().where('person_ref', '=', personRef).execute(),
      reads.db.selectFrom('social_workers').selectAll().where('person_ref', '=', personRef).execute(),
      reads.db.selectFrom('needs').selectAll().where('beneficiary_ref', '=', personRef).execute(),
      reads.db.selectFrom('donations').selectAll().where('donor_ref', '=', personRef).execute(),
      reads.db.selectFrom('elders').selectAll().where('person_ref', '=', personRef).execute(),
    ]);
    return [
      ...volunteers.map((row) => ({ kind: 'volunteer' as const, id: row.volunteer_id, area: areaOf(row) })),
      ...socialWorkers.map((row) => ({ kind: 'socialWorker' as const, id: row.social_worker_id, area: areaOf(row) })),
      ...needs.map((row) => ({ kind: 'need' as const, id: row.need_id, area: areaOf(row) })),
      ...donations.map((row) => ({ kind: 'donation' as const, id: row.donation_id, area: areaOf(row) })),
      ...elders.map((row) => ({ kind: 'elder' as const, id: row.elder_id, area: areaOf(row) })),
    ];
  },
});

export type PersonRecordsQueries = ReturnType<typeof personRecordsQueries>;
