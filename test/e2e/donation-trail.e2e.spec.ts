import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaDateOf, donationDecider, type DonationRecord } from '#domain';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

interface Trail {
  donationId: string;
  matches: { matchId: string; target: { kind: string; id: string; title: string }; matchedFen: number; releasedFen: number; allocatedFen: number; disbursedFen: number; outcome: Record<string, unknown> }[];
  steps: { type: string; summary: string; amountFen: number | null; occurredAtBeijing: string }[];
  totals: Record<string, number | null>;
  receipt: { number: string; amountFen: number; voided: boolean } | null;
}

describe("a gift's trail over HTTP (issue 12 item 4)", () => {
  let app: TestApp;
  let flow: WholeFlow;
  const donor = actor('donor', 'trail-donor');
  const charity = actor('charity_base', 'trail-charity', { city: 'xiamen', district: 'siming' });
  const post = async (path: string, body: object, headers: Record<string, string>) => {
    const answer = await app.http().post(path).set(headers).send(body);
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as { id: string; position: number };
  };
  const trailOf = async (donationId: string, headers: Record<string, string> = donor) => (await app.http().get(`/donations/${donationId}/trail`).set(headers).expect(200)).body as Trail;

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'trail');
    const donation = `/donations/${flow.ids.donation}`;
    // After the flow's pledge (6,000 yuan) and its two matches (2,000 to the need, 3,000 to the project):
    await post(`${donation}/disburse`, { matchId: 'trail-project-match', amountFen: 120_000 }, donor);
    await post(`${donation}/release-match`, { matchId: 'trail-need-match', reason: '需求已由项目覆盖' }, donor);
    await post(`${donation}/refund`, { amountFen: 50_000, reason: '捐赠人部分撤回' }, donor);
    await post(`${donation}/receipt`, { receiptNumber: 'XM-2026-0001' }, charity);
    await post(`${donation}/refund`, { amountFen: 30_000, reason: '再次撤回' }, donor);
    // A service after the gift reached the project: the trail counts it as delivered since the match.
    await post(`/projects/${flow.ids.project}/deliveries`, {
      deliveryId: 'trail-delivery-3', deliveredBy: { organisationId: flow.ids.agency, socialWorkerIds: [flow.ids.socialWorkers[2]], volunteerIds: [] },
      category: 'elderly_care', serviceItem: { name: '老年人关爱服务' }, hours: 3, beneficiaries: 7, communityId: flow.ids.community, deliveredOn: chinaDateOf(new Date()),
    }, actor('social_worker', 'trail-social-worker', { city: 'xiamen' }, flow.ids.agency));
  });
  afterAll(async () => {
    await app.close();
  });

  it('follows the gift from pledge to match (titled), disbursement, services, receipt, releases and refunds', async () => {
    const trail = await trailOf(flow.ids.donation);
    expect(trail.steps.map((step) => step.type)).toEqual([
      'DonationPledged', 'DonationMatched', 'DonationMatched', 'DonationDisbursed', 'DonationMatchReleased', 'DonationRefunded',
      'DonationReceipted', 'DonationRefunded', 'DonationReceiptCorrected',
    ]);
    expect(trail.steps[3]!.summary).toBe(`向项目 ${flow.ids.project}拨付 1,200.00 元（该对接累计拨付 1,200.00 元）`);
    const [needMatch, projectMatch] = trail.matches;
    expect(needMatch).toMatchObject({
      target: { kind: 'need', id: flow.ids.need, title: '独居老人助餐' }, matchedFen: 200_000, releasedFen: 200_000, allocatedFen: 0, disbursedFen: 0,
      outcome: { kind: 'need', status: 'covered', beneficiaries: 1 },
    });
    expect(projectMatch).toMatchObject({
      target: { kind: 'project', id: flow.ids.project, title: '中华街道社会工作服务站' }, matchedFen: 300_000, releasedFen: 0, allocatedFen: 300_000, disbursedFen: 120_000,
      outcome: {
        kind: 'project', status: 'contracted', contractor: '思明区鹭岛社会工作服务中心',
        delivered: { deliveries: 3, hours: 13, beneficiaries: 22 },
        deliveredSinceMatched: { deliveries: 1, hours: 3, beneficiaries: 7 },
      },
    });
    expect(trail.receipt).toEqual({ number: 'XM-2026-0001', amountFen: 520_000, voided: false });
    expect(trail.totals).toEqual({
      pledgedFen: 600_000, allocatedFen: 300_000, disbursedFen: 120_000, undisbursedFen: 180_000, releasedFen: 200_000,
      refundedFen: 80_000, unallocatedFen: 220_000, receiptedFen: 520_000,
    });
  });

  it("adds up, and agrees with a replay of the donation's stream through its decider", async () => {
    const { totals, matches } = await trailOf(flow.ids.donation);
    expect(totals.pledgedFen).toBe(totals.allocatedFen! + totals.unallocatedFen! + totals.refundedFen!);
    const { state } = await app.service.infrastructure.aggregates.load(donationDecider, flow.ids.donation);
    const replay = state as DonationRecord;
    const running = Object.values(replay.matches).filter((match) => !match.released);
    expect({
      pledgedFen: totals.pledgedFen, unallocatedFen: totals.unallocatedFen, refundedFen: totals.refundedFen, receiptedFen: totals.receiptedFen,
      allocatedFen: totals.allocatedFen, disbursedFen: totals.disbursedFen,
    }).toEqual({
      pledgedFen: replay.amountFen, unallocatedFen: replay.balanceFen, refundedFen: replay.refundedFen, receiptedFen: replay.receiptedFen,
      allocatedFen: running.reduce((sum, match) => sum + match.amountFen, 0),
      disbursedFen: Object.values(replay.matches).reduce((sum, match) => sum + match.disbursedFen, 0),
    });
    for (const match of matches) expect({ id: match.matchId, disbursed: match.disbursedFen }).toEqual({ id: match.matchId, disbursed: replay.matches[match.matchId]!.disbursedFen });
  });

  it('is seen by the donor, and by the charity base, office and auditors of its area only', async () => {
    await trailOf(flow.ids.donation, charity);
    await trailOf(flow.ids.donation, actor('auditor', 'trail-auditor', { city: 'xiamen', district: 'siming' }));
    await trailOf(flow.ids.donation, actor('civil_affairs_bureau', 'trail-bureau', { city: 'xiamen' }));
    const refusals: [Record<string, string>, number, string][] = [
      [actor('donor', 'another-donor'), 403, 'NOT_YOUR_RECORD'],
      [actor('resident', 'a-resident'), 403, 'NOT_YOUR_RECORD'],
      [actor('community_committee', 'trail-committee'), 403, 'ROLE_NOT_PERMITTED'],
      [actor('social_organisation', 'trail-agency', { city: 'xiamen' }, flow.ids.agency), 403, 'ROLE_NOT_PERMITTED'],
      [actor('charity_base', 'huli-charity', { city: 'xiamen', district: 'huli' }), 404, 'DONATION_NOT_FOUND'],
      [actor('auditor', 'huli-auditor', { city: 'xiamen', district: 'huli' }), 404, 'DONATION_NOT_FOUND'],
    ];
    for (const [headers, status, code] of refusals) {
      const answer = await app.http().get(`/donations/${flow.ids.donation}/trail`).set(headers).expect(status);
      expect(answer.body.code).toBe(code);
    }
    expect((await app.http().get('/donations/ghost/trail').set(charity).expect(404)).body.code).toBe('DONATION_NOT_FOUND');
    // A role that may never follow a gift learns nothing, not even whether it exists.
    expect((await app.http().get('/donations/ghost/trail').set(actor('volunteer', 'v')).expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
    expect((await app.anonymous().get(`/donations/${flow.ids.donation}/trail`).expect(401)).body.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it("gives a donor all its own gifts and their sums, and nobody else's", async () => {
    const second = await post('/donations', { donor: { kind: 'enterprise', displayName: '厦门鹭岛科技有限公司' }, resource: 'goods', amountFen: 45_000, description: '米面油', communityId: flow.ids.community }, donor);
    const mine = (await app.http().get(`/donors/me/trail?minPosition=${second.position}`).set(donor).expect(200)).body as { donor: string; gifts: Trail[]; totals: Record<string, number> };
    expect(mine.donor).toBe('trail-donor');
    expect(mine.gifts.map((gift) => gift.donationId)).toEqual([flow.ids.donation, second.id]);
    expect(mine.totals).toMatchObject({ pledgedFen: 645_000, allocatedFen: 300_000, unallocatedFen: 265_000, refundedFen: 80_000, disbursedFen: 120_000 });

    const other = (await app.http().get(`/donors/me/trail?minPosition=${second.position}`).set(actor('donor', 'another-donor')).expect(200)).body;
    expect(other).toMatchObject({ donor: 'another-donor', gifts: [], totals: { pledgedFen: 0 } });
    expect((await app.http().get('/donors/me/trail').set(actor('community_committee', 'c')).expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
  });
});
