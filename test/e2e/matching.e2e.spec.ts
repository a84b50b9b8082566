import { rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projectDecider, type DonationMatchedData } from '#domain';
import { bootstrapService, type RunningService } from '../../apps/api/src/bootstrap.js';
import { actor, startTestApp, type TestApp, withReader } from '../support/test-app.js';

/** 资源对接 over HTTP: proposals with reasons, accept and decline as facts, auto-match, plans that store nothing. */
describe('matching over HTTP', () => {
  let app: TestApp;
  /** The running service; replaced when the test restarts the app on the same data directory. */
  let service: RunningService;
  const committee = actor('community_committee', 'committee-huli');
  const bureau = actor('civil_affairs_bureau');
  const charity = actor('charity_base');
  const http = () => withReader(request(service.app.getHttpServer()));
  const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = committee) => http().post(path).set(headers).send(body);
  const store = () => service.infrastructure.eventStore;

  const listNeed = async (overrides: Record<string, unknown> = {}) => {
    const response = await post('/needs', {
      communityId: 'huli', category: 'elderly_care', title: '独居老人陪伴', description: 'Weekly visits', urgency: 'high', source: 'visit',
      beneficiaries: 1, requiredSkills: [], ...overrides,
    }).expect(201);
    return response.body as { id: string; position: number };
  };
  const registerVolunteer = async (categories: string[], hoursPerWeek: number, communityId = 'huli') => {
    const person = { name: '李明', phone: '13800000002', idNumber: '350203199205051234' };
    const { id } = (await post('/volunteers', { person, communityId }, actor('volunteer')).expect(201)).body as { id: string };
    await post(`/volunteers/${id}/skills`, { skills: ['陪伴'], categories }, actor('volunteer')).expect(200);
    const availability = await post(`/volunteers/${id}/availability`, { hoursPerWeek }, actor('volunteer')).expect(200);
    return { id, position: (availability.body as { position: number }).position };
  };
  const pledge = async (amountFen: number, extra: Record<string, unknown> = {}) => {
    const body = { donor: { kind: 'enterprise', displayName: '厦门海湾科技有限公司' }, resource: 'money', amountFen, communityId: 'huli', ...extra };
    return (await post('/donations', body, charity).expect(201)).body as { id: string; position: number };
  };
  const proposalsOf = async (needId: string, position: number) =>
    ((await http().get(`/needs/${needId}/proposals?minPosition=${position}&limit=10`).expect(200)).body as {
      proposals: { resourceKey: string; score: number; summary: string; offer: Record<string, number>; reasons: { factor: string; detail: string; points: number }[] }[];
    }).proposals;
  const accept = (needId: string, body: Record<string, unknown>) => http().post(`/needs/${needId}/proposals/accept`).set(committee).send(body);
  const decline = (needId: string, body: Record<string, unknown>) => http().post(`/needs/${needId}/proposals/decline`).set(committee).send(body);
  const donationMatches = async (donationId: string) =>
    (await store().readStream(`donation-${donationId}`)).filter((event) => event.type === 'DonationMatched').map((event) => event.data as DonationMatchedData);
  /** Policies run off the projector: wait (bounded) until the need's list row shows the status. */
  const eventuallyStatus = async (needId: string, status: string) => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const detail = (await http().get(`/needs/${needId}`).expect(200)).body as { status: string };
      if (detail.status === status || Date.now() > deadline) return detail.status;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    service = app.service;
    const community = (communityId: string, district: string, street: string) => ({
      communityId, name: communityId, area: { city: 'xiamen', district, street }, kind: 'urban', residents: 5000, households: 2000,
    });
    await post('/communities', community('huli', 'huli-district', 'jiangtou'), bureau).expect(201);
    await post('/communities', community('zhonghua', 'siming-district', 'zhonghua-street'), bureau).expect(201);
  });
  afterAll(async () => {
    await service.close();
    rmSync(app.config.DATA_DIR, { recursive: true, force: true });
  });

  it('proposes volunteers and donations for a listed need, each with a score and readable reasons', async () => {
    const neighbour = await registerVolunteer(['elderly_care'], 4);
    const tutor = await registerVolunteer(['education'], 4);
    const donation = await pledge(100_000);
    const need = await listNeed({ hoursPerWeek: 2, amountFen: 50_000 });

    const proposals = await proposalsOf(need.id, need.position);
    const keys = proposals.map((proposal) => proposal.resourceKey);
    expect(keys).toEqual(expect.arrayContaining([`volunteer:${neighbour.id}`, `donation:${donation.id}`]));
    // A volunteer who serves another category is never proposed.
    expect(keys).not.toContain(`volunteer:${tutor.id}`);
    const volunteerProposal = proposals.find((proposal) => proposal.resourceKey === `volunteer:${neighbour.id}`)!;
    expect(volunteerProposal.score).toBeGreaterThan(0);
    expect(volunteerProposal.offer).toEqual({ hoursPerWeek: 2 });
    expect(volunteerProposal.reasons.map((reason) => reason.factor)).toEqual(expect.arrayContaining(['category', 'distance']));
    expect(volunteerProposal.summary.length).toBeGreaterThan(0);
    expect(proposals.find((proposal) => proposal.resourceKey === `donation:${donation.id}`)!.offer).toEqual({ amountFen: 50_000 });

    // The same pair seen from the resource's side.
    const fromVolunteer = (await http().get(`/matching/resources/volunteer:${neighbour.id}/proposals?minPosition=${need.position}`).expect(200)).body as {
      proposals: { demandId: string }[];
    };
    expect(fromVolunteer.proposals.map((proposal) => proposal.demandId)).toContain(need.id);
  });

  it('accepting a donation and a volunteer records the facts and the need leaves their proposals', async () => {
    const volunteer = await registerVolunteer(['elderly_care'], 6);
    const donation = await pledge(100_000);
    const need = await listNeed({ hoursPerWeek: 3, amountFen: 50_000 });
    await proposalsOf(need.id, Math.max(need.position, volunteer.position, donation.position));

    const matched = await accept(need.id, { resourceKey: `donation:${donation.id}`, amountFen: 30_000 }).expect(200);
    expect(matched.body).toMatchObject({ streamId: `donation-${donation.id}`, events: [{ type: 'DonationMatched' }] });
    expect(await donationMatches(donation.id)).toEqual([expect.objectContaining({ amountFen: 30_000, balanceFen: 70_000, automatic: false, target: expect.objectContaining({ needId: need.id }) })]);

    const assigned = await accept(need.id, { resourceKey: `volunteer:${volunteer.id}` }).expect(200);
    expect(assigned.body).toMatchObject({ streamId: `volunteer-${volunteer.id}`, events: [{ type: 'VolunteerAssigned' }] });
    const assignedEvent = (await store().readStream(`volunteer-${volunteer.id}`)).at(-1)!;
    expect(assignedEvent.data).toMatchObject({ target: { kind: 'need', needId: need.id }, hoursPerWeek: 3 });

    // The existing policies record both on the need; the needs list shows it matched.
    expect(await eventuallyStatus(need.id, 'matched')).toBe('matched');
    const after = await proposalsOf(need.id, (assigned.body as { position: number }).position);
    // The need's hours are covered: no volunteer is proposed; the money gap left is 20 000 fen.
    expect(after.some((proposal) => proposal.resourceKey.startsWith('volunteer:'))).toBe(false);
    expect(after.find((proposal) => proposal.resourceKey === `donation:${donation.id}`)!.offer).toEqual({ amountFen: 20_000 });
  });

  it('a declined resource is never proposed for that need again, and accepting it is refused', async () => {
    const volunteer = await registerVolunteer(['disability_support'], 4);
    const need = await listNeed({ category: 'disability_support', hoursPerWeek: 2 });
    const before = await proposalsOf(need.id, Math.max(need.position, volunteer.position));
    expect(before.map((proposal) => proposal.resourceKey)).toContain(`volunteer:${volunteer.id}`);

    const declined = await decline(need.id, { resourceKey: `volunteer:${volunteer.id}`, reason: '志愿者住得太远' }).expect(200);
    expect(declined.body).toMatchObject({ events: [{ type: 'MatchProposalDeclined' }] });
    const again = await decline(need.id, { resourceKey: `volunteer:${volunteer.id}`, reason: 'twice' }).expect(200);
    expect(again.body).toMatchObject({ events: [] });

    const position = (declined.body as { position: number }).position;
    expect((await proposalsOf(need.id, position)).map((proposal) => proposal.resourceKey)).not.toContain(`volunteer:${volunteer.id}`);
    const fromVolunteer = (await http().get(`/matching/resources/volunteer:${volunteer.id}/proposals?minPosition=${position}`).expect(200)).body as {
      proposals: { demandId: string }[];
    };
    expect(fromVolunteer.proposals.map((proposal) => proposal.demandId)).not.toContain(need.id);
    const refused = await accept(need.id, { resourceKey: `volunteer:${volunteer.id}` }).expect(409);
    expect(refused.body).toMatchObject({ code: 'MATCH_PROPOSAL_DECLINED' });
  });

  it('never allocates a donation beyond its balance, even when two acceptances race (rule 12)', async () => {
    const donation = await pledge(100_000, { earmark: { category: 'social_assistance' } });
    const first = await listNeed({ category: 'social_assistance', amountFen: 60_000 });
    const second = await listNeed({ category: 'social_assistance', amountFen: 60_000 });
    await proposalsOf(second.id, second.position);

    // Both acceptances at once. Within a process, commands on one stream are decided one after the
    // other on fresh state (AggregateStore), so the loser is told why, not asked to retry; across
    // processes the expected revision still refuses the second append (the conformance suite).
    const responses = await Promise.all([
      accept(first.id, { resourceKey: `donation:${donation.id}`, amountFen: 60_000 }),
      accept(second.id, { resourceKey: `donation:${donation.id}`, amountFen: 60_000 }),
    ]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 422]);
    const loser = responses.find((response) => response.status !== 200)!;
    expect((loser.body as { code: string }).code).toBe('DONATION_BALANCE_EXCEEDED');

    const matches = await donationMatches(donation.id);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.balanceFen).toBe(40_000);
  });

  it('auto-matches a consenting donation when a need is listed in its range', async () => {
    const consenting = await pledge(200_000, { autoMatch: { categories: ['child_welfare'], maxPerNeedFen: 30_000 } });
    const silent = await pledge(200_000, { earmark: { category: 'child_welfare' } });
    const need = await listNeed({ category: 'child_welfare', amountFen: 50_000 });

    expect(await eventuallyStatus(need.id, 'matched')).toBe('matched');
    const automatic = await donationMatches(consenting.id);
    // At most the donor's per-need cap, and only from the donor who consented.
    expect(automatic).toEqual([expect.objectContaining({ automatic: true, amountFen: 30_000, target: expect.objectContaining({ needId: need.id }) })]);
    expect(await donationMatches(silent.id)).toEqual([]);

    // A need outside the consented categories is left to people.
    const other = await listNeed({ category: 'mental_health', amountFen: 50_000 });
    await http().get(`/needs/${other.id}/proposals?minPosition=${other.position}`).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await donationMatches(consenting.id)).filter((match) => match.target.kind === 'need' && match.target.needId === other.id)).toEqual([]);
  });

  it('proposes donations for a project\'s funding gap', async () => {
    const projectId = `project-${randomUUID()}`;
    await service.infrastructure.aggregates.handle(
      projectDecider,
      projectId,
      {
        type: 'DesignProject',
        data: {
          projectId, title: '湖里儿童之家', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
          kind: 'service_project', categories: ['education'], needIds: [], budgetFen: 2_000_000, period: { start: '2027-01-01' }, requirements: '',
          serviceItems: [{ name: '课后托管', category: 'education' }],
        },
      },
      { correlationId: randomUUID(), causationId: null, actor: { id: 'committee', role: 'community_committee' } },
    );
    const donation = await pledge(500_000, { earmark: { category: 'education' } });
    const response = await http().get(`/projects/${projectId}/proposals?minPosition=${donation.position}`).expect(200);
    const proposals = (response.body as { proposals: { resourceKey: string; offer: { amountFen: number }; reasons: unknown[] }[] }).proposals;
    const proposal = proposals.find((candidate) => candidate.resourceKey === `donation:${donation.id}`)!;
    expect(proposal.offer.amountFen).toBe(500_000);
    expect(proposal.reasons.length).toBeGreaterThan(0);
  });

  it('returns an allocation plan with its solver path and stores nothing', async () => {
    const head = await store().headPosition();
    const response = await post('/matching/allocations', { district: 'huli-district', compareWithGreedy: true, minPosition: head }).expect(200);
    const plan = response.body as {
      committed: boolean; candidateMode: string; objective: number; greedyObjective: number;
      networks: { network: string; paths: Record<string, number> }[]; assignments: { demandId: string; resourceKey: string }[];
    };
    expect(plan.committed).toBe(false);
    expect(plan.candidateMode).toBe('exhaustive');
    expect(plan.assignments.length).toBeGreaterThan(0);
    expect(plan.networks.some((network) => Object.keys(network.paths).length > 0)).toBe(true);
    expect(plan.objective).toBeGreaterThanOrEqual(plan.greedyObjective);
    expect(await store().headPosition()).toBe(head);
  });

  it('rejects bad input with stable codes and stores nothing', async () => {
    const need = await listNeed({ hoursPerWeek: 1 });
    const head = await store().headPosition();
    expect((await accept(need.id, { resourceKey: 'landlord:x' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await decline(need.id, { resourceKey: 'volunteer:x' }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await accept(need.id, { resourceKey: 'volunteer:x', extra: 1 }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    await http().post(`/needs/${need.id}/proposals/accept`).send({ resourceKey: 'volunteer:x' }).expect(401);
    expect((await accept(need.id, { resourceKey: 'organisation:nobody' }).expect(404)).body).toMatchObject({ code: 'MATCHING_RESOURCE_NOT_FOUND' });
    expect((await http().get('/needs/no-such-need/proposals').expect(404)).body).toMatchObject({ code: 'OPEN_NEED_NOT_FOUND' });
    expect(await store().headPosition()).toBe(head);
  });

  it('remembers declines after a restart on the same data directory', async () => {
    const volunteer = await registerVolunteer(['health'], 4);
    const kept = await registerVolunteer(['health'], 4);
    const need = await listNeed({ category: 'health', hoursPerWeek: 2 });
    await proposalsOf(need.id, need.position);
    const declined = await decline(need.id, { resourceKey: `volunteer:${volunteer.id}`, reason: '时间不合适' }).expect(200);
    const position = (declined.body as { position: number }).position;

    await service.close();
    service = await bootstrapService(app.config);

    const proposals = await proposalsOf(need.id, position);
    const keys = proposals.map((proposal) => proposal.resourceKey);
    // The engine replayed the log: it knows the other volunteer, and the declined one stays excluded.
    expect(keys).toContain(`volunteer:${kept.id}`);
    expect(keys).not.toContain(`volunteer:${volunteer.id}`);
  });
});
