import { organisationDecider, type OrganisationCommand, type RegisterOrganisationData } from '#domain';
import { commandTable } from '../command-handling/command-table.js';

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

/** 社会组织: registered, inspected, graded, suspended, reinstated or deregistered (rules 7, 11). */
export const organisationCommands = commandTable<OrganisationCommandInput>()(organisationDecider, {
  RegisterOrganisation: async ({ communityId, ...data }, { facts }) => ({
    type: 'RegisterOrganisation',
    // District-wide organisations have no seat; the decider checks a seat lies in the district.
    data: { ...data, area: communityId ? (await facts.community(communityId)).area : null },
  }),
});
