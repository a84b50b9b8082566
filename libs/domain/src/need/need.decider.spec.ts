import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { needDecider, toNeedFacts } from './need.decider.js';
import type { NeedEvent } from './need.events.js';
import {
  spec,
  LISTED_AT,
  NOW,
  area,
  needListed,
  needVerified,
  matched,
  coveredBy,
  needFulfilled,
  needWithdrawn,
  project,
  fulfilNeed,
  withdrawNeed,
  everyCommandButListing,
} from './testing/need.fixtures.js';

describe('need decider: fulfilment, withdrawal and final states', () => {
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
