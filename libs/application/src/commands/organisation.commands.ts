import { organisationDecider, type OrganisationCommand, type RegisterOrganisationData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';
import type { OrganisationState } from '#domain';
import { areaOfRecord, areaOfSeat } from '../authority/areas.js';
import type { AuthorityRule } from '../authority/authority.js';

/** RegisterOrganisation as a caller sends it: the seat by community id; its area is loaded. */
export type RegisterOrganisationInput = {
  type: 'RegisterOrganisation';
  data: Omit<RegisterOrganisationData, 'area'> & { communityId?: string | null };
};
/**
 * Every organisation command, including RecordStationContract / ReleaseStationContract, which only
 * the project's contracting workflow sends (they are not HTTP endpoints).
 */
export type OrganisationCommandInput = RegisterOrganisationInput | Exclude<OrganisationCommand, { type: 'RegisterOrganisation' }>;

/** Inspections, grades and the exit mechanism (seed 000) are the registering bureau's, over the organisation's area. */
const byTheBureau: AuthorityRule<unknown, OrganisationState> = {
  roles: ['civil_affairs_bureau'],
  area: (_command, { state }) => areaOfRecord(state, (organisation) => areaOfSeat(organisation.area, organisation.city, organisation.district)),
};

/** 社会组织: registered, inspected, graded, suspended, reinstated or deregistered (rules 7, 11). */
export const organisationCommands = commandTable<OrganisationCommandInput>()(organisationDecider, {
  RegisterOrganisation: async ({ communityId, ...data }, { facts }) => ({
    type: 'RegisterOrganisation',
    // District-wide organisations have no seat; the decider checks a seat lies in the district.
    data: { ...data, area: communityId ? (await facts.community(communityId)).area : null },
  }),
}, {
  RegisterOrganisation: { roles: ['civil_affairs_bureau'], area: ({ data }) => areaOfSeat(data.area ?? null, data.city, data.district) },
  RecordAnnualInspection: byTheBureau,
  GradeOrganisation: byTheBureau,
  SuspendOrganisation: byTheBureau,
  ReinstateOrganisation: byTheBureau,
  DeregisterOrganisation: byTheBureau,
  // Only the station-contract and contract-ending workflows (rule 5).
  RecordStationContract: { roles: [], area: () => null },
  ReleaseStationContract: { roles: [], area: () => null },
});
