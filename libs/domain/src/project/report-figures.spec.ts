import { describe, expect, it } from '@jest/globals';
import type { ProjectEvent, ServiceDeliveredData } from './project.events.js';
import { domainEventRegistry } from '../event-schemas.js';
import { figuresFromFacts, reportSpan } from './report-figures.js';
import type { DatedMoneyFact } from './report-money.js';
import type { DonationTarget } from '../donation/donation.events.js';

const area = { city: '370100', district: '370102', street: '370102001', community: 'c-1' };
const delivery = (deliveryId: string, overrides: Partial<ServiceDeliveredData>): ProjectEvent => ({
  type: 'ServiceDelivered',
  data: {
    projectId: 'p-1', deliveryId, projectKind: 'social_work_station', organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: ['v-1'],
    hoursBySocialWorker: { 'sw-1': 2.5 }, hoursByVolunteer: { 'v-1': 1 }, category: 'elderly_care', serviceItem: '探访', hours: 2.5,
    beneficiaries: 10, communityId: 'c-1', area, deliveredOn: '2026-03-18', weekOf: '2026-03-16', ...overrides,
  },
});
const rated = (ratingId: string, rating: 'good' | 'bad', ratedAt: string): ProjectEvent => ({
  type: 'ServiceRated',
  data: { projectId: 'p-1', ratingId, deliveryId: null, organisationId: 'org-a', rating, score: rating === 'good' ? 5 : 1, comment: null, area, ratedAt, residentRater: null },
});
const value = (figures: ReturnType<typeof figuresFromFacts>, key: string) => figures.find((figure) => figure.key === key)?.value;

describe('report figures from the facts (减负)', () => {
  const march = reportSpan({ signedAt: '2026-02-15T02:00:00.000Z', endsAt: '2027-02-15T02:00:00.000Z', termMonths: 12 }, 'monthly_brief', '2026-03');
  const events = [
    delivery('d-1', {}),
    delivery('d-2', { category: 'child_welfare', communityId: 'c-2', hoursBySocialWorker: { 'sw-1': 1, 'sw-2': 3 }, hours: 3, beneficiaries: 4, deliveredOn: '2026-03-24', weekOf: '2026-03-23' }),
    // 1 April in Beijing is still 31 March in UTC: it belongs to April's brief.
    delivery('d-3', { deliveredOn: '2026-04-01', weekOf: '2026-03-30' }),
    rated('r-1', 'good', '2026-03-20T01:00:00.000Z'),
    rated('r-2', 'bad', '2026-03-31T17:00:00.000Z'),
  ];

  it('spans the Beijing month of a monthly brief and the halves of the term', () => {
    expect(march).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    const contract = { signedAt: '2026-02-15T02:00:00.000Z', endsAt: '2027-02-15T02:00:00.000Z', termMonths: 12 };
    expect(reportSpan(contract, 'mid_term', null)).toEqual({ from: '2026-02-15', to: '2026-08-15' });
    expect(reportSpan(contract, 'final', null)).toEqual({ from: '2026-02-15', to: '2027-02-15' });
  });

  it('counts deliveries by kind and community, hours by staff and week, beneficiaries and ratings in the span', () => {
    const figures = figuresFromFacts(events, march);
    expect(value(figures, 'deliveries.total')).toBe(2);
    expect(value(figures, 'deliveries.category.elderly_care')).toBe(1);
    expect(value(figures, 'deliveries.category.child_welfare')).toBe(1);
    expect(value(figures, 'deliveries.community.c-2')).toBe(1);
    expect(value(figures, 'hours.delivered')).toBe(5.5);
    expect(value(figures, 'hours.social_workers')).toBe(6.5);
    expect(value(figures, 'hours.staff.sw-1')).toBe(3.5);
    expect(value(figures, 'hours.staff.sw-1.week.2026-03-23')).toBe(1);
    expect(value(figures, 'hours.volunteers')).toBe(2);
    expect(value(figures, 'beneficiaries.total')).toBe(14);
    expect(value(figures, 'ratings.good')).toBe(1);
    // 17:00 UTC on 31 March is 1 April in Beijing.
    expect(value(figures, 'ratings.bad')).toBe(0);
  });

  it('drafts every total at zero for a month with no facts, in the same order every time', () => {
    const empty = figuresFromFacts([], { from: '2026-05-01', to: '2026-05-31' });
    expect(empty.map((figure) => [figure.key, figure.value])).toEqual([
      ['deliveries.total', 0], ['hours.delivered', 0], ['hours.social_workers', 0], ['hours.volunteers', 0],
      ['beneficiaries.total', 0], ['ratings.good', 0], ['ratings.bad', 0], ['money.contract_price', 0],
      ['money.donations.matched', 0], ['money.donations.released', 0], ['money.donations.matched_to_date', 0],
      ['money.pool.matched', 0], ['money.pool.reversed', 0], ['money.pool.matched_to_date', 0], ['money.spent', 0], ['money.spent_to_date', 0],
    ]);
    expect(figuresFromFacts(events, march)).toEqual(figuresFromFacts([...events], march));
  });

  it('counts money matched, released, matched by pools and disbursed to the project: in the span, and standing at its end', () => {
    const target: DonationTarget = { kind: 'project', projectId: 'p-1', categories: ['elderly_care'], area };
    const elsewhere = { ...target, projectId: 'p-2' };
    const matched = (matchId: string, amountFen: number, resource: 'money' | 'goods' = 'money', to = target): DatedMoneyFact['event'] => ({
      type: 'DonationMatched', data: { donationId: 'd-1', matchId, target: to, amountFen, resource, donorKind: 'enterprise', automatic: false, balanceFen: 0 },
    });
    const pool = (type: 'GiftMatched' | 'GiftMatchReversed', matchId: string, matchFen: number): DatedMoneyFact['event'] =>
      type === 'GiftMatched'
        ? { type, data: { poolId: 'pool-1', donationId: 'd-1', matchId, donorAccount: 'a', donorKind: 'enterprise', target, giftFen: matchFen, givenAt: '2026-02-01T00:00:00.000Z', ratioFen: matchFen, matchFen, limitedBy: null, balanceFen: 0, donorMatchedFen: 0, targetMatchedFen: 0 } }
        : { type, data: { poolId: 'pool-1', donationId: 'd-1', matchId, donorAccount: 'a', target, matchFen, balanceFen: 0, donorMatchedFen: 0, targetMatchedFen: 0, reason: '撤回' } };
    const facts: DatedMoneyFact[] = [
      { on: '2026-02-20', event: matched('feb', 50_000) },
      { on: '2026-02-20', event: pool('GiftMatched', 'feb', 50_000) },
      { on: '2026-03-05', event: matched('mar', 20_000) },
      { on: '2026-03-05', event: pool('GiftMatched', 'mar', 20_000) },
      { on: '2026-03-06', event: matched('goods', 9_000, 'goods') },
      { on: '2026-03-06', event: matched('other-project', 7_000, 'money', elsewhere) },
      { on: '2026-03-10', event: { type: 'DonationDisbursed', data: { donationId: 'd-1', matchId: 'feb', target, resource: 'money', amountFen: 30_000, disbursedFen: 30_000 } } },
      { on: '2026-03-20', event: { type: 'DonationMatchReleased', data: { donationId: 'd-1', matchId: 'mar', target, amountFen: 20_000, balanceFen: 0, reason: '改投' } } },
      { on: '2026-03-20', event: pool('GiftMatchReversed', 'mar', 20_000) },
      { on: '2026-03-21', event: { type: 'DonationMatchReleased', data: { donationId: 'd-1', matchId: 'goods', target, amountFen: 9_000, balanceFen: 0, reason: '改投' } } },
      // After March: in no figure of March's brief.
      { on: '2026-04-01', event: { type: 'DonationDisbursed', data: { donationId: 'd-1', matchId: 'feb', target, resource: 'money', amountFen: 5_000, disbursedFen: 35_000 } } },
    ];
    const figures = figuresFromFacts([], march, { projectId: 'p-1', facts });
    expect(Object.fromEntries(figures.filter((figure) => figure.key.startsWith('money.') && figure.key !== 'money.contract_price').map((figure) => [figure.key, figure.value]))).toEqual({
      'money.donations.matched': 20_000,
      'money.donations.released': 20_000,
      'money.donations.matched_to_date': 50_000,
      'money.pool.matched': 20_000,
      'money.pool.reversed': 20_000,
      'money.pool.matched_to_date': 50_000,
      'money.spent': 30_000,
      'money.spent_to_date': 30_000,
    });
    expect(figures.every((figure) => figure.key.startsWith('money.') ? figure.unit === 'fen' : true)).toBe(true);
  });

  it('reads a v1 ReportFiled, filed before figures were kept, with none', () => {
    const v1 = { projectId: 'p-1', reportId: 'r-1', organisationId: 'org-a', kind: 'final', period: 'whole term', summary: '终期', filedAt: '2026-03-01T02:00:00.000Z' };
    expect(domainEventRegistry.upcast({ type: 'ReportFiled', schemaVersion: 1, data: v1 })).toEqual({ type: 'ReportFiled', data: { ...v1, figures: [] } });
  });
});
