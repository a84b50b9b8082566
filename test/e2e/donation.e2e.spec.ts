import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { communityDecider, needDecider, projectDecider, toCommunityFacts, type DonationPledgedData, type ServiceCategory } from '#domain';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

describe('donations over HTTP', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau');
  const charity = actor('charity_base');
  const enterpriseMoney = {
    donor: { kind: 'enterprise', displayName: '厦门海湾科技有限公司' },
    resource: 'money',
    amountFen: 100_000,
    communityId: 'huli',
  };
  const post = (path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = charity) =>
    app.http().post(path).set(headers).send(body);
  const streamOf = (donationId: string) => app.service.infrastructure.eventStore.readStream(`donation-${donationId}`);
  const typesOf = async (donationId: string) => (await streamOf(donationId)).map((event) => event.type);
  const detailOf = async (donationId: string, position: number) =>
    (await app.http().get(`/donations/${donationId}?minPosition=${position}`).expect(200)).body;
  const pledge = async (body: Record<string, unknown> = enterpriseMoney) => (await post('/donations', body).expect(201)).body as { id: string; position: number };
  const match = (donationId: string, body: Record<string, unknown>, headers: Record<string, string> = charity) =>
    app.http().post(`/donations/${donationId}/match`).set(headers).send(body);
  const seedEnvelope = () => ({ correlationId: randomUUID(), causationId: null, actor: { id: 'committee', role: 'community_committee' } });
  /** Needs and projects live in their own features; here they only have to exist in their streams. */
  const listNeed = async (needId: string, communityId: string, category: ServiceCategory) => {
    const { state } = await app.service.infrastructure.aggregates.load(communityDecider, communityId);
    await app.service.infrastructure.aggregates.handle(
      needDecider,
      needId,
      {
        type: 'ListNeed',
        data: {
          needId, community: toCommunityFacts(state), category, title: '助餐', description: '', urgency: 'medium',
          beneficiaryRef: `person-${needId}`, beneficiaries: 2, requiredSkills: [], amountFen: 50_000, source: 'visit',
        },
      },
      seedEnvelope(),
    );
  };
  const designProject = (projectId: string, categories: ServiceCategory[]) =>
    app.service.infrastructure.aggregates.handle(
      projectDecider,
      projectId,
      {
        type: 'DesignProject',
        data: {
          projectId, title: '湖里儿童之家', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
          kind: 'service_project', categories, needIds: [], budgetFen: 2_000_000, period: { start: '2027-01-01' }, requirements: '',
          serviceItems: [{ name: '课后托管', category: categories[0]! }],
        },
      },
      seedEnvelope(),
    );

  beforeAll(async () => {
    app = await startTestApp();
    const community = (communityId: string, district: string) => ({
      communityId, name: communityId, area: { city: 'xiamen', district, street: `${communityId}-street` }, kind: 'urban', residents: 5000, households: 2000,
    });
    await post('/communities', community('huli', 'huli-district'), bureau).expect(201);
    await post('/communities', community('zhonghua', 'siming-district'), bureau).expect(201);
    await listNeed('need-meals-huli', 'huli', 'elderly_care');
    await listNeed('need-tutoring-huli', 'huli', 'education');
    await listNeed('need-meals-zhonghua', 'zhonghua', 'elderly_care');
    await designProject('project-children-huli', ['child_welfare', 'education']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('pledges money and shows it with its unallocated balance on the resources list', async () => {
    const created = await pledge();
    expect(created).toMatchObject({ streamId: `donation-${created.id}`, revision: 0 });
    expect(await detailOf(created.id, created.position)).toMatchObject({
      donationId: created.id,
      donor: { kind: 'enterprise', name: '厦门海湾科技有限公司', personalDataErased: false },
      resource: 'money',
      area: { district: 'huli-district', community: 'huli' },
      pledgedFen: 100_000,
      balanceFen: 100_000,
      earmark: null,
      status: 'open',
      receiptNumber: null,
      matches: [],
    });
    const withBalance = await app.http().get(`/donations?withBalance=true&community=huli&minPosition=${created.position}`).expect(200);
    expect(withBalance.body.items.map((item: { donationId: string }) => item.donationId)).toContain(created.id);
  });

  it('matches to a need with the category and area read from the need, and never beyond the balance (rule 12)', async () => {
    const { id } = await pledge();
    const matched = await match(id, { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 60_000 }).expect(200);
    expect(matched.body.events.map((event: { type: string }) => event.type)).toEqual(['DonationMatched']);
    const stored = (await streamOf(id)).at(-1)!.data as { matchId: string; target: unknown; balanceFen: number };
    expect(stored).toMatchObject({
      matchId: matched.body.matchId,
      target: { kind: 'need', needId: 'need-meals-huli', category: 'elderly_care', area: { district: 'huli-district', community: 'huli' } },
      balanceFen: 40_000,
    });
    const detail = await detailOf(id, matched.body.position);
    expect(detail).toMatchObject({ matchedFen: 60_000, balanceFen: 40_000, matches: [{ matchId: matched.body.matchId, target: { kind: 'need', id: 'need-meals-huli' }, category: 'elderly_care', amountFen: 60_000 }] });

    const exceeded = await match(id, { target: { kind: 'need', id: 'need-tutoring-huli' }, amountFen: 50_000 }).expect(422);
    expect(exceeded.body).toMatchObject({ code: 'DONATION_BALANCE_EXCEEDED', details: { rule: 12, balanceFen: 40_000, requestedFen: 50_000 } });
    expect(await typesOf(id)).toEqual(['DonationPledged', 'DonationMatched']);
    const probe = await post('/communities/huli/population', { residents: 5001, households: 2000 }, bureau).expect(200);
    expect(await detailOf(id, probe.body.position)).toMatchObject({ balanceFen: 40_000, matchedFen: 60_000 });
    expect((await detailOf(id, probe.body.position)).matches).toHaveLength(1);
  });

  it('sends an earmarked donation only to its category and area (rule 12), storing nothing otherwise', async () => {
    const { id } = await pledge({ ...enterpriseMoney, earmark: { category: 'elderly_care', district: 'huli-district' } });
    const otherCategory = await match(id, { target: { kind: 'need', id: 'need-tutoring-huli' }, amountFen: 10_000 }).expect(422);
    expect(otherCategory.body).toMatchObject({ code: 'EARMARK_MISMATCH', details: { rule: 12, targetCategories: ['education'] } });
    const otherDistrict = await match(id, { target: { kind: 'need', id: 'need-meals-zhonghua' }, amountFen: 10_000 }).expect(422);
    expect(otherDistrict.body).toMatchObject({ code: 'EARMARK_MISMATCH', details: { targetArea: { district: 'siming-district' } } });
    const project = await match(id, { target: { kind: 'project', id: 'project-children-huli' }, amountFen: 10_000 }).expect(422);
    expect(project.body.code).toBe('EARMARK_MISMATCH');
    expect(await typesOf(id)).toEqual(['DonationPledged']);

    const allowed = await match(id, { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 10_000 }).expect(200);
    expect(await detailOf(id, allowed.body.position)).toMatchObject({
      earmark: { category: 'elderly_care', district: 'huli-district', street: null, community: null },
      balanceFen: 90_000,
    });
  });

  it('matches to a project by its categories, and answers 404 for a need or project that does not exist', async () => {
    const { id } = await pledge({ ...enterpriseMoney, earmark: { category: 'education' } });
    const matched = await match(id, { matchId: 'children-home-2027', target: { kind: 'project', id: 'project-children-huli' }, amountFen: 30_000 }).expect(200);
    expect(matched.body.matchId).toBe('children-home-2027');
    expect((await streamOf(id)).at(-1)!.data).toMatchObject({ target: { kind: 'project', projectId: 'project-children-huli', categories: ['child_welfare', 'education'] } });
    const byTarget = await app.http().get(`/donations/${id}?minPosition=${matched.body.position}`).expect(200);
    expect(byTarget.body.matches[0]).toMatchObject({ target: { kind: 'project', id: 'project-children-huli' } });

    const unknownNeed = await match(id, { target: { kind: 'need', id: 'need-ghost' }, amountFen: 1 }).expect(404);
    expect(unknownNeed.body.code).toBe('NEED_NOT_FOUND');
    const unknownProject = await match(id, { target: { kind: 'project', id: 'project-ghost' }, amountFen: 1 }).expect(404);
    expect(unknownProject.body.code).toBe('PROJECT_NOT_FOUND');
    const unknownDonation = await match('ghost-donation', { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 1 }).expect(404);
    expect(unknownDonation.body.code).toBe('DONATION_NOT_FOUND');
  });

  it('records a retried match with the same Idempotency-Key once', async () => {
    const { id } = await pledge();
    const headers = { ...charity, 'Idempotency-Key': 'match-meals-1' };
    const body = { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 25_000 };
    const first = await match(id, body, headers).expect(200);
    const retry = await match(id, body, headers).expect(200);
    expect(retry.body).toMatchObject({ matchId: first.body.matchId, replayed: true, position: first.body.position });
    expect(await detailOf(id, retry.body.position)).toMatchObject({ balanceFen: 75_000, matchedFen: 25_000 });
  });

  it('disburses within a match, releases an undisbursed one, receipts and refunds only the unallocated balance', async () => {
    const { id } = await pledge();
    const meals = (await match(id, { matchId: 'meals', target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 40_000 }).expect(200)).body;
    await match(id, { matchId: 'tutoring', target: { kind: 'need', id: 'need-tutoring-huli' }, amountFen: 20_000 }).expect(200);

    const disbursed = await post(`/donations/${id}/disburse`, { matchId: 'meals', amountFen: 30_000 }).expect(200);
    expect(disbursed.body.events.map((event: { type: string }) => event.type)).toEqual(['DonationDisbursed']);
    const overDisbursed = await post(`/donations/${id}/disburse`, { matchId: 'meals', amountFen: 10_001 }).expect(422);
    expect(overDisbursed.body).toMatchObject({ code: 'DONATION_DISBURSEMENT_EXCEEDED', details: { rule: 12, matchedFen: 40_000, disbursedFen: 30_000 } });
    const releaseDisbursed = await post(`/donations/${id}/release-match`, { matchId: meals.matchId, reason: '需求变更' }).expect(409);
    expect(releaseDisbursed.body.code).toBe('DONATION_MATCH_ALREADY_DISBURSED');

    const released = await post(`/donations/${id}/release-match`, { matchId: 'tutoring', reason: '已由项目覆盖' }).expect(200);
    expect(await detailOf(id, released.body.position)).toMatchObject({ balanceFen: 60_000, disbursedFen: 30_000 });
    const disburseReleased = await post(`/donations/${id}/disburse`, { matchId: 'tutoring', amountFen: 1 }).expect(409);
    expect(disburseReleased.body.code).toBe('DONATION_MATCH_RELEASED');

    const receipted = await post(`/donations/${id}/receipt`, { receiptNumber: '闽财0001234' }).expect(200);
    expect(await detailOf(id, receipted.body.position)).toMatchObject({ receiptNumber: '闽财0001234' });
    const otherReceipt = await post(`/donations/${id}/receipt`, { receiptNumber: '闽财0009999' }).expect(409);
    expect(otherReceipt.body.code).toBe('DONATION_ALREADY_RECEIPTED');

    const overRefund = await post(`/donations/${id}/refund`, { amountFen: 60_001, reason: '捐赠人撤回' }).expect(422);
    expect(overRefund.body).toMatchObject({ code: 'REFUND_EXCEEDS_BALANCE', details: { rule: 12, balanceFen: 60_000 } });
    const refunded = await post(`/donations/${id}/refund`, { reason: '捐赠人撤回' }).expect(200);
    expect(await detailOf(id, refunded.body.position)).toMatchObject({ refundedFen: 60_000, balanceFen: 0, status: 'allocated' });
    const nothingLeft = await post(`/donations/${id}/refund`, { reason: '再次撤回' }).expect(409);
    expect(nothingLeft.body.code).toBe('DONATION_NOTHING_TO_REFUND');
    // The refund took back receipted money: the receipt is corrected in the same decision.
    expect(await typesOf(id)).toEqual([
      'DonationPledged', 'DonationMatched', 'DonationMatched', 'DonationDisbursed', 'DonationMatchReleased', 'DonationReceipted', 'DonationRefunded',
      'DonationReceiptCorrected',
    ]);
  });

  it('expires a donation only after its expiry date', async () => {
    const open = await pledge({ ...enterpriseMoney, expiresOn: '2099-12-31' });
    const early = await post(`/donations/${open.id}/expire`).expect(409);
    expect(early.body.code).toBe('DONATION_NOT_YET_EXPIRED');
    const noExpiry = await pledge();
    const never = await post(`/donations/${noExpiry.id}/expire`).expect(409);
    expect(never.body.code).toBe('DONATION_HAS_NO_EXPIRY');

    // A pledge made years ago whose date has passed: written as the pledge was then.
    const lapsedId = `lapsed-${randomUUID()}`;
    const pledged: DonationPledgedData = {
      donationId: lapsedId, donor: { kind: 'charity_federation', displayName: '湖里区慈善总会', donorRef: null }, resource: 'goods', amountFen: 80_000,
      description: '冬衣 200 件', earmark: null, area: { city: 'xiamen', district: 'huli-district', street: 'huli-street', community: 'huli' },
      expiresOn: '2020-12-31', autoMatch: null,
    };
    await app.service.infrastructure.eventStore.append(`donation-${lapsedId}`, [
      { eventId: randomUUID(), type: 'DonationPledged', schemaVersion: 1, data: pledged, metadata: { ...seedEnvelope(), occurredAt: '2020-11-01T02:00:00.000Z' } },
    ], 'no_stream');
    const lateMatch = await match(lapsedId, { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 1_000 }).expect(409);
    expect(lateMatch.body.code).toBe('DONATION_EXPIRED');
    const expired = await post(`/donations/${lapsedId}/expire`).expect(200);
    expect(expired.body.events.map((event: { type: string }) => event.type)).toEqual(['DonationExpired']);
    expect(await detailOf(lapsedId, expired.body.position)).toMatchObject({ status: 'expired', balanceFen: 80_000 });
    const expiredList = await app.http().get(`/donations?status=expired&resource=goods&minPosition=${expired.body.position}`).expect(200);
    expect(expiredList.body.items.map((item: { donationId: string }) => item.donationId)).toEqual([lapsedId]);
  });

  it("keeps a resident donor anonymous: identity only in the vault, and its erasure shows on the donation", async () => {
    const created = await pledge({
      donor: { kind: 'resident', person: { name: '黄阿婆', phone: '13800000004' } },
      resource: 'money',
      amountFen: 20_000,
      communityId: 'huli',
    });
    const history = await streamOf(created.id);
    const donor = (history[0]!.data as DonationPledgedData).donor;
    expect(donor).toMatchObject({ kind: 'resident', displayName: '匿名' });
    expect(donor.donorRef).toMatch(/^person-/);
    expect(JSON.stringify(history)).not.toContain('黄阿婆');
    expect(await app.service.infrastructure.vault.get(donor.donorRef!)).toMatchObject({ name: '黄阿婆' });
    expect(await detailOf(created.id, created.position)).toMatchObject({ donor: { kind: 'resident', name: '匿名', personalDataErased: false } });

    await app.http().delete(`/persons/${donor.donorRef}`).set(bureau).expect(204);
    expect(await app.service.infrastructure.vault.get(donor.donorRef!)).toBeNull();
    expect(await detailOf(created.id, created.position)).toMatchObject({ donor: { name: '匿名', personalDataErased: true }, pledgedFen: 20_000 });

    const named = await post('/donations', { ...enterpriseMoney, donor: { kind: 'resident', displayName: '黄阿婆' } }).expect(400);
    expect(named.body.code).toBe('DONOR_NAME_IS_PERSONAL_DATA');
  });

  it('refuses goods without a description, unknown fields, wrong types and requests without an actor, storing nothing', async () => {
    const before = (await app.http().get('/donations?limit=100').expect(200)).body.items.length;
    const undescribed = await post('/donations', { ...enterpriseMoney, resource: 'goods' }).expect(400);
    expect(undescribed.body.code).toBe('DONATION_DESCRIPTION_REQUIRED');
    const unknownField = await post('/donations', { ...enterpriseMoney, taxDeductible: true }).expect(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const wrongType = await post('/donations', { ...enterpriseMoney, amountFen: '100000' }).expect(400);
    expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toContain('amountFen');
    const fractionalFen = await post('/donations', { ...enterpriseMoney, amountFen: 10.5 }).expect(400);
    expect(fractionalFen.body.code).toBe('VALIDATION_FAILED');
    const automatic = await match('any', { target: { kind: 'need', id: 'need-meals-huli' }, amountFen: 1, automatic: true }).expect(400);
    expect(automatic.body.code).toBe('VALIDATION_FAILED');
    const noActor = await app.http().post('/donations').send(enterpriseMoney).expect(401);
    expect(noActor.body.code).toBe('AUTHENTICATION_REQUIRED');
    const probe = await post('/communities/huli/population', { residents: 5002, households: 2000 }, bureau).expect(200);
    expect((await app.http().get(`/donations?limit=100&minPosition=${probe.body.position}`).expect(200)).body.items).toHaveLength(before);
    const missing = await app.http().get('/donations/ghost').expect(404);
    expect(missing.body.code).toBe('DONATION_NOT_FOUND');
  });
});
