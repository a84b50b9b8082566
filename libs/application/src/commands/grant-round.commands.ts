import {
  accountOf, grantRoundDecider, isRecord, type GrantRoundCommand, type GrantRoundState, type RecuseGrantReviewerData, type ScoreGrantApplicationData, type SubmitGrantApplicationData,
} from '#domain';
import { areaOfRecord } from '../authority/areas.js';
import type { AuthorityRule } from '../authority/authority.js';
import { commandTable } from '../command-handling/command-table.js';

/** SubmitGrantApplication as a caller sends it: its organisation and communities by id; the handler loads their facts. */
export type SubmitGrantApplicationInput = {
  type: 'SubmitGrantApplication';
  data: Omit<SubmitGrantApplicationData, 'organisation' | 'communities'> & { organisationId: string; communityIds: readonly string[] };
};
/** ScoreGrantApplication as a caller sends it: the reviewer is whoever asks, with the ties the system knows of. */
export type ScoreGrantApplicationInput = { type: 'ScoreGrantApplication'; data: Omit<ScoreGrantApplicationData, 'reviewer'> };
/** RecuseGrantReviewer as a caller sends it: the reviewer is whoever asks. */
export type RecuseGrantReviewerInput = { type: 'RecuseGrantReviewer'; data: Omit<RecuseGrantReviewerData, 'reviewerAccount'> };
export type GrantRoundCommandInput =
  | SubmitGrantApplicationInput
  | ScoreGrantApplicationInput
  | RecuseGrantReviewerInput
  | Exclude<GrantRoundCommand, { type: 'SubmitGrantApplication' | 'ScoreGrantApplication' | 'RecuseGrantReviewer' }>;

/** Who may score or stand aside: any role a reviewer may hold; whether it is one of the round's reviewers is the decider's (NOT_A_REVIEWER). */
const byAReviewer: AuthorityRule<unknown, GrantRoundState> = {
  roles: ['civil_affairs_bureau', 'charity_base', 'social_worker', 'social_organisation', 'community_committee'],
  area: (_command, { state }) => ofTheRound(state),
  overlaps: true,
};

const ofTheRound = (state: GrantRoundState) => areaOfRecord(state, (round) => round.area);

/**
 * The funder's side: the civil-affairs bureau over the round's area, or the charity that opened it
 * (its own account: one charity does not run another's round).
 */
const byTheFunder: AuthorityRule<unknown, GrantRoundState> = {
  roles: ['civil_affairs_bureau', 'charity_base'],
  area: (_command, { state }) => ofTheRound(state),
  own: { charity_base: (_command, { createdBy }, actor) => createdBy === accountOf(actor) },
};

/**
 * 公益创投 (issue 13 item 8; seed 000 完善项目申报评估审批机制). A bureau or a charity opens a round and runs
 * it; an organisation applies and withdraws for itself only, serving communities in the round's area;
 * any appointed reviewer scores, whatever its role, and the decider refuses a reviewer tied to the
 * applicant (回避) from the facts loaded here: the token's organisation, and the employer of the social
 * worker the token is linked to.
 */
export const grantRoundCommands = commandTable<GrantRoundCommandInput>()(grantRoundDecider, {
  SubmitGrantApplication: async ({ organisationId, communityIds, ...application }, { facts }) => ({
    type: 'SubmitGrantApplication',
    data: {
      ...application,
      organisation: await facts.organisation(organisationId),
      communities: Array.isArray(communityIds) ? await Promise.all([...new Set(communityIds)].map((communityId) => facts.community(communityId))) : [],
    },
  }),
  ScoreGrantApplication: async (data, { facts, actor }) => ({
    type: 'ScoreGrantApplication',
    data: {
      ...data,
      reviewer: { account: accountOf(actor), organisationId: actor.organisationId ?? null, employerOrganisationId: await facts.employerOfPerson(actor.personId) },
    },
  }),
  RecuseGrantReviewer: async (data, { actor }) => ({ type: 'RecuseGrantReviewer', data: { ...data, reviewerAccount: accountOf(actor) } }),
}, {
  // A body without an area is refused by the decider (AREA_INVALID); a partial one fails closed (OUTSIDE_YOUR_AREA).
  OpenGrantRound: { roles: ['civil_affairs_bureau', 'charity_base'], area: ({ data }) => (isRecord(data.area) ? data.area : null) },
  AppointGrantReviewer: byTheFunder,
  CloseGrantApplications: byTheFunder,
  AwardGrantRound: byTheFunder,
  // A district's organisation applies to a city-wide round: the two areas need only agree.
  SubmitGrantApplication: {
    roles: ['social_organisation'],
    area: (_command, { state }) => ofTheRound(state),
    overlaps: true,
    own: { social_organisation: ({ data }, _facts, actor) => data.organisation.organisationId === actor.organisationId },
  },
  WithdrawGrantApplication: {
    roles: ['social_organisation'],
    area: (_command, { state }) => ofTheRound(state),
    overlaps: true,
    own: {
      // An unknown application is the decider's to answer (404); a known one only its organisation withdraws.
      social_organisation: ({ data }, { state }, actor) => {
        const application = state.status === 'absent' || !Object.hasOwn(state.applications, data.applicationId) ? undefined : state.applications[data.applicationId];
        return application === undefined || application.organisation.organisationId === actor.organisationId;
      },
    },
  },
  ScoreGrantApplication: byAReviewer,
  RecuseGrantReviewer: byAReviewer,
});
