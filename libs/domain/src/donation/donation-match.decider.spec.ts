import { describe, expect, it } from '@jest/globals';
import { autoMatchAllows, earmarkAllows } from './donation.decider.js';
import type { DonationTarget } from './donation.events.js';
import {
  spec,
  donationId,
  xiamenHuli,
  xiamenSiming,
  elderlyNeedInHuli,
  childNeedInHuli,
  elderlyNeedInSiming,
  stationProjectInHuli,
  pledged,
  elderlyInHuliEarmark,
  matched,
  disbursed,
  refunded,
  match,
  release,
} from './testing/donation.fixtures.js';

describe('donation decider: matching (rule 12)', () => {
  describe('MatchDonation', () => {
    it('refuses a match without a target, or with a target lacking its category or area', () => {
      const matchTo = (target: unknown) => match('m-1', target as DonationTarget, 1000);
      spec.given([pledged()]).when(matchTo(undefined)).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo([elderlyNeedInHuli])).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo({ kind: 'need', needId: 'need-1', category: 'elderly_care' })).thenThrows('DONATION_TARGET_INVALID');
      spec.given([pledged()]).when(matchTo({ kind: 'project', projectId: 'p', categories: 'elderly_care', area: xiamenHuli })).thenThrows('DONATION_TARGET_INVALID');
    });

    it('matches part of a donation to a need and reports the balance left', () => {
      spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, 300_000)).then([matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]);
    });

    it('records nothing when the same match is sent again', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', elderlyNeedInHuli, 300_000)).then([]);
    });

    it('refuses a match id already used for another match', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', childNeedInHuli, 300_000)).thenThrows('DONATION_MATCH_ALREADY_EXISTS');
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(match('m-1', elderlyNeedInHuli, 200_000)).thenThrows('DONATION_MATCH_ALREADY_EXISTS');
    });

    it('rule 12: allocates up to exactly the unallocated balance', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 600_000, 400_000)]).when(match('m-2', childNeedInHuli, 400_000)).then([matched('m-2', childNeedInHuli, 400_000, 0)]);
    });

    it('rule 12: never allocates beyond the unallocated balance', () => {
      spec
        .given([pledged(), matched('m-1', elderlyNeedInHuli, 600_000, 400_000)])
        .when(match('m-2', childNeedInHuli, 400_001))
        .thenThrows('DONATION_BALANCE_EXCEEDED', { rule: 12, balanceFen: 400_000, requestedFen: 400_001 });
    });

    it('rule 12: refunds and released matches move the balance', () => {
      spec.given([pledged(), refunded(900_000, 100_000)]).when(match('m-1', elderlyNeedInHuli, 100_001)).thenThrows('DONATION_BALANCE_EXCEEDED', { balanceFen: 100_000 });
      spec
        .given([
          pledged(),
          matched('m-1', elderlyNeedInHuli, 1_000_000, 0),
          { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 1_000_000, balanceFen: 1_000_000, reason: '需求已撤回' } },
        ])
        .when(match('m-2', childNeedInHuli, 1_000_000))
        .then([matched('m-2', childNeedInHuli, 1_000_000, 0)]);
    });

    it('rule 12: an earmarked donation goes to a need of its category in its area', () => {
      const huliNeedInAnotherCommunity: DonationTarget = { ...elderlyNeedInHuli, needId: 'need-9', area: { ...xiamenHuli, community: 'hubin' } };
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', huliNeedInAnotherCommunity, 1_000)).then([matched('m-1', huliNeedInAnotherCommunity, 1_000, 999_000)]);
    });

    it('rule 12: an earmarked donation goes to a project that includes its category', () => {
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', stationProjectInHuli, 1_000)).then([matched('m-1', stationProjectInHuli, 1_000, 999_000)]);
    });

    it('rule 12: an earmarked donation never goes to another category', () => {
      spec
        .given([pledged({ earmark: elderlyInHuliEarmark })])
        .when(match('m-1', childNeedInHuli, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12, targetCategories: ['child_welfare'] });
      spec
        .given([pledged({ earmark: elderlyInHuliEarmark })])
        .when(match('m-1', { ...stationProjectInHuli, categories: ['child_welfare'] }, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12 });
    });

    it('rule 12: an earmarked donation never leaves its area', () => {
      spec.given([pledged({ earmark: elderlyInHuliEarmark })]).when(match('m-1', elderlyNeedInSiming, 1_000)).thenThrows('EARMARK_MISMATCH', { rule: 12, targetArea: xiamenSiming });
      spec
        .given([pledged({ earmark: { category: null, district: null, street: null, community: 'taishan' } })])
        .when(match('m-1', { ...childNeedInHuli, area: { ...xiamenHuli, community: 'hubin' } }, 1_000))
        .thenThrows('EARMARK_MISMATCH', { rule: 12 });
    });

    it('refuses a donation past its expiry date, or expired', () => {
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(match('m-1', elderlyNeedInHuli, 1_000)).thenThrows('DONATION_EXPIRED', { expiresOn: '2026-02-28' });
      // On the expiry date itself (Beijing time) it may still be matched.
      spec.given([pledged({ expiresOn: '2026-03-01' })]).when(match('m-1', elderlyNeedInHuli, 1_000)).then([matched('m-1', elderlyNeedInHuli, 1_000, 999_000)]);
      spec
        .given([pledged({ expiresOn: '2026-02-01' }), { type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-01', unallocatedFen: 1_000_000 } }])
        .when(match('m-1', elderlyNeedInHuli, 1_000))
        .thenThrows('DONATION_EXPIRED');
    });

    it('refuses an amount that is not whole fen above 0, and an unknown donation', () => {
      spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, -5)).thenThrows('DONATION_AMOUNT_INVALID');
      spec.given([]).when(match('m-1', elderlyNeedInHuli, 5)).thenThrows('DONATION_NOT_FOUND');
    });

    describe('automatic matches honour the donor consent', () => {
      const consenting = pledged({ autoMatch: { categories: ['elderly_care'], maxPerNeedFen: 200_000 } });

      it('matches automatically within the consented categories and cap', () => {
        spec.given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)]).when(match('m-2', elderlyNeedInHuli, 50_000, true)).then([
          matched('m-2', elderlyNeedInHuli, 50_000, 800_000, true),
        ]);
      });

      it('refuses an automatic match without consent, or for another category', () => {
        spec.given([pledged()]).when(match('m-1', elderlyNeedInHuli, 1_000, true)).thenThrows('AUTO_MATCH_NOT_CONSENTED');
        spec.given([consenting]).when(match('m-1', childNeedInHuli, 1_000, true)).thenThrows('AUTO_MATCH_NOT_CONSENTED');
      });

      it('refuses an automatic match beyond the per-need cap, while a person may still match more', () => {
        spec
          .given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)])
          .when(match('m-2', elderlyNeedInHuli, 50_001, true))
          .thenThrows('AUTO_MATCH_LIMIT_EXCEEDED', { maxPerNeedFen: 200_000, alreadyMatchedFen: 150_000, requestedFen: 50_001 });
        spec.given([consenting, matched('m-1', elderlyNeedInHuli, 150_000, 850_000, true)]).when(match('m-2', elderlyNeedInHuli, 60_000)).then([
          matched('m-2', elderlyNeedInHuli, 60_000, 790_000),
        ]);
      });
    });
  });

  describe('ReleaseDonationMatch', () => {
    it('releases an undisbursed match and returns its amount to the balance', () => {
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(release('m-1')).then([
        { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 300_000, balanceFen: 1_000_000, reason: '需求已撤回' } },
      ]);
    });

    it('records nothing when already released', () => {
      spec
        .given([
          pledged(),
          matched('m-1', elderlyNeedInHuli, 300_000, 700_000),
          { type: 'DonationMatchReleased', data: { donationId, matchId: 'm-1', target: elderlyNeedInHuli, amountFen: 300_000, balanceFen: 1_000_000, reason: 'x' } },
        ])
        .when(release('m-1'))
        .then([]);
    });

    it('refuses a match already disbursed in part', () => {
      spec
        .given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000), disbursed('m-1', elderlyNeedInHuli, 1)])
        .when(release('m-1'))
        .thenThrows('DONATION_MATCH_ALREADY_DISBURSED', { disbursedFen: 1 });
    });

    it('refuses an unknown match or donation, and a missing reason', () => {
      spec.given([pledged()]).when(release('m-9')).thenThrows('DONATION_MATCH_NOT_FOUND');
      spec.given([]).when(release('m-1')).thenThrows('DONATION_NOT_FOUND');
      spec.given([pledged(), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)]).when(release('m-1', '')).thenThrows('REASON_REQUIRED');
    });
  });

  describe('earmarkAllows', () => {
    it('lets an unearmarked donation go anywhere', () => {
      expect(earmarkAllows(null, childNeedInHuli)).toBe(true);
      expect(earmarkAllows({}, elderlyNeedInSiming)).toBe(true);
    });

    it('checks the category against a need, or any of a project categories', () => {
      expect(earmarkAllows({ category: 'child_welfare' }, childNeedInHuli)).toBe(true);
      expect(earmarkAllows({ category: 'child_welfare' }, elderlyNeedInHuli)).toBe(false);
      expect(earmarkAllows({ category: 'child_welfare' }, stationProjectInHuli)).toBe(true);
      expect(earmarkAllows({ category: 'mental_health' }, stationProjectInHuli)).toBe(false);
    });

    it('checks each given level of the area', () => {
      expect(earmarkAllows({ district: 'huli', street: 'jiangtou' }, elderlyNeedInHuli)).toBe(true);
      expect(earmarkAllows({ district: 'huli', street: 'dianqian' }, elderlyNeedInHuli)).toBe(false);
      expect(earmarkAllows({ community: 'dazhong' }, elderlyNeedInSiming)).toBe(true);
      expect(earmarkAllows({ community: 'dazhong', category: 'elderly_care' }, elderlyNeedInHuli)).toBe(false);
    });
  });

  describe('autoMatchAllows', () => {
    it('needs consent, and a consented category when categories are listed', () => {
      expect(autoMatchAllows(null, elderlyNeedInHuli)).toBe(false);
      expect(autoMatchAllows({ categories: null }, childNeedInHuli)).toBe(true);
      expect(autoMatchAllows({ categories: ['elderly_care'] }, childNeedInHuli)).toBe(false);
      expect(autoMatchAllows({ categories: ['elderly_care'] }, stationProjectInHuli)).toBe(true);
    });
  });
});
