import { chinaDateOf, notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf, fromJson } from '../shared/columns.js';
import { listPage, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type ElderRow, type HomeVisitRow } from './resources.tables.js';

/** One person on a community's 特殊困难老年人名册, without who the person is (the vault holds that). */
export interface ElderItem {
  elderId: string;
  /** area.community is the community whose register it is. */
  area: Area;
  circumstances: string[];
  status: ElderRow['status'];
  registeredAt: string;
  removedAt: string | null;
  /** The latest visit by Beijing date (any outcome, `not_met` included: the attempt is on file); null before the first. */
  lastVisit: { visitedOn: string; outcome: string } | null;
  /** Seen at home (outcome other than `not_met`) in the current Beijing month: what the monthly rate counts. */
  visitedThisMonth: boolean;
}

export interface ElderDetail extends ElderItem {
  personRef: string;
  /** Every visit, newest Beijing date first. */
  visits: { visitId: string; visitedOn: string; outcome: string; met: boolean; visitorKind: string; recordedAt: string }[];
}

export interface EldersFilter {
  status?: string;
  /** true: seen this Beijing month; false: not yet seen (who is still owed a visit). */
  visitedThisMonth?: boolean;
}

const toElderItem = (row: ElderRow, visits: readonly HomeVisitRow[], month: string): ElderItem => {
  const latest = visits[0];
  return {
    elderId: row.elder_id,
    area: areaOf(row),
    circumstances: fromJson<string[]>(row.circumstances),
    status: row.status,
    registeredAt: row.registered_at,
    removedAt: row.removed_at,
    lastVisit: latest ? { visitedOn: latest.visited_on, outcome: latest.outcome } : null,
    visitedThisMonth: visits.some((visit) => visit.visit_month === month && Number(visit.met) === 1),
  };
};

/** The register and its visits, read from the resources list (the tables the homeVisits indicator reads). */
export const eldersQueries = (reads: ReadSide<ReadModelTables>) => {
  const month = () => chinaDateOf(reads.clock()).slice(0, 7);

  /** The visits of these elders, newest Beijing date first (a person has about one a month). */
  const visitsOf = async (elderIds: readonly string[]): Promise<Map<string, HomeVisitRow[]>> => {
    const byElder = new Map<string, HomeVisitRow[]>(elderIds.map((id) => [id, []]));
    if (elderIds.length === 0) return byElder;
    const rows = await reads.db
      .selectFrom('home_visits')
      .selectAll()
      .where('elder_id', 'in', [...elderIds])
      .orderBy('visited_on', 'desc')
      .orderBy('recorded_at', 'desc')
      .orderBy('visit_id')
      .execute();
    for (const row of rows) byElder.get(row.elder_id)?.push(row);
    return byElder;
  };

  const seenThisMonth = (db: ReadSide<ReadModelTables>['db']) =>
    db.selectFrom('home_visits').select('home_visits.elder_id').where('home_visits.visit_month', '=', month()).where('home_visits.met', '=', 1);

  const eldersList: ListShape<ReadModelTables, 'elders', EldersFilter, ElderRow> = {
    table: 'elders',
    projections: [RESOURCES_LIST],
    order: { list: 'elders', sort: 'registered_at', id: 'elder_id', direction: 'desc' },
    filters: {
      status: 'status',
      visitedThisMonth: (select, visited) => select.where('elders.elder_id', visited ? 'in' : 'not in', seenThisMonth(reads.db)),
    },
    toItem: (row) => row,
  };

  return {
    /** Newest on the register first; `personRef` for the caller to ask the vault (never shown as such). */
    async elders(query: ListQuery<EldersFilter> = {}): Promise<Page<ElderItem & { personRef: string }>> {
      const page = await listPage(reads, eldersList, query);
      const visits = await visitsOf(page.items.map((row) => row.elder_id));
      const now = month();
      return { ...page, items: page.items.map((row) => ({ ...toElderItem(row, visits.get(row.elder_id) ?? [], now), personRef: row.person_ref })) };
    },

    /** One person on the register with every visit; 404 ELDER_NOT_FOUND. */
    async elder(elderId: string, consistency: Consistency = {}): Promise<ElderDetail> {
      await reads.consistent(consistency, [RESOURCES_LIST]);
      const row = await reads.db.selectFrom('elders').selectAll().where('elder_id', '=', elderId).executeTakeFirst();
      if (!row) throw notFound('ELDER_NOT_FOUND', 'No such elderly person on a register', { elderId });
      const visits = (await visitsOf([elderId])).get(elderId) ?? [];
      return {
        ...toElderItem(row, visits, month()),
        personRef: row.person_ref,
        visits: visits.map((visit) => ({
          visitId: visit.visit_id,
          visitedOn: visit.visited_on,
          outcome: visit.outcome,
          met: Number(visit.met) === 1,
          visitorKind: visit.visitor_kind,
          recordedAt: visit.recorded_at,
        })),
      };
    },
  };
};

export type EldersQueries = ReturnType<typeof eldersQueries>;
