import { communityDecider, type CommunityCommand } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import { areaOfRecord } from '../authority/areas.js';

/** 社区: registered and its population updated; it needs no facts about other aggregates, it is the platform. */
export const communityCommands = commandTable<CommunityCommand>()(communityDecider, {}, {
  RegisterCommunity: { roles: ['civil_affairs_bureau'], area: ({ data }) => data.area },
  UpdateCommunityPopulation: { roles: ['civil_affairs_bureau', 'community_committee'], area: (_command, { state }) => areaOfRecord(state, (community) => community.area) },
});
