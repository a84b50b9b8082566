import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { NeedCommand } from './need.commands.js';
import { needDecider, toNeedFacts } from './need.decider.js';
import type { NeedEvent } from './need.events.js';
import {
  spec,
  NOW,
  area,
  community,
  needListed,
  needVerified,
  matched,
  coveredBy,
  needFulfilled,
  needWithdrawn,
  recordMatch,
  matchByHand,
  project,
  coverByProject,
} from './testing/need.fixtures.js';

describe('need decider: matches, covering projects and declined proposals', () => {
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
});
