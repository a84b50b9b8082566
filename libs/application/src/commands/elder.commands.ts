import { elderDecider, type ElderCommand, type RegisterElderInDifficultyData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import { areaOfRecord } from '../authority/areas.js';

/** RegisterElderInDifficulty as a caller sends it: the community by id; its facts are loaded. */
export type RegisterElderInDifficultyInput = {
  type: 'RegisterElderInDifficulty';
  data: Omit<RegisterElderInDifficultyData, 'community'> & { communityId: string };
};
export type ElderCommandInput = RegisterElderInDifficultyInput | Exclude<ElderCommand, { type: 'RegisterElderInDifficulty' }>;

/**
 * 特殊困难老年人名册 and home visits (seed 003 column 3). The committee keeps its community's register
 * and the civil-affairs office its area's; visits are recorded by them and by the social workers
 * who make them (a social worker's token is scoped to the area it serves).
 */
export const elderCommands = commandTable<ElderCommandInput>()(elderDecider, {
  RegisterElderInDifficulty: async ({ communityId, ...data }, { facts }) => ({
    type: 'RegisterElderInDifficulty',
    data: { ...data, community: await facts.community(communityId) },
  }),
}, {
  RegisterElderInDifficulty: { roles: ['community_committee', 'civil_affairs_bureau'], area: ({ data }) => data.community.area },
  RecordHomeVisit: { roles: ['community_committee', 'civil_affairs_bureau', 'social_worker'], area: (_command, { state }) => areaOfRecord(state, (elder) => elder.area) },
  RemoveElderInDifficulty: { roles: ['community_committee', 'civil_affairs_bureau'], area: (_command, { state }) => areaOfRecord(state, (elder) => elder.area) },
});
