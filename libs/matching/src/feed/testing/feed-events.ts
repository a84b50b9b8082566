/** Events in the shape the feed folds, for the feed's tests and auto-match's. */
import type { DomainEvent } from '#domain';
import { MatchingFeed } from '../matching-feed.js';

export const area = { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' };
export const otherDistrict = { city: 'xiamen', district: 'siming-district', street: 'zhonghua-street', community: 'zhonghua' };
export const at = '2026-11-01T02:00:00.000Z';

/** Feeds events in log order, as the subscription would. */
export const feedOf = (events: DomainEvent[]) => {
  const feed = new MatchingFeed();
  events.forEach((event, index) => feed.apply({ ...event, position: index + 1, metadata: { occurredAt: at } }));
  return feed;
};

export const needListed = (needId: string, overrides: Record<string, unknown> = {}): DomainEvent => ({
  type: 'NeedListed',
  data: {
    needId, communityId: 'huli', area, category: 'elderly_care', title: '助餐', description: '', urgency: 'high', beneficiaryRef: 'ref-1',
    beneficiaries: 1, requiredSkills: [], hoursPerWeek: 4, amountFen: 50_000, window: null, source: 'visit', listedAt: at, ...overrides,
  },
});
export const volunteer = (volunteerId: string, hoursPerWeek: number): DomainEvent[] => [
  { type: 'VolunteerRegistered', data: { volunteerId, personRef: 'p', area, registeredOn: '2026-10-01' } },
  { type: 'VolunteerSkillsDeclared', data: { volunteerId, skills: ['陪伴'], categories: ['elderly_care'] } },
  { type: 'VolunteerAvailabilityDeclared', data: { volunteerId, hoursPerWeek, windows: [] } },
];
export const pledged = (donationId: string, amountFen: number, overrides: Record<string, unknown> = {}): DomainEvent => ({
  type: 'DonationPledged',
  data: {
    donationId, donor: { kind: 'enterprise', displayName: '企业', donorRef: null }, resource: 'money', amountFen, description: '',
    earmark: null, area, expiresOn: null, autoMatch: null, ...overrides,
  },
});
export const donationMatched = (donationId: string, needId: string, amountFen: number, balanceFen: number, matchId = `m-${needId}`): DomainEvent => ({
  type: 'DonationMatched',
  data: {
    donationId, matchId, target: { kind: 'need', needId, category: 'elderly_care', area }, amountFen, resource: 'money', donorKind: 'enterprise',
    automatic: false, balanceFen,
  },
});
export const organisationRegistered = (organisationId: string, capacity: number): DomainEvent => ({
  type: 'OrganisationRegistered',
  data: {
    organisationId, name: '社工机构', kind: 'social_work_agency', unifiedSocialCreditCode: 'x', budgetFunded: false, district: 'huli-district',
    area, serviceCategories: ['elderly_care'], capacity,
  },
});
export const matchedToOrganisation = (needId: string, organisationId: string): DomainEvent => ({
  type: 'NeedMatched',
  data: {
    needId, matchId: `m-${needId}`, resource: { kind: 'organisation', id: organisationId }, amountFen: null, hoursPerWeek: null, firstMatch: true, listedAt: at,
    matchedAt: at, area, category: 'elderly_care',
  },
});
export const keysFor = (feed: MatchingFeed, needId: string) => feed.engine.proposalsForNeed(needId, 20).map((proposal) => proposal.resourceKey);
export const offerOf = (feed: MatchingFeed, needId: string, resourceKey: string) =>
  feed.engine.proposalsForNeed(needId, 20).find((proposal) => proposal.resourceKey === resourceKey)?.offer;

