import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow, type WholeFlow } from '../support/whole-flow.js';

/**
 * Issue 8, section 3: one rule, one place, every path. Each fact that two endpoints can write
 * (NeedMatched, NeedCoveredByProject, SocialWorkerAssigned, SocialWorkerReleased) is refused or
 * recorded the same way on both; a refusal stores nothing, on any stream.
 */
describe('side doors (e2e)', () => {
  let app: TestApp;
  let flow: WholeFlow;
  const bureau = actor('civil_affairs_bureau', 'side-bureau');
  const committee = actor('community_committee', 'side-committee');
  const donor = actor('donor', 'side-donor');
  const post = (path: string, body: object | undefined, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends the request and proves the store did not move: no fact, no reservation, no undo. */
  const refusedWithoutTrace = async (send: () => Promise<{ status: number; body: { code?: string; details?: Record<string, unknown> } }>) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const response = await send();
    // Policies run off the subscription: give a stray follow-up the time to show.
    await sleep(150);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    return response;
  };

  const listNeed = async (category: string, title: string) =>
    (await post('/needs', { communityId: flow.ids.community, category, title, description: '', urgency: 'high', source: 'visit', beneficiaries: 1, amountFen: 5_000_000 }, committee).expect(201)).body.id as string;

  beforeAll(async () => {
    app = await startTestApp();
    flow = await runWholeFlow(app, 'side');
  });
  afterAll(async () => {
    await app.close();
  });

  describe('NeedMatched: a donation or a volunteer matches only by its own decision (rule 12)', () => {
    it('refuses a 50,000-yuan donation match recorded on a need: the earmarked, spent donation never decided it', async () => {
      const elderly = (await post('/donations', { donor: { kind: 'enterprise', displayName: '厦门鹭江养老基金' }, resource: 'money', amountFen: 100_000, earmark: { category: 'elderly_care' }, communityId: flow.ids.community }, donor).expect(201)).body.id as string;
      await post(`/donations/${elderly}/match`, { matchId: 'side-all-of-it', target: { kind: 'need', id: flow.ids.need }, amountFen: 100_000 }, donor).expect(200);
      const childCare = await listNeed('child_welfare', '留守儿童课后托管');

      const refused = await refusedWithoutTrace(() =>
        post(`/needs/${childCare}/match`, { matchId: 'side-door', resource: { kind: 'donation', id: elderly }, amountFen: 5_000_000 }, committee),
      );
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'MATCH_DECIDED_BY_RESOURCE', details: { rule: 12, resource: { kind: 'donation', id: elderly }, via: 'POST /donations/{donationId}/match' } });
    });

    it('refuses a match with a donation that does not exist', async () => {
      const childCare = await listNeed('child_welfare', '儿童营养餐');
      const refused = await refusedWithoutTrace(() =>
        post(`/needs/${childCare}/match`, { matchId: 'ghost', resource: { kind: 'donation', id: 'no-such-donation' }, amountFen: 5_000_000 }, committee),
      );
      expect(refused.body.code).toBe('MATCH_DECIDED_BY_RESOURCE');
    });

    it('refuses a volunteer match recorded on a need: the volunteer’s weekly hours decide it (POST /volunteers/:id/assign)', async () => {
      const need = await listNeed('elderly_care', '陪老人散步');
      const refused = await refusedWithoutTrace(() =>
        post(`/needs/${need}/match`, { matchId: 'side-volunteer', resource: { kind: 'volunteer', id: flow.ids.volunteer }, hoursPerWeek: 100 }, committee),
      );
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'MATCH_DECIDED_BY_RESOURCE', details: { via: 'POST /volunteers/{volunteerId}/assign' } });
    });

    it('refuses a social worker or an organisation that does not exist (404), as the proposals path does', async () => {
      const need = await listNeed('elderly_care', '上门探访');
      const worker = await refusedWithoutTrace(() =>
        post(`/needs/${need}/match`, { matchId: 'ghost-worker', resource: { kind: 'social_worker', id: 'no-such-worker' }, hoursPerWeek: 2 }, committee),
      );
      expect(worker.status).toBe(404);
      expect(worker.body.code).toBe('SOCIAL_WORKER_NOT_FOUND');
      const organisation = await refusedWithoutTrace(() =>
        post(`/needs/${need}/match`, { matchId: 'ghost-organisation', resource: { kind: 'organisation', id: 'no-such-organisation' } }, committee),
      );
      expect(organisation.status).toBe(404);
      expect(organisation.body.code).toBe('ORGANISATION_NOT_FOUND');
    });

    it('still records a social worker of the register on the need', async () => {
      const need = await listNeed('elderly_care', '心理慰藉');
      const matched = await post(`/needs/${need}/match`, { matchId: 'worker-match', resource: { kind: 'social_worker', id: flow.ids.socialWorkers[0] }, hoursPerWeek: 2 }, committee).expect(200);
      expect(matched.body.events.map((event: { type: string }) => event.type)).toEqual(['NeedMatched']);
    });
  });

  describe('NeedCoveredByProject: only a project that exists and serves the need covers it', () => {
    it('refuses a cover by a project that does not exist (404)', async () => {
      const need = await listNeed('elderly_care', '助浴服务');
      const refused = await refusedWithoutTrace(() => post(`/needs/${need}/cover`, { projectId: 'no-such-project' }, committee));
      expect(refused.status).toBe(404);
      expect(refused.body.code).toBe('PROJECT_NOT_FOUND');
    });

    it('refuses a cover by a project bought for other categories (422), as the design path does', async () => {
      const need = await listNeed('education', '课业辅导');
      const refused = await refusedWithoutTrace(() => post(`/needs/${need}/cover`, { projectId: flow.ids.project }, committee));
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('PROJECT_DOES_NOT_SERVE_NEED');
    });
  });

  describe('SocialWorkerAssigned: staff of another organisation never serve a contract (rule 6)', () => {
    let rivalWorker: string;
    beforeAll(async () => {
      rivalWorker = (await post('/social-workers', { person: { name: '郑立群', phone: '13906000009' }, base: { level: 'community', communityId: flow.ids.community }, hasSocialWorkDegree: true, employerOrganisationId: flow.ids.rival }, staffOf(flow.ids.rival)).expect(201)).body.id;
    });

    it('refuses POST /social-workers/:id/assign of organisation B’s worker onto organisation A’s station', async () => {
      const refused = await refusedWithoutTrace(() => post(`/social-workers/${rivalWorker}/assign`, { projectId: flow.ids.project, hoursPerWeek: 10 }, staffOf(flow.ids.agency)));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'SUBCONTRACTING_FORBIDDEN', details: { rule: 6, contractorOrganisationId: flow.ids.agency, employerOrganisationId: flow.ids.rival } });
    });

    it('refuses POST /projects/:id/staff of the same worker, storing neither a reservation nor its undo', async () => {
      const refused = await refusedWithoutTrace(() => post(`/projects/${flow.ids.project}/staff`, { socialWorkerId: rivalWorker, hoursPerWeek: 10 }, staffOf(flow.ids.agency)));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'SUBCONTRACTING_FORBIDDEN', details: { rule: 6 } });
    });
  });

  describe('SocialWorkerReleased: a worker leaves the project on both streams', () => {
    it('releases through POST /social-workers/:id/release and the project no longer counts the worker as staff', async () => {
      const [worker] = flow.ids.socialWorkers;
      const released = await post(`/social-workers/${worker}/release`, { projectId: flow.ids.project, reason: '调岗' }, bureau).expect(200);
      const project = (await app.service.infrastructure.eventStore.readStream(`project-${flow.ids.project}`)).map((event) => event.type);
      const socialWorker = (await app.service.infrastructure.eventStore.readStream(`socialworker-${worker}`)).map((event) => event.type);
      expect(project.at(-1)).toBe('ProjectStaffReleased');
      expect(socialWorker.at(-1)).toBe('SocialWorkerReleased');
      expect(released.body.position).toBeGreaterThan(0);
    });
  });
});
