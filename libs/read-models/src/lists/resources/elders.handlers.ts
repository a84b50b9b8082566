import type { ElderInDifficultyRegisteredData, ElderInDifficultyRemovedData, HomeVisitRecordedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, toJson } from '../shared/columns.js';
import type { ResourcesTrx } from './resource-rows.js';

/** 特殊困难老年人名册 and its home visits: the monthly home-visit rate's denominator and numerator. */
export const onElders = {
  ElderInDifficultyRegistered: async (event: RecordedEvent<ElderInDifficultyRegisteredData>, trx: ResourcesTrx) => {
    const registered = event.data;
    await trx
      .insertInto('elders')
      .values({
        elder_id: registered.elderId,
        person_ref: registered.beneficiaryRef,
        ...areaColumns(registered.area),
        circumstances: toJson(registered.circumstances),
        status: 'registered',
        registered_at: event.metadata.occurredAt,
        removed_at: null,
      })
      .execute();
  },

  HomeVisitRecorded: async (event: RecordedEvent<HomeVisitRecordedData>, trx: ResourcesTrx) => {
    const visit = event.data;
    await trx
      .insertInto('home_visits')
      .values({
        visit_id: visit.visitId,
        elder_id: visit.elderId,
        ...areaColumns(visit.area),
        visited_on: visit.visitedOn,
        visit_month: visit.visitedOn.slice(0, 7),
        met: visit.outcome === 'not_met' ? 0 : 1,
        outcome: visit.outcome,
        visitor_kind: visit.visitor.kind,
        recorded_at: event.metadata.occurredAt,
      })
      .execute();
  },

  ElderInDifficultyRemoved: async (event: RecordedEvent<ElderInDifficultyRemovedData>, trx: ResourcesTrx) => {
    await trx.updateTable('elders').set({ status: 'removed', removed_at: event.metadata.occurredAt }).where('elder_id', '=', event.data.elderId).execute();
  },
};
