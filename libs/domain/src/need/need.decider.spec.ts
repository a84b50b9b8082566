import { describe, expect, it } from '@jest/globals';
import type { CommunityFacts, ProjectFacts } from '../shared/facts.js';
import { foldEvents } from '../shared/decider.js';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../testing/decider-spec.js';
import type { ListNeedData, NeedCommand } from './need.commands.js';
import { NEED_DESCRIPTION_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, needDecider, toNeedFacts } from './need.decider.js';
import type { NeedEvent, NeedListedData, NeedMatchedData } from './need.events.js';

const spec = DeciderSpecification.for(needDecider);

const LISTED_AT = '2026-02-20T02:00:00.000Z';
const NOW = DEFAULT_TEST_NOW.toISOString();
const area = { city: '370100', district: '370102', street: '370102001', community: 'community-lianhua' };
const community: CommunityFacts = { communityId: 'community-lianhua', name: '莲花社区', area, kind: 'urban', residents: 8200 };

const listNeedData: ListNeedData = {
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
const listNeed = (overrides: Partial<ListNeedData> = {}): NeedCommand => ({ type: 'ListNeed', data: { ...listNeedData, ...overrides } });

const listedData: NeedListedData = {
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
const needListed: NeedEvent = { type: 'NeedListed', data: listedData };
const needVerified: NeedEvent = { type: 'NeedVerified', data: { needId: 'need-1', verifiedAt: '2026-02-21T00:00:00.000Z' } };
const matched = (overrides: Partial<NeedMatchedData> = {}): NeedEvent => ({
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
const coveredBy = (projectId: string): NeedEvent => ({
  type: 'NeedCoveredByProject',
  data: { needId: 'need-1', projectId, coveredAt: '2026-02-26T00:00:00.000Z' },
});
const needFulfilled: NeedEvent = {
  type: 'NeedFulfilled',
  data: { needId: 'need-1', note: 'done', listedAt: LISTED_AT, fulfilledAt: '2026-02-28T00:00:00.000Z', area, category: 'elderly_care' },
};
const needWithdrawn: NeedEvent = {
  type: 'NeedWithdrawn',
  data: { needId: 'need-1', reason: 'moved away', withdrawnAt: '2026-02-28T00:00:00.000Z', area, category: 'elderly_care' },
};

const verifyNeed: NeedCommand = { type: 'VerifyNeed', data: {} };
const reconfirmNeed = (note?: string): NeedCommand => ({ type: 'ReconfirmNeed', data: note === undefined ? {} : { note } });
/** The policies' echo of a volunteer's own decision (VolunteerAssigned) or a donation's (DonationMatched). */
const recordMatch = (overrides: Partial<Extract<NeedCommand, { type: 'RecordResourceMatch' }>['data']> = {}): NeedCommand => ({
  type: 'RecordResourceMatch',
  data: { matchId: 'match-1', resource: { kind: 'volunteer', id: 'volunteer-9' }, hoursPerWeek: 2, ...overrides },
});
/** A person on the need's side matching a resource without a ledger of its own. */
const matchByHand = (overrides: Partial<Extract<NeedCommand, { type: 'RecordNeedMatch' }>['data']> = {}): NeedCommand => ({
  type: 'RecordNeedMatch',
  data: { matchId: 'match-sw', resource: { kind: 'social_worker', id: 'sw-3' }, resourceInService: true, hoursPerWeek: 2, ...overrides },
});
const project = (overrides: Partial<ProjectFacts> = {}): ProjectFacts => ({
  projectId: 'project-1',
  status: 'contracted',
  categories: ['elderly_care'],
  area: { ...area, street: '', community: '' },
  contractorOrganisationId: 'org-1',
  ...overrides,
});
const coverByProject = (projectId = 'project-1', overrides: Partial<ProjectFacts> = {}): NeedCommand => ({
  type: 'CoverNeedByProject',
  data: { project: project({ projectId, ...overrides }) },
});
const fulfilNeed: NeedCommand = { type: 'FulfilNeed', data: { note: ' visits arranged with the street station ' } };
const withdrawNeed = (reason = 'beneficiary moved to a care home'): NeedCommand => ({ type: 'WithdrawNeed', data: { reason } });

const everyCommandButListing: readonly NeedCommand[] = [verifyNeed, reconfirmNeed(), matchByHand(), recordMatch(), coverByProject(), fulfilNeed, withdrawNeed()];

describe('need decider', () => {
  describe('ListNeed', () => {
    it('lists the need in the community area, stamped with the decision time, skills cleaned', () => {
      spec.given([]).when(listNeed(), { now: new Date(LISTED_AT) }).then([needListed]);
    });

    it('records absent optional facts as null so consumers see one shape', () => {
      spec
        .given([])
        .when(listNeed({ hoursPerWeek: undefined, amountFen: undefined, window: undefined }), { now: new Date(LISTED_AT) })
        .then([{ type: 'NeedListed', data: { ...listedData, hoursPerWeek: null, amountFen: null, window: null } }]);
    });

    it('refuses to list the same need twice', () => {
      spec.given([needListed]).when(listNeed()).thenThrows('NEED_ALREADY_EXISTS');
    });

    it.each<[string, Partial<ListNeedData>, string]>([
      ['a blank title', { title: '   ' }, 'NEED_TITLE_REQUIRED'],
      ['an overlong title', { title: 'x'.repeat(201) }, 'NEED_TITLE_TOO_LONG'],
      ['a description over 2000 characters', { description: 'x'.repeat(NEED_DESCRIPTION_MAX_LENGTH + 1) }, 'NEED_DESCRIPTION_TOO_LONG'],
      ['an unknown category', { category: 'astrology' as never }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['a prototype key as category', { category: 'toString' as never }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['an unknown urgency', { urgency: 'yesterday' as never }, 'NEED_URGENCY_UNKNOWN'],
      ['an unknown source', { source: 'rumour' as never }, 'NEED_SOURCE_UNKNOWN'],
      ['no beneficiary reference', { beneficiaryRef: ' ' }, 'BENEFICIARY_REF_REQUIRED'],
      ['zero beneficiaries', { beneficiaries: 0 }, 'NEED_BENEFICIARIES_INVALID'],
      ['fractional beneficiaries', { beneficiaries: 1.5 }, 'NEED_BENEFICIARIES_INVALID'],
      ['more hours than a week has', { hoursPerWeek: 169 }, 'NEED_HOURS_INVALID'],
      ['a fractional fen amount', { amountFen: 10.5 }, 'NEED_AMOUNT_INVALID'],
      ['a negative amount', { amountFen: -100 }, 'NEED_AMOUNT_INVALID'],
      ['a window ending before it starts', { window: { from: '2026-05-01', to: '2026-04-01' } }, 'NEED_WINDOW_INVALID'],
      ['a window with an impossible date', { window: { from: '2026-02-30', to: '2026-04-01' } }, 'NEED_WINDOW_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given([]).when(listNeed(overrides)).thenThrows(code);
    });

    it.each([
      ['a mainland ID number', '11010519491231002X'],
      ['a mobile number', '138 0013 8000'],
      ['a Chinese name', '张桂英'],
    ])('keeps personal data out of the event: rejects %s as the beneficiary reference', (_label, beneficiaryRef) => {
      spec.given([]).when(listNeed({ beneficiaryRef })).thenThrows('BENEFICIARY_REF_NOT_PSEUDONYMOUS');
    });
  });

  // JSON callers break the declared types: every NeedListed is placed in a whole area and readable by every list.
  describe('ListNeed with a broken shape', () => {
    const listWith = (data: Record<string, unknown>) => listNeed(data as Partial<ListNeedData>);

    it('refuses a community that is missing or placed in an incomplete area', () => {
      spec.given([]).when(listWith({ community: undefined })).thenThrows('COMMUNITY_REQUIRED');
      spec.given([]).when(listWith({ community: { ...community, area: { ...area, street: '' } } })).thenThrows('AREA_INVALID', { missing: ['street'] });
    });

    it('refuses a window that is an array, skills that are not a list, or text that is not text', () => {
      spec.given([]).when(listWith({ window: [{ from: '2026-03-01', to: '2026-12-31' }] })).thenThrows('NEED_WINDOW_INVALID');
      spec.given([]).when(listWith({ requiredSkills: 'home visit' })).thenThrows('NEED_SKILLS_INVALID');
      spec.given([]).when(listWith({ title: undefined })).thenThrows('NEED_TITLE_REQUIRED');
      spec.given([]).when(listWith({ description: { text: 'x' } })).thenThrows('NEED_DESCRIPTION_INVALID');
      spec.given([]).when(listWith({ beneficiaryRef: 42 })).thenThrows('BENEFICIARY_REF_REQUIRED');
    });

    it('refuses a match without a resource', () => {
      const recordMatch = (resource: unknown): NeedCommand => ({ type: 'RecordNeedMatch', data: { matchId: 'm-1', resource: resource as never, resourceInService: true } });
      spec.given([needListed]).when(recordMatch(undefined)).thenThrows('NEED_MATCH_RESOURCE_INVALID');
      spec.given([needListed]).when(recordMatch([{ kind: 'volunteer', id: 'v-1' }])).thenThrows('NEED_MATCH_RESOURCE_INVALID');
    });
  });

  describe('on a need that does not exist', () => {
    it.each(everyCommandButListing.map((command) => [command.type, command] as const))('%s answers NEED_NOT_FOUND', (_type, command) => {
      spec.given([]).when(command).thenThrows('NEED_NOT_FOUND');
    });
  });

  describe('VerifyNeed', () => {
    it('verifies a listed need', () => {
      spec.given([needListed]).when(verifyNeed).then([{ type: 'NeedVerified', data: { needId: 'need-1', verifiedAt: NOW } }]);
    });
    it('records nothing when the need is already verified', () => {
      spec.given([needListed, needVerified]).when(verifyNeed).then([]);
    });
  });

  describe('ReconfirmNeed: the committee confirms the need still stands', () => {
    it('records the reconfirmation with its time and note, on an open need', () => {
      spec
        .given([needListed])
        .when(reconfirmNeed('回访确认仍需助餐'))
        .then([{ type: 'NeedReconfirmed', data: { needId: 'need-1', reconfirmedAt: NOW, note: '回访确认仍需助餐' } }]);
      spec.given([needListed, matched()]).when(reconfirmNeed()).then([{ type: 'NeedReconfirmed', data: { needId: 'need-1', reconfirmedAt: NOW, note: null } }]);
    });
    it('refuses a need that is fulfilled or withdrawn', () => {
      spec.given([needListed, matched(), needFulfilled]).when(reconfirmNeed()).thenThrows('NEED_ALREADY_FULFILLED');
      spec.given([needListed, needWithdrawn]).when(reconfirmNeed()).thenThrows('NEED_WITHDRAWN');
    });
    it('refuses a note that is not text or too long', () => {
      spec.given([needListed]).when(reconfirmNeed('长'.repeat(NEED_NOTE_MAX_LENGTH + 1))).thenThrows('NEED_NOTE_TOO_LONG');
      spec.given([needListed]).when({ type: 'ReconfirmNeed', data: { note: 42 as never } }).thenThrows('NEED_NOTE_TOO_LONG');
    });
  });

  describe('MarkNeedStale: the freshness clock marks a need nobody reconfirmed for the period (issue 13 item 4)', () => {
    const markStale = (staleAfterDays = 90): NeedCommand => ({ type: 'MarkNeedStale', data: { staleAfterDays } });
    // Listed 2026-02-20T02:00Z: 90 days later is 2026-05-21T02:00Z.
    const at = (iso: string) => ({ now: new Date(iso) });
    const markedStale = (overrides: Partial<{ lastConfirmedAt: string; markedStaleAt: string }> = {}): NeedEvent => ({
      type: 'NeedMarkedStale',
      data: {
        needId: 'need-1', lastConfirmedAt: LISTED_AT, staleAfterDays: 90, markedStaleAt: '2026-05-21T02:00:00.000Z', area, category: 'elderly_care', ...overrides,
      },
    });

    it('marks the need once the period since its listing has run out, to the millisecond', () => {
      spec.given([needListed]).when(markStale(), at('2026-05-21T02:00:00.000Z')).then([markedStale()]);
      spec.given([needListed]).when(markStale(), at('2026-05-21T01:59:59.999Z')).thenThrows('NEED_NOT_STALE_YET', { staleFrom: '2026-05-21T02:00:00.000Z' });
    });
    it('counts the period from the latest reconfirmation, not the listing', () => {
      const reconfirmed: NeedEvent = { type: 'NeedReconfirmed', data: { needId: 'need-1', reconfirmedAt: '2026-04-01T00:00:00.000Z', note: null } };
      spec.given([needListed, reconfirmed]).when(markStale(), at('2026-05-21T02:00:00.000Z')).thenThrows('NEED_NOT_STALE_YET', { lastConfirmedAt: '2026-04-01T00:00:00.000Z' });
      spec
        .given([needListed, reconfirmed])
        .when(markStale(), at('2026-06-30T00:00:00.000Z'))
        .then([markedStale({ lastConfirmedAt: '2026-04-01T00:00:00.000Z', markedStaleAt: '2026-06-30T00:00:00.000Z' })]);
    });
    it('records nothing for a need already stale; a reconfirmation makes it fresh, and stale again only after a new period', () => {
      spec.given([needListed, markedStale()]).when(markStale(), at('2026-07-01T00:00:00.000Z')).then([]);
      const reconfirmed: NeedEvent = { type: 'NeedReconfirmed', data: { needId: 'need-1', reconfirmedAt: '2026-06-01T00:00:00.000Z', note: '回访确认' } };
      spec.given([needListed, markedStale(), reconfirmed]).when(markStale(), at('2026-07-01T00:00:00.000Z')).thenThrows('NEED_NOT_STALE_YET');
      spec
        .given([needListed, markedStale(), reconfirmed])
        .when(markStale(), at('2026-08-30T00:00:00.000Z'))
        .then([markedStale({ lastConfirmedAt: '2026-06-01T00:00:00.000Z', markedStaleAt: '2026-08-30T00:00:00.000Z' })]);
    });
    it('a stale need may still be reconfirmed, and keeps its status', () => {
      spec.given([needListed, matched(), markedStale()]).when(reconfirmNeed()).then([{ type: 'NeedReconfirmed', data: { needId: 'need-1', reconfirmedAt: NOW, note: null } }]);
      expect(toNeedFacts(foldEvents(needDecider, [needListed, matched(), markedStale()])).status).toBe('matched');
    });
    it('refuses fulfilled or withdrawn needs and a period that is not a whole number of days', () => {
      spec.given([needListed, matched(), needFulfilled]).when(markStale(), at('2027-01-01T00:00:00.000Z')).thenThrows('NEED_ALREADY_FULFILLED');
      spec.given([needListed, needWithdrawn]).when(markStale(), at('2027-01-01T00:00:00.000Z')).thenThrows('NEED_WITHDRAWN');
      spec.given([needListed]).when(markStale(0), at('2027-01-01T00:00:00.000Z')).thenThrows('STALE_AFTER_DAYS_INVALID');
      spec.given([needListed]).when(markStale(1.5), at('2027-01-01T00:00:00.000Z')).thenThrows('STALE_AFTER_DAYS_INVALID');
    });
  });

  describe('RecordNeedMatch: a person matches a social worker or an organisation', () => {
    it('records the match on the need', () => {
      spec
        .given([needListed])
        .when(matchByHand())
        .then([matched({ matchId: 'match-sw', resource: { kind: 'social_worker', id: 'sw-3' }, matchedAt: NOW })]);
    });

    it('rule 12: refuses a donation, which only its own decision (MatchDonation) may allocate', () => {
      spec
        .given([needListed])
        .when(matchByHand({ resource: { kind: 'donation', id: 'donation-4' }, amountFen: 5_000_000, hoursPerWeek: undefined }))
        .thenThrows('MATCH_DECIDED_BY_RESOURCE', { rule: 12, resource: { kind: 'donation', id: 'donation-4' }, command: 'MatchDonation' });
    });

    it('refuses a volunteer, whose declared hours decide it (AssignVolunteer)', () => {
      spec
        .given([needListed])
        .when(matchByHand({ resource: { kind: 'volunteer', id: 'volunteer-9' }, hoursPerWeek: 100 }))
        .thenThrows('MATCH_DECIDED_BY_RESOURCE', { command: 'AssignVolunteer' });
    });

    it('refuses a deregistered social worker or a suspended organisation', () => {
      spec.given([needListed]).when(matchByHand({ resourceInService: false })).thenThrows('MATCHED_RESOURCE_OUT_OF_SERVICE');
    });
  });

  describe('RecordResourceMatch: the echo of a donation’s or volunteer’s own decision', () => {
    it('refuses a social worker: only resources that decide their own matches are echoed', () => {
      spec.given([needListed]).when(recordMatch({ resource: { kind: 'social_worker', id: 'sw-3' } })).thenThrows('NEED_MATCH_RESOURCE_INVALID');
    });

    it('marks the first match so time-to-first-match can be measured from this event alone', () => {
      spec
        .given([needListed, needVerified])
        .when(recordMatch())
        .then([matched({ matchedAt: NOW })]);
    });

    it('a later match is not the first', () => {
      spec
        .given([needListed, matched()])
        .when(recordMatch({ matchId: 'match-2', resource: { kind: 'donation', id: 'donation-4' }, amountFen: 20_000, hoursPerWeek: undefined }))
        .then([
          matched({
            matchId: 'match-2',
            resource: { kind: 'donation', id: 'donation-4' },
            amountFen: 20_000,
            hoursPerWeek: null,
            firstMatch: false,
            matchedAt: NOW,
          }),
        ]);
    });

    it('is idempotent by matchId: a redelivered match records nothing', () => {
      spec.given([needListed, matched()]).when(recordMatch()).then([]);
    });

    it('refuses a matchId reused for another resource', () => {
      spec
        .given([needListed, matched()])
        .when(recordMatch({ resource: { kind: 'volunteer', id: 'volunteer-10' } }))
        .thenThrows('NEED_MATCH_ID_REUSED', { matchId: 'match-1' });
    });

    it.each<[string, Parameters<typeof recordMatch>[0], string]>([
      ['an unknown resource kind', { resource: { kind: 'landlord' as never, id: 'x' } }, 'NEED_MATCH_RESOURCE_INVALID'],
      ['a resource without id', { resource: { kind: 'donation', id: '' } }, 'NEED_MATCH_RESOURCE_INVALID'],
      ['a blank matchId', { matchId: ' ' }, 'MATCH_ID_REQUIRED'],
      ['a zero amount', { amountFen: 0 }, 'NEED_AMOUNT_INVALID'],
      ['negative hours', { hoursPerWeek: -1 }, 'NEED_HOURS_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given([needListed]).when(recordMatch(overrides)).thenThrows(code);
    });
  });

  describe('CoverNeedByProject', () => {
    it('records the project that covers the need', () => {
      spec
        .given([needListed, matched()])
        .when(coverByProject('project-7'))
        .then([{ type: 'NeedCoveredByProject', data: { needId: 'need-1', projectId: 'project-7', coveredAt: NOW } }]);
    });
    it('records nothing when that project already covers it', () => {
      spec.given([needListed, coveredBy('project-7')]).when(coverByProject('project-7')).then([]);
    });
    it('refuses a project bought for other categories', () => {
      spec
        .given([needListed])
        .when(coverByProject('project-7', { categories: ['education'] }))
        .thenThrows('PROJECT_DOES_NOT_SERVE_NEED', { category: 'elderly_care', projectCategories: ['education'] });
    });
    it('refuses a project of another area', () => {
      spec
        .given([needListed])
        .when(coverByProject('project-7', { area: { ...area, district: '370103', street: '', community: '' } }))
        .thenThrows('PROJECT_DOES_NOT_SERVE_NEED', { level: 'district' });
    });
    it('refuses a project whose contract ended', () => {
      spec.given([needListed]).when(coverByProject('project-7', { status: 'terminated' })).thenThrows('PROJECT_ENDED');
    });
  });

  describe('FulfilNeed', () => {
    it('fulfils an open need, carrying what fulfilment indicators need', () => {
      spec
        .given([needListed, matched(), coveredBy('project-7')])
        .when(fulfilNeed)
        .then([
          {
            type: 'NeedFulfilled',
            data: {
              needId: 'need-1',
              note: 'visits arranged with the street station',
              listedAt: LISTED_AT,
              fulfilledAt: NOW,
              area,
              category: 'elderly_care',
            },
          },
        ]);
    });
    it('rejects an overlong note', () => {
      spec.given([needListed]).when({ type: 'FulfilNeed', data: { note: 'x'.repeat(2001) } }).thenThrows('NEED_NOTE_TOO_LONG');
    });
  });

  describe('WithdrawNeed', () => {
    it('withdraws an open need with its reason', () => {
      spec
        .given([needListed, needVerified])
        .when(withdrawNeed())
        .then([
          {
            type: 'NeedWithdrawn',
            data: { needId: 'need-1', reason: 'beneficiary moved to a care home', withdrawnAt: NOW, area, category: 'elderly_care' },
          },
        ]);
    });
    it('requires a reason', () => {
      spec.given([needListed]).when(withdrawNeed('  ')).thenThrows('WITHDRAWAL_REASON_REQUIRED');
    });
  });

  describe('DeclineMatchProposal', () => {
    const decline = (resourceKey = 'volunteer:volunteer-9', reason = 'lives too far from the beneficiary'): NeedCommand => ({
      type: 'DeclineMatchProposal',
      data: { resourceKey, reason },
    });
    const declined = (resourceKey = 'volunteer:volunteer-9', reason = 'lives too far from the beneficiary'): NeedEvent => ({
      type: 'MatchProposalDeclined',
      data: { needId: 'need-1', resourceKey, reason, declinedAt: NOW },
    });

    it('records the declined resource with its reason, so the matcher never proposes the pair again', () => {
      spec.given([needListed]).when(decline()).then([declined()]);
    });

    it('is idempotent per resource: declining the same resource again records nothing', () => {
      spec.given([needListed, declined()]).when(decline('volunteer:volunteer-9', 'another reason')).then([]);
    });

    it('declines another resource of the same need independently', () => {
      spec
        .given([needListed, declined()])
        .when(decline('donation:donation-4', ' earmarked for another street '))
        .then([declined('donation:donation-4', 'earmarked for another street')]);
    });

    it('may decline a proposal on a need that is already matched', () => {
      spec.given([needListed, matched()]).when(decline('organisation:org-2')).then([declined('organisation:org-2')]);
    });

    it.each<[string, string, string, string]>([
      ['a key without kind', 'volunteer-9', 'too far', 'NEED_RESOURCE_KEY_INVALID'],
      ['an upper-case kind', 'Volunteer:v-1', 'too far', 'NEED_RESOURCE_KEY_INVALID'],
      ['an id with a separator', 'donation:a|b', 'too far', 'NEED_RESOURCE_KEY_INVALID'],
      ['a blank reason', 'volunteer:v-1', '   ', 'DECLINE_REASON_REQUIRED'],
      ['an overlong reason', 'volunteer:v-1', 'x'.repeat(501), 'DECLINE_REASON_TOO_LONG'],
    ])('rejects %s', (_label, resourceKey, reason, code) => {
      spec.given([needListed]).when(decline(resourceKey, reason)).thenThrows(code);
    });

    it('answers NEED_NOT_FOUND, NEED_ALREADY_FULFILLED and NEED_WITHDRAWN like every other command', () => {
      spec.given([]).when(decline()).thenThrows('NEED_NOT_FOUND');
      spec.given([needListed, matched(), needFulfilled]).when(decline()).thenThrows('NEED_ALREADY_FULFILLED');
      spec.given([needListed, needWithdrawn]).when(decline()).thenThrows('NEED_WITHDRAWN');
    });

    it('leaves the need status as it was', () => {
      expect(toNeedFacts(foldEvents(needDecider, [needListed, needVerified, declined()])).status).toBe('verified');
    });
  });

  describe('final states', () => {
    it.each(everyCommandButListing.map((command) => [command.type, command] as const))(
      '%s on a fulfilled need answers NEED_ALREADY_FULFILLED',
      (_type, command) => {
        spec.given([needListed, matched(), needFulfilled]).when(command).thenThrows('NEED_ALREADY_FULFILLED');
      },
    );
    it.each(everyCommandButListing.map((command) => [command.type, command] as const))(
      '%s on a withdrawn need answers NEED_WITHDRAWN',
      (_type, command) => {
        spec.given([needListed, needWithdrawn]).when(command).thenThrows('NEED_WITHDRAWN');
      },
    );
  });

  describe('toNeedFacts', () => {
    const factsAfter = (events: NeedEvent[]) => toNeedFacts(foldEvents(needDecider, events));

    it('shows the furthest step an open need reached', () => {
      expect(factsAfter([needListed]).status).toBe('listed');
      expect(factsAfter([needListed, needVerified]).status).toBe('verified');
      expect(factsAfter([needListed, needVerified, matched()]).status).toBe('matched');
      expect(factsAfter([needListed, coveredBy('project-7'), matched()]).status).toBe('covered');
      expect(factsAfter([needListed, matched(), needFulfilled]).status).toBe('fulfilled');
      expect(factsAfter([needListed, needWithdrawn]).status).toBe('withdrawn');
    });

    it('gives the place, category and urgency other aggregates rely on', () => {
      expect(factsAfter([needListed])).toEqual({ needId: 'need-1', status: 'listed', category: 'elderly_care', area, urgency: 'high' });
    });

    it('answers NEED_NOT_FOUND for a need that was never listed', () => {
      expect(() => toNeedFacts(needDecider.initialState())).toThrow(expect.objectContaining({ code: 'NEED_NOT_FOUND' }));
    });
  });
});
