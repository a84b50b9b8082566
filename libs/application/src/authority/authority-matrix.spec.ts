import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#domain';
import { COMMAND_TABLES } from '../commands/command-tables.js';
import { PERSON_ROLES, type AreaScope, type PersonRole } from '../identity/actor.js';
import { type ActingActor, type AuthorityRule, checkAuthority } from './authority.js';

/**
 * The authority matrix (issue 10), generated from the command tables: every command of every
 * aggregate x every role x (its own area, another area) x (its own record, another's). The
 * expected roles are stated here again, independently of the tables, as the policy a reader can
 * check against the seeds; a command added to a table without a line here fails the first test.
 */
const BUREAU = 'civil_affairs_bureau';
const COMMITTEE = 'community_committee';
const ORGANISATION = 'social_organisation';
const EXPECTED_ROLES: Record<string, readonly PersonRole[]> = {
  RegisterCommunity: [BUREAU],
  UpdateCommunityPopulation: [BUREAU, COMMITTEE],
  RegisterOrganisation: [BUREAU],
  RecordAnnualInspection: [BUREAU],
  GradeOrganisation: [BUREAU],
  SuspendOrganisation: [BUREAU],
  ReinstateOrganisation: [BUREAU],
  DeregisterOrganisation: [BUREAU],
  RecordStationContract: [],
  ReleaseStationContract: [],
  RegisterSocialWorker: [BUREAU, ORGANISATION],
  CertifySocialWorker: [BUREAU],
  ChangeEmployer: [BUREAU, ORGANISATION],
  DeregisterSocialWorker: [BUREAU, ORGANISATION],
  AssignSocialWorker: [],
  ReleaseSocialWorker: [],
  RegisterVolunteer: ['volunteer', COMMITTEE, BUREAU],
  DeclareVolunteerSkills: ['volunteer', COMMITTEE, BUREAU],
  DeclareVolunteerAvailability: ['volunteer', COMMITTEE, BUREAU],
  AssignVolunteer: ['volunteer', COMMITTEE, BUREAU, ORGANISATION],
  EndVolunteerAssignment: ['volunteer', COMMITTEE, BUREAU],
  LogVolunteerHours: ['volunteer', COMMITTEE, BUREAU],
  DeregisterVolunteer: ['volunteer', COMMITTEE, BUREAU],
  // Self-reported hours are confirmed by the coordinator, never by the volunteer itself (issue 13).
  ConfirmVolunteerHours: [COMMITTEE, BUREAU, ORGANISATION],
  DeclineVolunteerHours: [COMMITTEE, BUREAU, ORGANISATION],
  OpenServiceSession: [COMMITTEE, BUREAU, ORGANISATION],
  CheckInVolunteer: ['volunteer'],
  CheckOutVolunteer: ['volunteer'],
  PledgeDonation: ['donor', 'resident', 'charity_base', BUREAU],
  MatchDonation: ['donor', 'resident', 'charity_base', BUREAU, COMMITTEE],
  ReleaseDonationMatch: ['donor', 'resident', 'charity_base', BUREAU],
  DisburseDonation: ['donor', 'resident', 'charity_base', BUREAU],
  ReceiptDonation: ['charity_base', BUREAU],
  RefundDonation: ['donor', 'resident', 'charity_base', BUREAU],
  ExpireDonation: ['charity_base', BUREAU],
  // 配捐: the donor pledges its own pool; gifts reach it only through the matching-gifts policy.
  PledgeMatchingPool: ['donor'],
  TopUpMatchingPool: ['donor'],
  CloseMatchingPool: ['donor'],
  MatchGift: [],
  ReverseGiftMatch: [],
  // 公益创投: the funder (bureau, or the charity that opened it) runs a round; organisations apply for themselves; appointed reviewers score.
  OpenGrantRound: [BUREAU, 'charity_base'],
  AppointGrantReviewer: [BUREAU, 'charity_base'],
  SubmitGrantApplication: [ORGANISATION],
  WithdrawGrantApplication: [ORGANISATION],
  CloseGrantApplications: [BUREAU, 'charity_base'],
  ScoreGrantApplication: [BUREAU, 'charity_base', 'social_worker', ORGANISATION, COMMITTEE],
  RecuseGrantReviewer: [BUREAU, 'charity_base', 'social_worker', ORGANISATION, COMMITTEE],
  AwardGrantRound: [BUREAU, 'charity_base'],
  ListNeed: [COMMITTEE, BUREAU],
  VerifyNeed: [COMMITTEE, BUREAU],
  ReconfirmNeed: [COMMITTEE, BUREAU],
  MarkNeedStale: [],
  RecordNeedMatch: [COMMITTEE, BUREAU],
  RecordResourceMatch: [],
  CoverNeedByProject: [COMMITTEE, BUREAU],
  FulfilNeed: [COMMITTEE, BUREAU],
  WithdrawNeed: [COMMITTEE, BUREAU],
  DeclineMatchProposal: [COMMITTEE, BUREAU],
  // 个人信息删除: the office whose area holds every record naming the person.
  ErasePersonalData: [BUREAU],
  DesignProject: [BUREAU, COMMITTEE],
  PublishProjectForPurchase: [BUREAU],
  SubmitBid: [ORGANISATION],
  WithdrawBid: [ORGANISATION],
  CloseBidding: [BUREAU],
  AnnounceAward: [BUREAU],
  // 质疑: a bidding organisation for itself; the bureau answers.
  LodgeChallenge: [ORGANISATION],
  AnswerChallenge: [BUREAU],
  AwardContract: [BUREAU],
  AssignProjectStaff: [ORGANISATION],
  ReleaseProjectStaff: [ORGANISATION, BUREAU],
  ConfirmStaffOnPost: [BUREAU],
  DeliverService: [ORGANISATION, 'social_worker'],
  FileReport: [ORGANISATION, 'social_worker'],
  RateService: ['resident', COMMITTEE, BUREAU],
  EvaluateContract: [BUREAU],
  TerminateContract: [BUREAU],
  CompleteProject: [BUREAU],
  SubscribeWebhook: [ORGANISATION, COMMITTEE, 'donor', 'resident', 'charity_base'],
  RotateWebhookSecret: [ORGANISATION, COMMITTEE, 'donor', 'resident', 'charity_base'],
  RemoveWebhookSubscription: [ORGANISATION, COMMITTEE, 'donor', 'resident', 'charity_base'],
  RegisterElderInDifficulty: [COMMITTEE, BUREAU],
  RecordHomeVisit: [COMMITTEE, BUREAU, 'social_worker'],
  RemoveElderInDifficulty: [COMMITTEE, BUREAU],
};

const OWN_ORGANISATION = 'org-own';
const OWN_ACCOUNT = 'account-own';
const AREA = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };
const HOME: AreaScope = { city: 'xiamen' };
const ELSEWHERE: AreaScope = { city: 'quanzhou' };
/** One record of any aggregate, in AREA, belonging to OWN_ORGANISATION / OWN_ACCOUNT: what every rule may read. */
const RECORD = {
  status: 'registered',
  area: AREA,
  district: AREA.district,
  base: { level: 'community', area: AREA },
  employerOrganisationId: OWN_ORGANISATION,
  bids: [{ bidId: 'bid-1', organisationId: OWN_ORGANISATION, withdrawn: false }],
  contract: { organisationId: OWN_ORGANISATION },
  subscriber: { kind: 'organisation', id: OWN_ORGANISATION },
  applications: { 'application-1': { organisation: { organisationId: OWN_ORGANISATION } } },
};
/** One command body with every field a rule may read, naming the same area, organisation and bid. */
const DATA = {
  area: AREA,
  district: AREA.district,
  community: { area: AREA },
  base: { level: 'community', area: AREA },
  target: { kind: 'project', id: 'project-1', projectId: 'project-1', area: AREA },
  bidder: { organisationId: OWN_ORGANISATION },
  employerOrganisationId: OWN_ORGANISATION,
  bidId: 'bid-1',
  applicationId: 'application-1',
  organisation: { organisationId: OWN_ORGANISATION },
  organisationId: OWN_ORGANISATION,
  coordinatingOrganisationId: OWN_ORGANISATION,
  // A webhook subscriber names one of these at a time (its decider refuses two); each role's rule reads its own.
  subscriber: { organisationId: OWN_ORGANISATION, account: OWN_ACCOUNT, communityId: AREA.community },
  records: [{ kind: 'volunteer', id: 'volunteer-1', area: AREA }],
};

const commands = Object.entries(COMMAND_TABLES).flatMap(([aggregate, table]) =>
  Object.entries(table.authority as Record<string, AuthorityRule<unknown, unknown>>).map(([type, rule]) => ({ aggregate, type, rule })),
);
const codeOf = (run: () => void): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') return error.code;
    throw error;
  }
};
const ask = (type: string, rule: AuthorityRule<unknown, unknown>, actor: ActingActor) =>
  codeOf(() => checkAuthority({ [type]: rule } as never, { type, data: DATA } as never, { state: RECORD, createdBy: OWN_ACCOUNT }, actor));
const person = (role: PersonRole, area: AreaScope, own: boolean): ActingActor => ({
  id: own ? OWN_ACCOUNT : 'account-other',
  role,
  area,
  organisationId: own ? OWN_ORGANISATION : 'org-other',
});

describe('who may do what: the authority matrix, generated from the command tables', () => {
  it('states the roles of every command of every table, and no command is left without a rule', () => {
    expect(Object.fromEntries(commands.map(({ type, rule }) => [type, [...rule.roles].sort()]))).toEqual(
      Object.fromEntries(Object.entries(EXPECTED_ROLES).map(([type, roles]) => [type, [...roles].sort()])),
    );
  });

  const cells = commands.flatMap(({ aggregate, type, rule }) => PERSON_ROLES.map((role) => ({ aggregate, type, rule, role })));

  it.each(cells.map((cell) => [`${cell.aggregate} ${cell.type} as ${cell.role}`, cell] as const))('%s', (_name, { type, rule, role }) => {
    const allowed = EXPECTED_ROLES[type]!.includes(role);
    // In its own area, for its own record: allowed exactly when the role is.
    expect(ask(type, rule, person(role, HOME, true))).toBe(allowed ? null : 'ROLE_NOT_PERMITTED');
    if (!allowed) return;
    // The right role in another area is refused.
    expect(ask(type, rule, person(role, ELSEWHERE, true))).toBe('OUTSIDE_YOUR_AREA');
    // A role that acts only for itself is refused another's record.
    if (rule.own?.[role]) expect(ask(type, rule, person(role, HOME, false))).toBe('NOT_YOUR_RECORD');
  });

  it('lets the service\'s own processes (system) ask anything', () => {
    for (const { type, rule } of commands) expect(ask(type, rule, { id: 'policy:test', role: 'system' })).toBeNull();
  });
});
