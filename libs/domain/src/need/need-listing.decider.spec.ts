import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { ListNeedData, NeedCommand } from './need.commands.js';
import { NEED_DESCRIPTION_MAX_LENGTH, NEED_NOTE_MAX_LENGTH, needDecider, toNeedFacts } from './need.decider.js';
import type { NeedEvent } from './need.events.js';
import {
  spec,
  LISTED_AT,
  NOW,
  area,
  community,
  listNeed,
  listedData,
  needListed,
  needVerified,
  matched,
  needFulfilled,
  needWithdrawn,
  verifyNeed,
  reconfirmNeed,
  recordMatch,
  everyCommandButListing,
} from './testing/need.fixtures.js';

describe('need decider: listing, verification and freshness', () => {
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
});
