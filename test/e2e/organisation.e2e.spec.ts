import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { HandledCommand } from '#event-store';
import { CommandService, organisationCommands, type OrganisationCommandInput } from '#application';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

describe('organisations over HTTP', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau');
  const lastYear = new Date().getUTCFullYear() - 1;
  const sunshine = {
    name: '湖里区阳光社工服务中心',
    kind: 'social_work_agency',
    unifiedSocialCreditCode: '52350206MJ0000001X',
    budgetFunded: false,
    city: 'xiamen', district: 'huli-district',
    communityId: 'huli',
    serviceCategories: ['elderly_care', 'child_welfare'],
    capacity: 3,
  };
  const post = (path: string, body: Record<string, unknown> = {}, headers: Record<string, string> = bureau) =>
    app.http().post(path).set(headers).send(body);
  const streamOf = (organisationId: string) => app.service.infrastructure.eventStore.readStream(`organisation-${organisationId}`);
  const typesOf = async (organisationId: string) => (await streamOf(organisationId)).map((event) => event.type);
  const detailOf = async (organisationId: string, position: number) =>
    (await app.http().get(`/organisations/${organisationId}?minPosition=${position}`).expect(200)).body;
  /** What the project's contracting flow does: the same application command service, not HTTP. */
  const viaApplication = (organisationId: string, command: OrganisationCommandInput): Promise<HandledCommand> =>
    app.service.app.get(CommandService).handle(
      organisationCommands, organisationId, command, { correlationId: randomUUID(), causationId: null, actor: { id: 'project-flow', role: 'system' } },
    );

  beforeAll(async () => {
    app = await startTestApp();
    await post('/communities', { communityId: 'huli', name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4000 }).expect(201);
  });
  afterAll(async () => {
    await app.close();
  });

  it('registers an organisation seated in a community and shows it on the resources list', async () => {
    const created = await post('/organisations', sunshine).expect(201);
    expect(created.body.events.map((event: { type: string }) => event.type)).toEqual(['OrganisationRegistered']);
    const detail = await detailOf(created.body.id, created.body.position);
    expect(detail).toMatchObject({
      organisationId: created.body.id,
      name: sunshine.name,
      kind: 'social_work_agency',
      area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou', community: 'huli' },
      communityBased: true,
      serviceCategories: ['elderly_care', 'child_welfare'],
      status: 'registered',
      grade: 0,
      capacity: 3,
      remainingCapacity: 3,
      mayBid: true,
      unifiedSocialCreditCode: sunshine.unifiedSocialCreditCode,
      budgetFunded: false,
      contractedProjects: [],
    });
    const listed = await app.http().get(`/organisations?community=huli&category=child_welfare&minPosition=${created.body.position}`).expect(200);
    expect(listed.body.items.map((item: { organisationId: string }) => item.organisationId)).toEqual([created.body.id]);
    const otherCategory = await app.http().get(`/organisations?category=mental_health&minPosition=${created.body.position}`).expect(200);
    expect(otherCategory.body.items).toEqual([]);
  });

  it('registers a district-wide organisation without a seat', async () => {
    const created = await post('/organisations', { ...sunshine, communityId: undefined, name: '湖里区社会工作协会', unifiedSocialCreditCode: '51350206MJ0000002Y' }).expect(201);
    const detail = await detailOf(created.body.id, created.body.position);
    expect(detail).toMatchObject({ communityBased: false, area: { district: 'huli-district', street: '', community: '' } });
  });

  it('refuses a seat outside the registering district and stores nothing', async () => {
    const before = (await app.http().get('/organisations?limit=100').expect(200)).body.items.length;
    const refused = await post('/organisations', { ...sunshine, district: 'siming', name: '越界机构' }).expect(400);
    expect(refused.body.code).toBe('ORGANISATION_AREA_MISMATCH');
    const unknownCommunity = await post('/organisations', { ...sunshine, communityId: 'nowhere' }).expect(404);
    expect(unknownCommunity.body.code).toBe('COMMUNITY_NOT_FOUND');
    const badCode = await post('/organisations', { ...sunshine, unifiedSocialCreditCode: 'not-a-code' }).expect(400);
    expect(badCode.body.code).toBe('UNIFIED_SOCIAL_CREDIT_CODE_INVALID');
    const probe = await post('/communities/huli/population', { residents: 12001, households: 4000 }).expect(200);
    const after = (await app.http().get(`/organisations?limit=100&minPosition=${probe.body.position}`).expect(200)).body.items.length;
    expect(after).toBe(before);
  });

  it('records annual inspections: a failed latest one bars bidding (rule 11)', async () => {
    const created = await post('/organisations', { ...sunshine, unifiedSocialCreditCode: '52350206MJ0000003A' }).expect(201);
    const id = created.body.id;
    const passed = await post(`/organisations/${id}/inspections`, { year: lastYear - 1, result: 'passed' }).expect(200);
    expect(passed.body.events.map((event: { type: string }) => event.type)).toEqual(['AnnualInspectionPassed']);

    const noReason = await post(`/organisations/${id}/inspections`, { year: lastYear, result: 'failed' }).expect(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');

    const failed = await post(`/organisations/${id}/inspections`, { year: lastYear, result: 'failed', reason: '财务报表未按时报送' }).expect(200);
    expect(failed.body.events.map((event: { type: string }) => event.type)).toEqual(['AnnualInspectionFailed']);
    expect(await detailOf(id, failed.body.position)).toMatchObject({ latestInspection: { result: 'failed', year: lastYear }, mayBid: false });

    const mayBid = await app.http().get(`/organisations?mayBid=true&limit=100&minPosition=${failed.body.position}`).expect(200);
    expect(mayBid.body.items.map((item: { organisationId: string }) => item.organisationId)).not.toContain(id);

    const contradicting = await post(`/organisations/${id}/inspections`, { year: lastYear, result: 'passed' }).expect(409);
    expect(contradicting.body.code).toBe('ANNUAL_INSPECTION_ALREADY_RECORDED');
    const future = await post(`/organisations/${id}/inspections`, { year: lastYear + 2, result: 'passed' }).expect(400);
    expect(future.body.code).toBe('INSPECTION_YEAR_INVALID');
    expect(await typesOf(id)).toEqual(['OrganisationRegistered', 'AnnualInspectionPassed', 'AnnualInspectionFailed']);
  });

  it('grades an organisation 1A-5A and refuses an older grade', async () => {
    const created = await post('/organisations', { ...sunshine, unifiedSocialCreditCode: '52350206MJ0000004B' }).expect(201);
    const id = created.body.id;
    const graded = await post(`/organisations/${id}/grade`, { grade: 4, year: lastYear }).expect(200);
    expect(await detailOf(id, graded.body.position)).toMatchObject({ grade: 4, gradeYear: lastYear });

    const outdated = await post(`/organisations/${id}/grade`, { grade: 5, year: lastYear - 1 }).expect(409);
    expect(outdated.body.code).toBe('ORGANISATION_GRADE_OUTDATED');
    const sixA = await post(`/organisations/${id}/grade`, { grade: 6, year: lastYear }).expect(400);
    expect(sixA.body.code).toBe('VALIDATION_FAILED');
    expect(await typesOf(id)).toEqual(['OrganisationRegistered', 'OrganisationGraded']);
  });

  it('suspends, reinstates and deregisters (the exit mechanism), refusing transitions that make no sense', async () => {
    const created = await post('/organisations', { ...sunshine, unifiedSocialCreditCode: '52350206MJ0000005C' }).expect(201);
    const id = created.body.id;
    const notSuspended = await post(`/organisations/${id}/reinstate`, { reason: '整改完成' }).expect(409);
    expect(notSuspended.body.code).toBe('ORGANISATION_NOT_SUSPENDED');

    const suspended = await post(`/organisations/${id}/suspend`, { reason: '违规收费' }).expect(200);
    expect(await detailOf(id, suspended.body.position)).toMatchObject({ status: 'suspended', statusReason: '违规收费', mayBid: false });
    const again = await post(`/organisations/${id}/suspend`, { reason: '再次' }).expect(409);
    expect(again.body.code).toBe('ORGANISATION_ALREADY_SUSPENDED');

    const reinstated = await post(`/organisations/${id}/reinstate`, { reason: '整改完成' }).expect(200);
    expect(await detailOf(id, reinstated.body.position)).toMatchObject({ status: 'registered', mayBid: true });

    const deregistered = await post(`/organisations/${id}/deregister`, { reason: '自行注销' }).expect(200);
    expect(await detailOf(id, deregistered.body.position)).toMatchObject({ status: 'deregistered', mayBid: false });
    const afterExit = await post(`/organisations/${id}/suspend`, { reason: '违规' }).expect(409);
    expect(afterExit.body.code).toBe('ORGANISATION_DEREGISTERED');

    const emptyReason = await post(`/organisations/${id}/deregister`, { reason: '' }).expect(400);
    expect(emptyReason.body.code).toBe('VALIDATION_FAILED');
    expect(await typesOf(id)).toEqual(['OrganisationRegistered', 'OrganisationSuspended', 'OrganisationReinstated', 'OrganisationDeregistered']);
  });

  it('answers 404 ORGANISATION_NOT_FOUND for commands and details of an unknown organisation', async () => {
    const command = await post('/organisations/ghost/grade', { grade: 3, year: lastYear }).expect(404);
    expect(command.body.code).toBe('ORGANISATION_NOT_FOUND');
    const detail = await app.http().get('/organisations/ghost').expect(404);
    expect(detail.body.code).toBe('ORGANISATION_NOT_FOUND');
    expect(await streamOf('ghost')).toEqual([]);
  });

  it('keeps station contracts off HTTP but reachable through the command handler, guarding rule 5', async () => {
    const created = await post('/organisations', { ...sunshine, unifiedSocialCreditCode: '52350206MJ0000006D' }).expect(201);
    const id = created.body.id;
    await post(`/organisations/${id}/station-contracts`, { projectId: 'p1' }).expect(404);

    const general = await viaApplication(id, { type: 'RecordStationContract', data: { organisationId: id, projectId: 'general-station', district: 'huli-district', stationLevel: 'general' } });
    expect(general.events.map((event) => event.type)).toEqual(['StationContractRecorded']);
    await expect(
      viaApplication(id, { type: 'RecordStationContract', data: { organisationId: id, projectId: 'street-station', district: 'huli-district', stationLevel: 'street' } }),
    ).rejects.toMatchObject({ code: 'STATION_LEVELS_CONFLICT', details: { rule: 5 } });

    const released = await viaApplication(id, { type: 'ReleaseStationContract', data: { organisationId: id, projectId: 'general-station', reason: '合同期满' } });
    expect(released.events.map((event) => event.type)).toEqual(['StationContractReleased']);
    expect(await detailOf(id, released.position)).toMatchObject({ stationContracts: 0 });
  });

  it('refuses unknown fields, wrong types, bad filters and requests without an actor', async () => {
    const unknownField = await post('/organisations', { ...sunshine, legalPerson: '张三' }).expect(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');
    const wrongType = await post('/organisations', { ...sunshine, budgetFunded: 'no' }).expect(400);
    expect(wrongType.body.details.fields.map((field: { field: string }) => field.field)).toContain('budgetFunded');
    const unknownCategory = await post('/organisations', { ...sunshine, serviceCategories: ['astrology'] }).expect(400);
    expect(unknownCategory.body.code).toBe('VALIDATION_FAILED');
    const noActor = await app.http().post('/organisations').send(sunshine).expect(401);
    expect(noActor.body.code).toBe('AUTHENTICATION_REQUIRED');
    const badFlag = await app.http().get('/organisations?mayBid=perhaps').expect(400);
    expect(badFlag.body.code).toBe('VALIDATION_FAILED');
  });
});
