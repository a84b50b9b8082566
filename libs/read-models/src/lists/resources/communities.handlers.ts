import type { CommunityPopulationUpdatedData, CommunityRegisteredData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns } from '../shared/columns.js';
import { rowOf, type ResourcesTrx } from './resource-rows.js';

/** Communities: the platform every other force is placed in. */
export const onCommunities = {
  CommunityRegistered: async (event: RecordedEvent<CommunityRegisteredData>, trx: ResourcesTrx) => {
    const community = event.data;
    await trx
      .insertInto('communities')
      .values({
        community_id: community.communityId,
        name: community.name,
        ...areaColumns(community.area),
        kind: community.kind,
        residents: community.residents,
        households: community.households,
        registered_at: event.metadata.occurredAt,
      })
      .execute();
  },

  CommunityPopulationUpdated: async (event: RecordedEvent<CommunityPopulationUpdatedData>, trx: ResourcesTrx) => {
    await rowOf(trx, 'communities', 'community_id', event.data.communityId, event);
    await trx
      .updateTable('communities')
      .set({ residents: event.data.residents, households: event.data.households })
      .where('community_id', '=', event.data.communityId)
      .execute();
  },
};
