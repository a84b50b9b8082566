/** The need decider's specs share these: one need, its community, and its commands and events as tests write them. */
import type { CommunityFacts, ProjectFacts } from '../../shared/facts.js';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../../testing/decider-spec.js';
import type { ListNeedData, NeedCommand } from '../need.commands.js';
import { needDecider } from '../need.decider.js';
import type { NeedEvent, NeedListedData, NeedMatchedData } from '../need.events.js';

export const spec = DeciderSpecification.for(needDecider);

export const LISTED_AT = '2026-02-20T02:00:00.000Z';
export const NOW = DEFAULT_TEST_NOW.toISOString();
export const area = { city: '370100', district: '370102', street: '370102001', community: 'community-lianhua' };
export const community: CommunityFacts = { communityId: 'community-lianhua', name: '莲花社区', area, kind: 'urban', residents: 8200 };

export const listNeedData: ListNeedData = {
  needId: 'need-1',
  community,
  category: 'elderly_care',
  title: '独居老人每周上门探访',
  description: 'Lives alone on the 5th floor without a lift; needs a weekly visit and help with shopping.',
  urgency: 'high',
  beneficiaryRef: 'pref-7f3a9c',
  beneficiaries: 1,
  requiredSkills: ['home visit', ' shopping ', 'home visit'],
  hoursPerWeek: 2,
  amountFen: 50_000,
  window: { from: '2026-03-01', to: '2026-12-31' },
  source: 'visit',
};
export const listNeed = (overrides: Partial<ListNeedData> = {}): NeedCommand => ({ type: 'ListNeed', data: { ...listNeedData, ...overrides } });

export const listedData: NeedListedData = {
  needId: 'need-1',
  communityId: 'community-lianhua',
  area,
  category: 'elderly_care',
  title: '独居老人每周上门探访',
  description: listNeedData.description,
  urgency: 'high',
  beneficiaryRef: 'pref-7f3a9c',
  beneficiaries: 1,
  requiredSkills: ['home visit', 'shopping'],
  hoursPerWeek: 2,
  amountFen: 50_000,
  window: { from: '2026-03-01', to: '2026-12-31' },
  source: 'visit',
  listedAt: LISTED_AT,
};
export const needListed: NeedEvent = { type: 'NeedListed', data: listedData };
export const needVerified: NeedEvent = { type: 'NeedVerified', data: { needId: 'need-1', verifiedAt: '2026-02-21T00:00:00.000Z' } };
export const matched = (overrides: Partial<NeedMatchedData> = {}): NeedEvent => ({
  type: 'NeedMatched',
  data: {
    needId: 'need-1',
    matchId: 'match-1',
    resource: { kind: 'volunteer', id: 'volunteer-9' },
    amountFen: null,
    hoursPerWeek: 2,
    firstMatch: true,
    listedAt: LISTED_AT,
    matchedAt: '2026-02-25T00:00:00.000Z',
    area,
    category: 'elderly_care',
    ...overrides,
  },
});
export const coveredBy = (projectId: string): NeedEvent => ({
  type: 'NeedCoveredByProject',
  data: { needId: 'need-1', projectId, coveredAt: '2026-02-26T00:00:00.000Z' },
});
export const needFulfilled: NeedEvent = {
  type: 'NeedFulfilled',
  data: { needId: 'need-1', note: 'done', listedAt: LISTED_AT, fulfilledAt: '2026-02-28T00:00:00.000Z', area, category: 'elderly_care' },
};
export const needWithdrawn: NeedEvent = {
  type: 'NeedWithdrawn',
  data: { needId: 'need-1', reason: 'moved away', withdrawnAt: '2026-02-28T00:00:00.000Z', area, category: 'elderly_care' },
};

export const verifyNeed: NeedCommand = { type: 'VerifyNeed', data: {} };
export const reconfirmNeed = (note?: string): NeedCommand => ({ type: 'ReconfirmNeed', data: note === undefined ? {} : { note } });
/** The policies' echo of a volunteer's own decision (VolunteerAssigned) or a donation's (DonationMatched). */
export const recordMatch = (overrides: Partial<Extract<NeedCommand, { type: 'RecordResourceMatch' }>['data']> = {}): NeedCommand => ({
  type: 'RecordResourceMatch',
  data: { matchId: 'match-1', resource: { kind: 'volunteer', id: 'volunteer-9' }, hoursPerWeek: 2, ...overrides },
});
/** A person on the need's side matching a resource without a ledger of its own. */
export const matchByHand = (overrides: Partial<Extract<NeedCommand, { type: 'RecordNeedMatch' }>['data']> = {}): NeedCommand => ({
  type: 'RecordNeedMatch',
  data: { matchId: 'match-sw', resource: { kind: 'social_worker', id: 'sw-3' }, resourceInService: true, hoursPerWeek: 2, ...overrides },
});
export const project = (overrides: Partial<ProjectFacts> = {}): ProjectFacts => ({
  projectId: 'project-1',
  status: 'contracted',
  categories: ['elderly_care'],
  area: { ...area, street: '', community: '' },
  contractorOrganisationId: 'org-1',
  ...overrides,
});
export const coverByProject = (projectId = 'project-1', overrides: Partial<ProjectFacts> = {}): NeedCommand => ({
  type: 'CoverNeedByProject',
  data: { project: project({ projectId, ...overrides }) },
});
export const fulfilNeed: NeedCommand = { type: 'FulfilNeed', data: { note: ' visits arranged with the street station ' } };
export const withdrawNeed = (reason = 'beneficiary moved to a care home'): NeedCommand => ({ type: 'WithdrawNeed', data: { reason } });

export const everyCommandButListing: readonly NeedCommand[] = [verifyNeed, reconfirmNeed(), matchByHand(), recordMatch(), coverByProject(), fulfilNeed, withdrawNeed()];
