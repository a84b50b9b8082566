import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { expectEventsCarryTheirRequest, expectListsShowTheFlow, runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

/**
 * 五社联动 end to end over real HTTP on the embedded default: community registered -> need listed
 * and verified -> station designed for it -> published -> bids -> contract -> staff on post ->
 * services delivered -> donation matched to the need and the project -> the three lists.
 */
describe('the whole flow (e2e)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const events = () => app.service.infrastructure.eventStore.readAll();

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows on the three lists: the need matched and covered, the donation balance, the project with hours, funding and staff', () => {
    expectListsShowTheFlow(flow);
  });

  it('stamps every event with the correlation id (X-Correlation-Id) of the request that caused it, and its actor', async () => {
    const stored = await events();
    expectEventsCarryTheirRequest(flow, stored);
    // Follow-ups count too: the policies' cover and match, the social workers' hours reserved by staffing.
    const causedByDesign = stored.filter((event) => event.metadata.correlationId === 'flow-project-designed').map((event) => event.type);
    expect(causedByDesign).toEqual(['ProjectDesigned', 'NeedCoveredByProject']);
    const causedByStaffing = stored.filter((event) => event.metadata.correlationId === 'flow-staff-assigned-1').map((event) => event.type);
    expect(causedByStaffing).toEqual(['SocialWorkerAssigned', 'ProjectStaffAssigned']);
    // The refused bid stored nothing under its correlation id.
    expect(stored.filter((event) => event.metadata.correlationId === 'flow-league-bid-refused')).toEqual([]);
  });

  it('keeps the beneficiary, the volunteer and the social workers out of every event: only vault references', async () => {
    const everything = JSON.stringify(await events());
    for (const personal of ['陈阿婆', '13700001111', '中山路 12 号', '吴海燕', '350203199001011234', '林晓鹭', '蔡经理']) expect(everything).not.toContain(personal);
    const need = (await app.service.infrastructure.eventStore.readStream(`need-${flow.ids.need}`))[0]!;
    const beneficiaryRef = (need.data as { beneficiaryRef: string }).beneficiaryRef;
    expect(await app.service.infrastructure.vault.get(beneficiaryRef)).toMatchObject({ name: '陈阿婆', phone: '13700001111' });
  });

  describe('Idempotency-Key', () => {
    const committee = { ...actor('community_committee', 'flow-committee') };
    const need = () => ({ communityId: flow.ids.community, category: 'health', title: '慢病老人健康监测', description: '每周量血压', urgency: 'medium', source: 'grid_worker', beneficiaries: 1 });

    it('answers the same POST twice with the same response, and stores one set of facts', async () => {
      const headers = { ...committee, 'Idempotency-Key': 'flow-blood-pressure' };
      const first = await app.http().post('/needs').set(headers).send(need()).expect(201);
      const head = await app.service.infrastructure.eventStore.headPosition();
      const second = await app.http().post('/needs').set(headers).send(need()).expect(201);
      expect(second.body).toEqual({ ...first.body, replayed: true });
      expect(first.body.replayed).toBe(false);
      expect(await app.service.infrastructure.eventStore.headPosition()).toBe(head);
      expect((await app.service.infrastructure.eventStore.readStream(`need-${first.body.id}`)).map((event) => event.type)).toEqual(['NeedListed']);
    });

    it('matches a donation once when the same match is retried with its key', async () => {
      const donor = { ...actor('donor', 'flow-donor'), 'Idempotency-Key': 'flow-second-need-match' };
      const match = { target: { kind: 'need', id: flow.ids.need }, amountFen: 50_000 };
      const first = await app.http().post(`/donations/${flow.ids.donation}/match`).set(donor).send(match).expect(200);
      const second = await app.http().post(`/donations/${flow.ids.donation}/match`).set(donor).send(match).expect(200);
      expect(second.body).toMatchObject({ matchId: first.body.matchId, position: first.body.position, replayed: true });
      const donation = await app.http().get(`/donations/${flow.ids.donation}`).query({ minPosition: second.body.position }).expect(200);
      expect(donation.body).toMatchObject({ matchedFen: 550_000, balanceFen: 50_000 });
    });

    it('answers a retried project design from its first attempt even when its need was fulfilled meanwhile', async () => {
      const bureau = { ...actor('civil_affairs_bureau', 'flow-bureau'), 'Idempotency-Key': 'flow-haircuts-design' };
      const listed = await app.http().post('/needs').set(committee).send({ ...need(), category: 'elderly_care', title: '老年人上门理发' }).expect(201);
      const design = {
        title: '中华社区上门理发服务', area: { city: 'xiamen', district: 'siming', street: 'zhonghua', community: flow.ids.community }, kind: 'service_project',
        categories: ['elderly_care'], needIds: [listed.body.id], budgetFen: 1_200_000, period: { start: '2027-01-01', months: 12 }, requirements: '每月上门一次',
        serviceItems: [{ name: '上门理发', category: 'elderly_care' }],
      };
      const first = await app.http().post('/projects').set(bureau).send(design).expect(201);
      await app.http().post(`/needs/${listed.body.id}/fulfil`).set(committee).send({ note: '志愿者已上门理发' }).expect(200);
      const head = await app.service.infrastructure.eventStore.headPosition();
      // The retry is the same request: its answer is the first one, whatever happened since.
      const retry = await app.http().post('/projects').set(bureau).send(design);
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: { ...first.body, replayed: true } });
      expect(await app.service.infrastructure.eventStore.headPosition()).toBe(head);
    });

    it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED, nothing stored', async () => {
      const headers = { ...committee, 'Idempotency-Key': 'flow-reused-key' };
      await app.http().post('/needs').set(headers).send(need()).expect(201);
      const head = await app.service.infrastructure.eventStore.headPosition();
      const reused = await app.http().post('/needs').set(headers).send({ ...need(), urgency: 'critical' });
      expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await app.service.infrastructure.eventStore.headPosition()).toBe(head);
    });
  });
});
