import { needDecider, type ListNeedData, type NeedCommand, type NeedState, type RecordNeedMatchData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import { areaOfRecord } from '../authority/areas.js';
import type { AuthorityRule } from '../authority/authority.js';

/** ListNeed as a caller sends it: the community by id; its facts are loaded. */
export type ListNeedInput = { type: 'ListNeed'; data: Omit<ListNeedData, 'community'> & { communityId: string } };
/** RecordNeedMatch as a caller sends it: whether the resource exists and serves is loaded. */
export type RecordNeedMatchInput = { type: 'RecordNeedMatch'; data: Omit<RecordNeedMatchData, 'resourceInService'> };
/** CoverNeedByProject as a caller sends it: the project by id; its facts are loaded. */
export type CoverNeedByProjectInput = { type: 'CoverNeedByProject'; data: { projectId: string } };
/**
 * What a caller may ask of a need. RecordResourceMatch is absent on purpose: only the policies
 * that react to DonationMatched and VolunteerAssigned send it (rule 12: no side door).
 */
export type NeedCommandInput =
  | ListNeedInput
  | RecordNeedMatchInput
  | CoverNeedByProjectInput
  | Exclude<NeedCommand, { type: 'ListNeed' | 'RecordNeedMatch' | 'RecordResourceMatch' | 'CoverNeedByProject' | 'MarkNeedStale' }>;

/** A need's committee, or the civil-affairs office over its area, looks after it. */
const ofTheNeed: AuthorityRule<unknown, NeedState> = {
  roles: ['community_committee', 'civil_affairs_bureau'],
  area: (_command, { state }) => areaOfRecord(state, (need) => need.area),
};

/** 居民需求: needs listed, verified, matched, covered by a project, fulfilled or withdrawn. */
export const needCommands = commandTable<NeedCommandInput>()(needDecider, {
  ListNeed: async ({ communityId, ...data }, { facts }) => ({ type: 'ListNeed', data: { ...data, community: await facts.community(communityId) } }),
  /**
   * A social worker or organisation that does not exist answers 404 here. Donations and volunteers
   * are refused by the decider whatever their state (they decide their own matches), so they are not loaded.
   */
  RecordNeedMatch: async (data, { facts }) => {
    const { kind, id } = data.resource;
    const resourceInService =
      kind === 'social_worker' ? (await facts.socialWorker(id)).status === 'active'
      : kind === 'organisation' ? (await facts.organisation(id)).status === 'registered'
      : false;
    return { type: 'RecordNeedMatch', data: { ...data, resourceInService } };
  },
  CoverNeedByProject: async ({ projectId }, { facts }) => ({ type: 'CoverNeedByProject', data: { project: await facts.project(projectId) } }),
}, {
  ListNeed: { roles: ['community_committee', 'civil_affairs_bureau'], area: ({ data }) => data.community.area },
  VerifyNeed: ofTheNeed,
  ReconfirmNeed: ofTheNeed,
  RecordNeedMatch: ofTheNeed,
  CoverNeedByProject: ofTheNeed,
  FulfilNeed: ofTheNeed,
  WithdrawNeed: ofTheNeed,
  DeclineMatchProposal: ofTheNeed,
  // Only the policies echoing a donation's or volunteer's own decision (rule 12).
  RecordResourceMatch: { roles: [], area: () => null },
  // Only the service's freshness clock (NEED_STALE_AFTER_DAYS); a committee answers with ReconfirmNeed.
  MarkNeedStale: { roles: [], area: () => null },
});
