import { describe, it } from '@jest/globals';
import type { PledgeDonationData } from './donation.commands.js';
import {
  spec,
  donationId,
  xiamenHuli,
  elderlyNeedInHuli,
  pledged,
  elderlyInHuliEarmark,
  matched,
  refunded,
  pledge,
  match,
  refund,
  expire,
} from './testing/donation.fixtures.js';

describe('donation decider: pledge and expiry', () => {
  describe('PledgeDonation', () => {
    it('pledges money from an enterprise under its name', () => {
      spec.given([]).when(pledge()).then([pledged()]);
    });

    it('pledges an earmarked donation with expiry and auto-match consent, normalising absent fields to null', () => {
      spec
        .given([])
        .when(pledge({ earmark: { category: 'elderly_care', district: 'huli' }, expiresOn: '2026-06-30', autoMatch: { maxPerNeedFen: 200_000 } }))
        .then([pledged({ earmark: elderlyInHuliEarmark, expiresOn: '2026-06-30', autoMatch: { categories: null, maxPerNeedFen: 200_000 } })]);
    });

    it('treats an earmark that restricts nothing as no earmark', () => {
      spec.given([]).when(pledge({ earmark: { district: '', category: null } })).then([pledged()]);
    });

    it('shows a resident donor as 匿名 and keeps only the vault reference', () => {
      spec
        .given([])
        .when(pledge({ donor: { kind: 'resident', displayName: '匿名', donorRef: 'person-d1' }, resource: 'goods', amountFen: 30_000, description: '轮椅 1 台' }))
        .then([pledged({ donor: { kind: 'resident', displayName: '匿名', donorRef: 'person-d1' }, resource: 'goods', amountFen: 30_000, description: '轮椅 1 台' })]);
    });

    it("refuses a resident's name, and a missing name", () => {
      spec.given([]).when(pledge({ donor: { kind: 'resident', displayName: '张三', donorRef: 'person-d1' } })).thenThrows('DONOR_NAME_IS_PERSONAL_DATA');
      spec.given([]).when(pledge({ donor: { kind: 'charity_federation', displayName: ' ' } })).thenThrows('DONOR_NAME_REQUIRED');
    });

    it('refuses goods or venue time without a description', () => {
      spec.given([]).when(pledge({ resource: 'venue_time', description: '' })).thenThrows('DONATION_DESCRIPTION_REQUIRED');
    });

    it('refuses an amount that is not whole fen above 0', () => {
      spec.given([]).when(pledge({ amountFen: 0 })).thenThrows('DONATION_AMOUNT_INVALID');
      spec.given([]).when(pledge({ amountFen: 10.5 })).thenThrows('DONATION_AMOUNT_INVALID');
    });

    it('refuses an expiry in the past, but accepts today', () => {
      spec.given([]).when(pledge({ expiresOn: '2026-02-28' })).thenThrows('DONATION_EXPIRY_INVALID');
      spec.given([]).when(pledge({ expiresOn: '2026-03-01' })).then([pledged({ expiresOn: '2026-03-01' })]);
    });

    it('refuses auto-match consent to no category or with a non-positive cap', () => {
      spec.given([]).when(pledge({ autoMatch: { categories: [] } })).thenThrows('AUTO_MATCH_CATEGORIES_EMPTY');
      spec.given([]).when(pledge({ autoMatch: { maxPerNeedFen: 0 } })).thenThrows('AUTO_MATCH_LIMIT_INVALID');
    });

    it('refuses to pledge the same donation twice', () => {
      spec.given([pledged()]).when(pledge()).thenThrows('DONATION_ALREADY_EXISTS');
    });
  });

  // JSON callers break the declared types; an array earmark once stored an unrestricted donation (rule 12).

  describe('PledgeDonation with a broken shape', () => {
    const pledgeWith = (data: Record<string, unknown>) => pledge(data as Partial<PledgeDonationData>);

    it('refuses an earmark that is not an object instead of storing the donation unrestricted', () => {
      spec.given([]).when(pledgeWith({ earmark: [{ category: 'elderly_care', district: 'huli' }] })).thenThrows('EARMARK_INVALID');
      spec.given([]).when(pledgeWith({ earmark: 'elderly_care' })).thenThrows('EARMARK_INVALID');
    });

    it('refuses an earmark naming an unknown category or a non-text level', () => {
      spec.given([]).when(pledgeWith({ earmark: { category: 'knitting' } })).thenThrows('EARMARK_INVALID');
      spec.given([]).when(pledgeWith({ earmark: { district: ['huli'] } })).thenThrows('EARMARK_INVALID');
    });

    it('refuses a donation without a donor, or with a donor of no known kind', () => {
      spec.given([]).when(pledgeWith({ donor: undefined })).thenThrows('DONOR_REQUIRED');
      spec.given([]).when(pledgeWith({ donor: [{ kind: 'enterprise', displayName: 'x' }] })).thenThrows('DONOR_REQUIRED');
      spec.given([]).when(pledgeWith({ donor: { kind: 'alien', displayName: 'x' } })).thenThrows('DONOR_KIND_UNKNOWN');
      spec.given([]).when(pledgeWith({ donor: { kind: 'enterprise' } })).thenThrows('DONOR_NAME_REQUIRED');
    });

    it('refuses an unknown resource, an auto-match consent that is not an object, or an incomplete area', () => {
      spec.given([]).when(pledgeWith({ resource: 'shares' })).thenThrows('DONATED_RESOURCE_UNKNOWN');
      spec.given([]).when(pledgeWith({ autoMatch: [] })).thenThrows('AUTO_MATCH_INVALID');
      spec.given([]).when(pledgeWith({ autoMatch: { categories: 'elderly_care' } })).thenThrows('AUTO_MATCH_INVALID');
      spec.given([]).when(pledgeWith({ area: { ...xiamenHuli, district: '' } })).thenThrows('AREA_INVALID', { missing: ['district'] });
      spec.given([]).when(pledgeWith({ description: undefined, resource: 'goods' })).thenThrows('DONATION_DESCRIPTION_REQUIRED');
    });
  });

  describe('ExpireDonation', () => {
    it('expires a donation the day after its expiry date, reporting what was left unallocated', () => {
      spec
        .given([pledged({ expiresOn: '2026-02-28' }), matched('m-1', elderlyNeedInHuli, 300_000, 700_000)])
        .when(expire)
        .then([{ type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-28', unallocatedFen: 700_000 } }]);
    });

    it('uses the Beijing date: 2026-02-28T16:30Z is already 1 March in China', () => {
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(expire, { now: new Date('2026-02-28T15:59:00Z') }).thenThrows('DONATION_NOT_YET_EXPIRED');
      spec.given([pledged({ expiresOn: '2026-02-28' })]).when(expire, { now: new Date('2026-02-28T16:30:00Z') }).then([
        { type: 'DonationExpired', data: { donationId, expiresOn: '2026-02-28', unallocatedFen: 1_000_000 } },
      ]);
    });

    it('refuses before or on the expiry date, and for a donation without expiry', () => {
      spec.given([pledged({ expiresOn: '2026-03-01' })]).when(expire).thenThrows('DONATION_NOT_YET_EXPIRED', { expiresOn: '2026-03-01' });
      spec.given([pledged()]).when(expire).thenThrows('DONATION_HAS_NO_EXPIRY');
      spec.given([]).when(expire).thenThrows('DONATION_NOT_FOUND');
    });

    it('records nothing when already expired, yet the balance stays refundable', () => {
      const history = [pledged({ expiresOn: '2026-02-01' }), { type: 'DonationExpired' as const, data: { donationId, expiresOn: '2026-02-01', unallocatedFen: 1_000_000 } }];
      spec.given(history).when(expire).then([]);
      spec.given(history).when(refund()).then([refunded(1_000_000, 0)]);
    });
  });
});
