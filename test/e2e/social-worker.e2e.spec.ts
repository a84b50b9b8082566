import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { domainEventRegistry, organisationDecider, projectDecider, toOrganisationFacts } from '#domain';
import { AggregateStore } from '#event-store';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

describe('social workers over HTTP', () => {
  let app: TestApp;
  let organisationId: string;
  const bureau = actor('civil_affairs_bureau');
  const agency = actor('social_organisation');
  const worker = {
    person: { name: '陈晓燕', phone: '13900000001', idNumber: '35020319900101123X' },
    base: { level: 'community', communityId: 'huli' },
    hasSocialWorkDegree: false,
  };
  const post = (path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = bureau) =>
    app.http().post(path).set(headers).send(body);
  const streamOf = (socialWorkerId: string) => app.service.infrastructure.eventStore.readStream(`socialworker-${socialWorkerId}`);
  const typesOf = async (socialWorkerId: string) => (await streamOf(socialWorkerId)).map((event) => event.type);
  const detailOf = async (socialWorkerId: string, position: number) =>
    (await app.http().get(`/social-workers/${socialWorkerId}?minPosition=${position}`).expect(200)).body;
  const register = async (body: Record<string, unknown> = worker) => (await post('/social-workers', body).expect(201)).body as { id: string; position: number };
  /** Projects are designed in their own feature; here a project only has to exist in its stream. */
  const designProject = (projectId: string) =>
    app.service.infrastructure.aggregates.handle(
      projectDecider,
      projectId,
      {
        type: 'DesignProject',
        data: {
          projectId,
          title: '湖里长者关爱',
          area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
          kind: 'service_project',
          categories: ['elderly_care'],
          needIds: [],
          budgetFen: 30_000_000,
          period: { start: '2027-01-01' },
          requirements: '',
          serviceItems: [{ name: '上门探访', category: 'elderly_care' }],
        },
      },
      { correlationId: randomUUID(), causationId: null, actor: { id: 'bureau', role: 'civil_affairs_bureau' } },
    );

  /** Bought and contracted to the organisation ten days ago (a clock in the past lets bidding close and the standstill run). */
  const contractProject = async (projectId: string) => {
    let now = Date.now() - 24 * 86_400_000;
    const past = new AggregateStore(app.service.infrastructure.eventStore, domainEventRegistry, { clock: () => new Date(now) });
    const envelope = { correlationId: randomUUID(), causationId: null, actor: { id: 'bureau', role: 'civil_affairs_bureau' } };
    const contractor = toOrganisationFacts((await app.service.infrastructure.aggregates.load(organisationDecider, organisationId)).state);
    await past.handle(projectDecider, projectId, { type: 'PublishProjectForPurchase', data: { deadline: new Date(now + 86_400_000).toISOString(), eligibility: { description: '依法登记' } } }, envelope);
    await past.handle(projectDecider, projectId, { type: 'SubmitBid', data: { bidId: `${projectId}-bid`, bidder: contractor, priceFen: 300_000, proposal: '方案' } }, envelope);
    now += 2 * 86_400_000;
    await past.handle(projectDecider, projectId, { type: 'CloseBidding', data: {} }, envelope);
    const standstill = { workingDays: 7, calendar: { holidays: [], adjustedWorkingDays: [] } };
    await past.handle(projectDecider, projectId, { type: 'AnnounceAward', data: { bidId: `${projectId}-bid`, bidder: contractor, standstill } }, envelope);
    now += 12 * 86_400_000;
    await past.handle(
      projectDecider,
      projectId,
      { type: 'AwardContract', data: { bidId: `${projectId}-bid`, contractor, contract: { content: '长者关爱', termMonths: 12, quantity: '每周探访', quality: '满意率 90%', priceFen: 300_000, settlementMethod: '按月' } } },
      envelope,
    );
  };

  beforeAll(async () => {
    app = await startTestApp();
    await post('/communities', { communityId: 'huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4000 }, bureau).expect(201);
    organisationId = (
      await post('/organisations', { name: '阳光社工', kind: 'social_work_agency', unifiedSocialCreditCode: '52350206MJ0000001X', budgetFunded: false, city: 'xiamen', district: 'huli-district', serviceCategories: ['elderly_care'], capacity: 2 }, bureau).expect(201)
    ).body.id;
    await designProject('project-elderly');
    await designProject('project-children');
    await designProject('project-unbought');
    await contractProject('project-elderly');
    await contractProject('project-children');
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers a social worker under real name: the name in the vault and the detail, never in the event', async () => {
    const created = await register({ ...worker, employerOrganisationId: organisationId });
    const detail = await detailOf(created.id, created.position);
    expect(detail).toMatchObject({
      socialWorkerId: created.id,
      baseLevel: 'community',
      area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
      status: 'active',
      grade: null,
      qualified: false,
      employerOrganisationId: organisationId,
      name: '陈晓燕',
      personalDataErased: false,
    });
    expect(detail.personRef).toMatch(/^person-/);
    const stored = JSON.stringify(await streamOf(created.id));
    expect(stored).toContain(detail.personRef);
    for (const secret of ['陈晓燕', '13900000001', '35020319900101123X']) expect(stored).not.toContain(secret);
    expect(await app.service.infrastructure.vault.get(detail.personRef)).toMatchObject({ name: '陈晓燕', phone: '13900000001' });
  });

  it('registers a district general-station worker with a degree, who counts as qualified (rule 1)', async () => {
    const created = await register({ ...worker, person: { name: '林海' }, base: { level: 'district', city: 'xiamen', district: 'huli-district' }, hasSocialWorkDegree: true });
    expect(await detailOf(created.id, created.position)).toMatchObject({ baseLevel: 'district', area: { district: 'huli-district', community: '' }, qualified: true });
    const qualified = await app.http().get(`/social-workers?qualified=true&baseLevel=district&minPosition=${created.position}`).expect(200);
    expect(qualified.body.items.map((item: { socialWorkerId: string }) => item.socialWorkerId)).toEqual([created.id]);
  });

  it('refuses a base that mixes a community with a district, and an unknown community or employer', async () => {
    const mixed = await post('/social-workers', { ...worker, base: { level: 'community', communityId: 'huli', district: 'siming' } }).expect(400);
    expect(mixed.body.code).toBe('SOCIAL_WORKER_BASE_INVALID');
    const halfDistrict = await post('/social-workers', { ...worker, base: { level: 'district', city: 'xiamen' } }).expect(400);
    expect(halfDistrict.body.code).toBe('VALIDATION_FAILED');
    const unknownCommunity = await post('/social-workers', { ...worker, base: { level: 'community', communityId: 'nowhere' } }).expect(404);
    expect(unknownCommunity.body.code).toBe('COMMUNITY_NOT_FOUND');
    const unknownEmployer = await post('/social-workers', { ...worker, employerOrganisationId: 'ghost-agency' }).expect(404);
    expect(unknownEmployer.body.code).toBe('ORGANISATION_NOT_FOUND');
  });

  it('certifies at a grade, and refuses a downgrade or a certificate dated in the future', async () => {
    const { id } = await register();
    const certified = await post(`/social-workers/${id}/certify`, { grade: 'intermediate', certificateNumber: 'SW-2025-0001', certifiedOn: '2025-06-30' }).expect(200);
    expect(certified.body.events.map((event: { type: string }) => event.type)).toEqual(['SocialWorkerCertified']);
    expect(await detailOf(id, certified.body.position)).toMatchObject({ grade: 'intermediate', qualified: true, certifiedOn: '2025-06-30' });

    const downgrade = await post(`/social-workers/${id}/certify`, { grade: 'assistant', certificateNumber: 'SW-2025-0002', certifiedOn: '2025-07-01' }).expect(409);
    expect(downgrade.body.code).toBe('GRADE_DOWNGRADE');
    const future = await post(`/social-workers/${id}/certify`, { grade: 'senior', certificateNumber: 'SW-2099-0001', certifiedOn: '2099-01-01' }).expect(400);
    expect(future.body.code).toBe('CERTIFICATION_DATE_INVALID');
    const unknownGrade = await post(`/social-workers/${id}/certify`, { grade: 'master', certificateNumber: 'X', certifiedOn: '2025-01-01' }).expect(400);
    expect(unknownGrade.body.code).toBe('VALIDATION_FAILED');
    expect(await typesOf(id)).toEqual(['SocialWorkerRegistered', 'SocialWorkerCertified']);
  });

  it('changes employer, to an organisation that exists or to none', async () => {
    const { id } = await register();
    const employed = await post(`/social-workers/${id}/employ`, { employerOrganisationId: organisationId }).expect(200);
    expect(await detailOf(id, employed.body.position)).toMatchObject({ employerOrganisationId: organisationId });
    const unknown = await post(`/social-workers/${id}/employ`, { employerOrganisationId: 'ghost-agency' }).expect(404);
    expect(unknown.body.code).toBe('ORGANISATION_NOT_FOUND');
    const missing = await post(`/social-workers/${id}/employ`, {}).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    const unemployed = await post(`/social-workers/${id}/employ`, { employerOrganisationId: null }).expect(200);
    expect(await detailOf(id, unemployed.body.position)).toMatchObject({ employerOrganisationId: null });
  });

  it('assigns to contracted projects up to 40 hours a week, through the project, and must be released before leaving', async () => {
    const { id } = await register({ ...worker, employerOrganisationId: organisationId });
    const assigned = await post(`/social-workers/${id}/assign`, { projectId: 'project-elderly', hoursPerWeek: 30 }, staffOf(organisationId)).expect(200);
    // The same command as POST /projects/:id/staff: the project records its staff, the worker holds the hours.
    expect(assigned.body.events.map((event: { type: string }) => event.type)).toEqual(['ProjectStaffAssigned']);
    expect(await detailOf(id, assigned.body.position)).toMatchObject({ assignedHoursPerWeek: 30, activeProjects: 1, assignments: [{ projectId: 'project-elderly', hoursPerWeek: 30 }] });

    const overcommitted = await post(`/social-workers/${id}/assign`, { projectId: 'project-children', hoursPerWeek: 20 }, staffOf(organisationId)).expect(422);
    expect(overcommitted.body).toMatchObject({ code: 'SOCIAL_WORKER_OVERCOMMITTED', details: { limitHoursPerWeek: 40, assignedHoursPerWeek: 30, requestedHoursPerWeek: 20 } });
    const unknownProject = await post(`/social-workers/${id}/assign`, { projectId: 'project-ghost', hoursPerWeek: 5 }, staffOf(organisationId)).expect(404);
    expect(unknownProject.body.code).toBe('PROJECT_NOT_FOUND');
    const unbought = await post(`/social-workers/${id}/assign`, { projectId: 'project-unbought', hoursPerWeek: 5 }, staffOf(organisationId)).expect(409);
    expect(unbought.body.code).toBe('CONTRACT_NOT_ACTIVE');

    const leaving = await post(`/social-workers/${id}/deregister`, { reason: '离职' }).expect(409);
    expect(leaving.body.code).toBe('SOCIAL_WORKER_STILL_ASSIGNED');
    const switching = await post(`/social-workers/${id}/employ`, { employerOrganisationId: null }).expect(409);
    expect(switching.body.code).toBe('SOCIAL_WORKER_STILL_ASSIGNED');
    expect(await typesOf(id)).toEqual(['SocialWorkerRegistered', 'SocialWorkerAssigned']);

    const reasonless = await post(`/social-workers/${id}/release`, { projectId: 'project-elderly' }, staffOf(organisationId)).expect(400);
    expect(reasonless.body.code).toBe('RELEASE_REASON_REQUIRED');
    const released = await post(`/social-workers/${id}/release`, { projectId: 'project-elderly', reason: '项目调整' }, staffOf(organisationId)).expect(200);
    expect(released.body.events.map((event: { type: string }) => event.type)).toEqual(['ProjectStaffReleased']);
    expect(await typesOf(id)).toEqual(['SocialWorkerRegistered', 'SocialWorkerAssigned', 'SocialWorkerReleased']);
    const releasedAgain = await post(`/social-workers/${id}/release`, { projectId: 'project-elderly', reason: '再次' }, staffOf(organisationId)).expect(409);
    expect(releasedAgain.body.code).toBe('STAFF_NOT_ASSIGNED');

    const deregistered = await post(`/social-workers/${id}/deregister`, { reason: '离职' }).expect(200);
    expect(await detailOf(id, deregistered.body.position)).toMatchObject({ status: 'deregistered', assignedHoursPerWeek: 0 });
    const afterLeaving = await post(`/social-workers/${id}/assign`, { projectId: 'project-elderly', hoursPerWeek: 5 }, staffOf(organisationId)).expect(409);
    expect(afterLeaving.body.code).toBe('SOCIAL_WORKER_DEREGISTERED');
  });

  it('shows the name as null with personalDataErased once the person is erased', async () => {
    const created = await register({ ...worker, person: { name: '郑可' } });
    const { personRef } = await detailOf(created.id, created.position);
    await app.http().delete(`/persons/${personRef}`).set(bureau).expect(204);
    expect(await detailOf(created.id, created.position)).toMatchObject({ personRef, name: null, personalDataErased: true, status: 'active' });
  });

  it('refuses a registration without a name, unknown fields, wrong types and requests without an actor', async () => {
    const before = (await app.http().get('/social-workers?limit=100').expect(200)).body.items.length;
    const nameless = await post('/social-workers', { ...worker, person: { phone: '13900000009' } }).expect(400);
    expect(nameless.body.details.fields.map((field: { field: string }) => field.field)).toContain('person.name');
    const unknownField = await post('/social-workers', { ...worker, salary: 8000 }).expect(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const wrongType = await post('/social-workers', { ...worker, hasSocialWorkDegree: 'yes' }).expect(400);
    expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toContain('hasSocialWorkDegree');
    const noActor = await app.http().post('/social-workers').send(worker).expect(401);
    expect(noActor.body.code).toBe('AUTHENTICATION_REQUIRED');
    const probe = await post('/communities/huli/population', { residents: 12001, households: 4000 }, bureau).expect(200);
    expect((await app.http().get(`/social-workers?limit=100&minPosition=${probe.body.position}`).expect(200)).body.items).toHaveLength(before);
  });

  it('answers 404 SOCIAL_WORKER_NOT_FOUND for an unknown social worker', async () => {
    const command = await post('/social-workers/ghost/certify', { grade: 'assistant', certificateNumber: 'X1', certifiedOn: '2025-01-01' }).expect(404);
    expect(command.body.code).toBe('SOCIAL_WORKER_NOT_FOUND');
    const detail = await app.http().get('/social-workers/ghost').expect(404);
    expect(detail.body.code).toBe('SOCIAL_WORKER_NOT_FOUND');
  });
});
