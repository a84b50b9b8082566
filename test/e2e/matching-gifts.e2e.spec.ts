import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chinaDateTimeOf } from '#domain';
import { storeVariants } from '../support/store-variants.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 配捐 over HTTP (issue 13 item 2): an enterprise pledges a 1:2 pool; a resident splits its giving into
 * several gifts and is capped as one donor; the sponsor's own gift is not matched; releasing a gift
 * gives its match back to the pool. Every gift reaches the pool through the matching-gifts policy.
 */
describe.each(storeVariants('matching-gifts'))('matching gifts (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const communityId = 'gifts-e2e';
  const area = { city: 'xiamen', district: 'huli', street: 'jiangtou' };
  const committee = actor('community_committee', 'committee-gifts', { city: 'xiamen', district: 'huli', street: 'jiangtou', community: communityId });
  const sponsor = actor('donor', 'xm-tech-gifts');
  const resident = actor('resident', 'resident-gifts');
  const beijingMinute = (offsetMs: number) => chinaDateTimeOf(new Date(Date.now() + offsetMs)).slice(0, 16);
  const pool = (overrides: Record<string, unknown> = {}) => ({
    sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' },
    pledgedFen: 10_000,
    ratio: { gift: 1, match: 2 },
    perDonorCapFen: 3_000,
    perTargetCapFen: 5_000,
    opensAt: beijingMinute(-3_600_000),
    closesAt: beijingMinute(86_400_000),
    area: { city: 'xiamen', district: 'huli' },
    ...overrides,
  });
  const listNeed = async (title: string): Promise<string> => {
    const response = await app.http().post('/needs').set(committee).send({
      communityId, category: 'elderly_care', title, description: '助餐', urgency: 'high', source: 'visit', beneficiaries: 1, requiredSkills: [], amountFen: 100_000,
    });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const pledgeDonation = async (who: Record<string, string>, kind: string, displayName?: string): Promise<string> => {
    const response = await app.http().post('/donations').set(who).send({ donor: { kind, ...(displayName ? { displayName } : {}) }, resource: 'money', amountFen: 100_000, communityId });
    expect(response.status).toBe(201);
    return response.body.id as string;
  };
  const give = async (who: Record<string, string>, donationId: string, matchId: string, needId: string, amountFen: number) => {
    const response = await app.http().post(`/donations/${donationId}/match`).set(who).send({ matchId, target: { kind: 'need', id: needId }, amountFen });
    expect(response.status).toBe(200);
    return response.body.position as number;
  };

  beforeAll(async () => {
    app = await startTestApp(env());
    await app.http().post('/communities').set(actor('civil_affairs_bureau')).send({ communityId, name: '江头社区', area, kind: 'urban', residents: 9000, households: 3000 }).expect(201);
  });
  afterAll(async () => {
    await app?.close();
    await cleanUp();
  });

  it('only a donor pledges a pool, in its own area, with a whole ratio and a Beijing window', async () => {
    const asResident = await app.http().post('/matching-pools').set(resident).send(pool());
    expect({ status: asResident.status, code: asResident.body.code }).toEqual({ status: 403, code: 'ROLE_NOT_PERMITTED' });
    const elsewhere = await app.http().post('/matching-pools').set(actor('donor', 'qz-tech', { city: 'quanzhou' })).send(pool());
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 403, code: 'OUTSIDE_YOUR_AREA' });
    const closed = await app.http().post('/matching-pools').set(sponsor).send(pool({ opensAt: '2025-09-07T00:00', closesAt: '2025-09-10T00:00' }));
    expect({ status: closed.status, code: closed.body.code }).toEqual({ status: 400, code: 'POOL_WINDOW_PAST' });
    const badRatio = await app.http().post('/matching-pools').set(sponsor).send(pool({ ratio: { gift: 1, match: 0 } }));
    expect(badRatio.status).toBe(400);
    const list = await app.http().get('/matching-pools').set(sponsor).expect(200);
    expect(list.body).toEqual([]);
  });

  it('matches split gifts up to the donor cap, never the sponsor itself, and gives a released gift back', async () => {
    const [needA, needB] = [await listNeed('助餐 A'), await listNeed('助餐 B')];
    const pledged = await app.http().post('/matching-pools').set(sponsor).send(pool());
    expect(pledged.status).toBe(201);
    const poolId = pledged.body.id as string;

    const mine = await pledgeDonation(resident, 'resident');
    const own = await pledgeDonation(sponsor, 'enterprise', '厦门某科技有限公司');
    await give(resident, mine, 'gift-1', needA, 500); // 1:2 -> 1,000
    await give(resident, mine, 'gift-2', needA, 500); // -> 1,000
    await give(resident, mine, 'gift-3', needB, 1_000); // 2,000 by the ratio, 1,000 left of the donor's 3,000
    await give(resident, mine, 'gift-4', needB, 100); // the donor is at its cap
    const last = await give(sponsor, own, 'own-gift', needA, 1_000); // the sponsor's own gift

    const view = await app.http().get(`/matching-pools/${poolId}`).query({ minPosition: last }).set(sponsor).expect(200);
    expect(view.body).toMatchObject({
      pledgedFen: 10_000,
      matchedFen: 3_000,
      balanceFen: 7_000,
      window: 'open',
      donors: 1,
      donorsAtCap: 1,
      gifts: { matched: 3, unmatched: 2, reversed: 0, unmatchedByReason: { donor_cap_reached: 1, pool_owner_gift: 1 } },
    });
    expect(view.body.targets).toEqual(
      expect.arrayContaining([
        { kind: 'need', id: needA, matchedFen: 2_000, atCap: false },
        { kind: 'need', id: needB, matchedFen: 1_000, atCap: false },
      ]),
    );
    const facts = (await app.service.infrastructure.eventStore.readStream(`matchingpool-${poolId}`)).map((event) => event.type);
    expect(facts).toEqual(['MatchingPoolPledged', 'GiftMatched', 'GiftMatched', 'GiftMatched', 'GiftLeftUnmatched', 'GiftLeftUnmatched']);

    // The donor takes its first gift back: the pool's balance and the donor's and the need's usage come back, as a fact.
    const released = await app.http().post(`/donations/${mine}/release-match`).set(resident).send({ matchId: 'gift-1', reason: '捐赠人改变主意' });
    expect(released.status).toBe(200);
    const after = await app.http().get(`/matching-pools/${poolId}`).query({ minPosition: released.body.position }).set(sponsor).expect(200);
    expect(after.body).toMatchObject({ matchedFen: 2_000, balanceFen: 8_000, donorsAtCap: 0, gifts: { matched: 2, reversed: 1 } });

    // The needs list counts the pools' money in each need's funding (配捐), and gives it back with a reversed gift.
    const poolHead = (await app.service.infrastructure.eventStore.readStream(`matchingpool-${poolId}`)).at(-1)!;
    expect(poolHead.type).toBe('GiftMatchReversed');
    const needs = await app.http().get('/needs').query({ minPosition: poolHead.position, limit: 100 }).set(committee).expect(200);
    const funding = (needId: string) => {
      const need = (needs.body.items as { needId: string; matchedAmountFen: number; poolMatchedFen: number; fundedFen: number }[]).find((item) => item.needId === needId)!;
      return { poolMatchedFen: need.poolMatchedFen, fundedFen: need.fundedFen - need.matchedAmountFen };
    };
    expect([funding(needA), funding(needB)]).toEqual([{ poolMatchedFen: 1_000, fundedFen: 1_000 }, { poolMatchedFen: 1_000, fundedFen: 1_000 }]);

    // The gift's trail and the pool's history say what happened.
    const trail = await app.http().get(`/donations/${mine}/trail`).query({ minPosition: released.body.position }).set(resident).expect(200);
    expect(trail.body.poolMatches.map((match: { matchId: string; outcome: string; matchFen: number; limitedBy: string | null; reason: string | null }) => [match.matchId, match.outcome, match.matchFen, match.limitedBy, match.reason])).toEqual([
      ['gift-1', 'reversed', 1_000, null, null],
      ['gift-2', 'matched', 1_000, null, null],
      ['gift-3', 'matched', 1_000, 'donor_cap', null],
      ['gift-4', 'unmatched', 0, null, 'donor_cap_reached'],
    ]);
    const history = await app.http().get(`/matching-pools/${poolId}/history`).set(actor('civil_affairs_bureau')).expect(200);
    const summaries = (history.body.entries as { summary: string }[]).map((entry) => entry.summary);
    expect(summaries[0]).toContain('设立配捐池');
    expect(summaries.some((summary) => summary.includes('配捐方自己的捐赠不配捐'))).toBe(true);
    expect(summaries.at(-1)).toContain('撤回对捐赠');
    // The sponsor's account is the pool owner: a resident reading the history does not see it.
    const asResident = await app.http().get(`/matching-pools/${poolId}/history`).set(resident).expect(200);
    expect(JSON.stringify(asResident.body)).not.toContain('xm-tech-gifts');
    // Counts, never who: a reader of the area other than the sponsor, the bureau and auditors reads the notice board's form,
    // without donations, donor kinds, gift amounts, per-donor totals, the sponsor's own gift, correlation ids or accounts.
    for (const reader of [resident, committee, actor('charity_base', 'pool-base', { city: 'xiamen' })]) {
      const body = (await app.http().get(`/matching-pools/${poolId}/history`).set(reader).expect(200)).body as { view: string; entries: { type: string; data: object; correlationId: string | null; actor: { id: string | null } }[] };
      expect(body.view).toBe('public');
      const text = JSON.stringify(body);
      for (const hidden of [mine, own, 'donorMatchedFen', 'donorKind', 'giftFen', 'pool_owner_gift', '配捐方自己', '5.00 元']) expect({ hidden, found: text.includes(hidden) }).toEqual({ hidden, found: false });
      for (const entry of body.entries) expect(entry).toMatchObject({ data: {}, correlationId: null, actor: { id: null } });
      expect(body.entries.filter((entry) => entry.type === 'GiftMatched')).toHaveLength(3);
    }
    for (const reader of [sponsor, actor('auditor', 'pool-auditor', { city: 'xiamen' }), actor('civil_affairs_bureau')]) {
      const body = (await app.http().get(`/matching-pools/${poolId}/history`).set(reader).expect(200)).body as { view: string; entries: { data: { donationId?: string } }[] };
      expect({ view: body.view, donations: body.entries.some((entry) => entry.data.donationId === mine) }).toEqual({ view: 'full', donations: true });
    }

    const list = await app.http().get('/matching-pools').query({ minPosition: released.body.position }).set(committee).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ poolId, balanceFen: 8_000, matchedFen: 2_000, gifts: { matched: 2, unmatched: 2, reversed: 1 } })]);
    // Outside the pool's area, it is not there.
    await app.http().get(`/matching-pools/${poolId}`).set(actor('donor', 'qz-tech', { city: 'quanzhou' })).expect(404);
  });

  it('the sponsor alone tops its pool up and closes it early; a gift after the close is not matched; refusals store nothing', async () => {
    const need = await listNeed('助餐 C');
    const poolId = (await app.http().post('/matching-pools').set(sponsor).send(pool()).expect(201)).body.id as string;
    const facts = async () => (await app.service.infrastructure.eventStore.readStream(`matchingpool-${poolId}`)).map((event) => event.type);
    const topUp = (who: Record<string, string>, body: object) => app.http().post(`/matching-pools/${poolId}/top-up`).set(who).send(body);
    const close = (who: Record<string, string>) => app.http().post(`/matching-pools/${poolId}/close`).set(who).send();

    const refusals = [
      [await topUp(resident, { amountFen: 5_000 }), 403, 'ROLE_NOT_PERMITTED'],
      [await topUp(actor('donor', 'another-sponsor'), { amountFen: 5_000 }), 403, 'NOT_YOUR_RECORD'],
      [await topUp(sponsor, { amountFen: 0 }), 400, 'VALIDATION_FAILED'],
      [await close(actor('donor', 'another-sponsor')), 403, 'NOT_YOUR_RECORD'],
      [await app.http().post('/matching-pools/no-such-pool/close').set(sponsor).send(), 404, 'MATCHING_POOL_NOT_FOUND'],
    ] as const;
    expect(refusals.map(([response]) => [response.status, response.body.code])).toEqual(refusals.map(([, status, code]) => [status, code]));
    expect(await facts()).toEqual(['MatchingPoolPledged']);

    const raised = await topUp(sponsor, { amountFen: 5_000 }).expect(200);
    expect(raised.body.events.map((event: { type: string }) => event.type)).toEqual(['MatchingPoolToppedUp']);
    const closed = await close(sponsor).expect(200);
    const view = await app.http().get(`/matching-pools/${poolId}`).query({ minPosition: closed.body.position }).set(sponsor).expect(200);
    expect(view.body).toMatchObject({ pledgedFen: 15_000, balanceFen: 15_000, window: 'closed', closedAt: expect.any(String) });
    const listed = await app.http().get('/matching-pools').query({ minPosition: closed.body.position }).set(sponsor).expect(200);
    expect(listed.body.find((item: { poolId: string }) => item.poolId === poolId)).toMatchObject({ pledgedFen: 15_000, balanceFen: 15_000, closedAt: view.body.closedAt });

    expect([(await close(sponsor)).body.code, (await topUp(sponsor, { amountFen: 1 })).body.code]).toEqual(['POOL_ALREADY_CLOSED', 'POOL_CLOSED']);
    // A gift after the close draws nothing: the pool hears of it and leaves it unmatched, outside its window.
    const giver = await pledgeDonation(resident, 'resident');
    await give(resident, giver, 'after-close', need, 1_000);
    for (let tries = 0; tries < 100 && (await facts()).length < 4; tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await facts()).toEqual(['MatchingPoolPledged', 'MatchingPoolToppedUp', 'MatchingPoolClosed', 'GiftLeftUnmatched']);
    const history = await app.http().get(`/matching-pools/${poolId}/history`).set(actor('civil_affairs_bureau')).expect(200);
    const summaries = (history.body.entries as { summary: string }[]).map((entry) => entry.summary).join('\n');
    expect(summaries).toContain('追加配捐 50.00 元');
    expect(summaries).toContain('提前关闭配捐池');
  });
});
