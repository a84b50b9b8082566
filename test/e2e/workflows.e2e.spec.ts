import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { passStandstill } from '../support/standstill.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaDateOf, chinaYearOf } from '#domain';
import type { EventStore } from '#event-store';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';
import { eventually } from '../support/whole-flow.js';

/**
 * Issue 9: a refused command stores nothing on any stream (check first, then write), and what a
 * workflow owes on another stream is done durably: a crash between the steps of a contract's ending
 * leaves the staff's hours reserved only until the projector starts again, then frees them once.
 */
describe('workflows across aggregates (e2e)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-workflows-'));
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'wf-bureau');
  const today = chinaDateOf(new Date());
  const lastYear = chinaYearOf(new Date()) - 1;
  const area = { city: 'xiamen', district: 'siming', street: 'zhonghua' };
  const communityId = 'wf-zhonghua';
  const fullTerms = { content: '驻站服务', quantity: '3 名社工', quality: '满意度 90%', priceFen: 1_000_000, settlementMethod: '按季度拨付' };
  const ids = { agency: '', doubtful: '', station: '', service: '', agencyStationBid: '', doubtfulBid: '', agencyServiceBid: '', sw1: '', sw2: '', outsider: '' };

  const store = (): EventStore => app.service.infrastructure.eventStore;
  const typesOf = async (streamId: string) => (await store().readStream(streamId)).map((event) => event.type);
  const post = (path: string, body: object | undefined, headers = bureau) => app.http().post(path).set(headers).send(body);
  const command = async (path: string, body: object | undefined, headers = bureau, status = 200) => {
    const response = await post(path, body, headers);
    if (response.status !== status) throw new Error(`${path}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as { id: string; position: number; bidId?: string; events: { type: string }[] };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Sends the request and proves nothing moved: no fact, no reservation, no undo, not even later. */
  const refusedWithoutTrace = async (path: string, body: object, status: number, code: string, watched: readonly string[] = [], headers?: ReturnType<typeof actor>) => {
    const head = await store().headPosition();
    const before = await Promise.all(watched.map((streamId) => store().readStream(streamId)));
    const response = await post(path, body, headers);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    // The workflows run off the subscription too: give a stray step the time to show.
    await sleep(150);
    expect(await store().headPosition()).toBe(head);
    expect(await Promise.all(watched.map((streamId) => store().readStream(streamId)))).toEqual(before);
    return response.body as { details: Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startTestApp({ DATA_DIR: dataDir });
    await command('/communities', { communityId, name: '中华社区', area, kind: 'urban', residents: 9800, households: 3700 }, bureau, 201);
    const organisation = async (name: string, code: string) =>
      (await command('/organisations', { name, kind: 'social_work_agency', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: 'siming', serviceCategories: ['elderly_care'], capacity: 5 }, bureau, 201)).id;
    ids.agency = await organisation('鹭岛社工', '52350203MJ0000101X');
    ids.doubtful = await organisation('存疑社工', '52350203MJ0000102X');
    await command(`/organisations/${ids.agency}/inspections`, { year: lastYear, result: 'passed' });
    const socialWorker = async (employerOrganisationId: string) =>
      (await command('/social-workers', { person: { name: '社工' }, base: { level: 'community', communityId }, hasSocialWorkDegree: true, employerOrganisationId }, bureau, 201)).id;
    ids.sw1 = await socialWorker(ids.agency);
    ids.sw2 = await socialWorker(ids.agency);
    ids.outsider = await socialWorker(ids.doubtful);

    // A street station and a service project, bought side by side.
    const design = (title: string, kind: string) => ({
      title, area, kind, ...(kind === 'social_work_station' ? { stationLevel: 'street' } : {}), categories: ['elderly_care'], needIds: [],
      budgetFen: 2_000_000, period: { start: today }, requirements: '', serviceItems: [{ name: '长者关爱', category: 'elderly_care' }],
    });
    ids.station = (await command('/projects', design('中华街道社工站', 'social_work_station'), bureau, 201)).id;
    ids.service = (await command('/projects', design('中华助餐', 'service_project'), bureau, 201)).id;
    const deadline = new Date(Date.now() + 1500);
    const bid = async (projectId: string, organisationId: string) =>
      (await command(`/projects/${projectId}/bids`, { organisationId, priceFen: 1_000_000, proposal: '方案' }, staffOf(organisationId))).bidId!;
    for (const projectId of [ids.station, ids.service]) {
      await command(`/projects/${projectId}/publish`, { deadline: deadline.toISOString(), eligibility: { description: '依法登记' } });
    }
    ids.agencyStationBid = await bid(ids.station, ids.agency);
    ids.doubtfulBid = await bid(ids.station, ids.doubtful);
    ids.agencyServiceBid = await bid(ids.service, ids.agency);
    await sleep(Math.max(0, deadline.getTime() - Date.now() + 50));
    for (const projectId of [ids.station, ids.service]) await command(`/projects/${projectId}/close-bidding`, undefined);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a station contract for the contractor's standing (rule 11) or missing terms (rule 4): nothing stored on any stream", async () => {
    // Standing changes between bid and award: the latest inspection failed.
    await command(`/organisations/${ids.doubtful}/inspections`, { year: lastYear, result: 'failed', reason: '财务报表不实' });
    const watched = [`organisation-${ids.doubtful}`, `organisation-${ids.agency}`, `project-${ids.station}`];
    // Refused at the award: the award promises a contract the organisation could not sign.
    const standing = await refusedWithoutTrace(`/projects/${ids.station}/award`, { bidId: ids.doubtfulBid }, 422, 'ORGANISATION_NOT_IN_GOOD_STANDING', watched);
    expect(standing.details).toMatchObject({ rule: 11, organisationId: ids.doubtful });
    await command(`/projects/${ids.station}/award`, { bidId: ids.agencyStationBid });
    await command(`/projects/${ids.service}/award`, { bidId: ids.agencyServiceBid });
    passStandstill();
    const { quality: _quality, ...incomplete } = fullTerms;
    const terms = await refusedWithoutTrace(`/projects/${ids.station}/contract`, { bidId: ids.agencyStationBid, contract: incomplete }, 422, 'CONTRACT_TERMS_INCOMPLETE', watched);
    expect(terms.details).toEqual({ rule: 4, missing: ['quality'] });
  });

  it('awards the station: the station-contract workflow records it on the organisation, caused by the signing', async () => {
    const awarded = await command(`/projects/${ids.station}/contract`, { bidId: ids.agencyStationBid, contract: fullTerms });
    await command(`/projects/${ids.service}/contract`, { bidId: ids.agencyServiceBid, contract: fullTerms });
    const [signed] = (await store().readStream(`project-${ids.station}`)).slice(-1);
    const [recorded] = (await store().readStream(`organisation-${ids.agency}`)).slice(-1);
    expect(awarded.events.map((event) => event.type)).toEqual(['OrganisationContracted']);
    expect(recorded).toMatchObject({ type: 'StationContractRecorded', metadata: { causationId: signed!.eventId, actor: { id: 'workflow:station-contract' } } });
  });

  it('refuses staffing that breaks a rule (40 h a week, rule 6, hours, unknown worker): nothing stored on any stream', async () => {
    await command(`/projects/${ids.station}/staff`, { socialWorkerId: ids.sw1, hoursPerWeek: 30 }, staffOf(ids.agency));
    const watched = [`socialworker-${ids.sw1}`, `socialworker-${ids.outsider}`, `project-${ids.station}`, `project-${ids.service}`];
    const overcommitted = await refusedWithoutTrace(`/projects/${ids.service}/staff`, { socialWorkerId: ids.sw1, hoursPerWeek: 20 }, 422, 'SOCIAL_WORKER_OVERCOMMITTED', watched, staffOf(ids.agency));
    expect(overcommitted.details).toMatchObject({ limitHoursPerWeek: 40, assignedHoursPerWeek: 30, requestedHoursPerWeek: 20 });
    await refusedWithoutTrace(`/projects/${ids.service}/staff`, { socialWorkerId: ids.outsider, hoursPerWeek: 10 }, 422, 'SUBCONTRACTING_FORBIDDEN', watched, staffOf(ids.agency));
    await refusedWithoutTrace(`/projects/${ids.service}/staff`, { socialWorkerId: 'no-such-worker', hoursPerWeek: 10 }, 404, 'SOCIAL_WORKER_NOT_FOUND', watched, staffOf(ids.agency));
    await refusedWithoutTrace(`/projects/no-such-project/staff`, { socialWorkerId: ids.sw2, hoursPerWeek: 10 }, 404, 'PROJECT_NOT_FOUND', watched, staffOf(ids.agency));
  });

  it('a crash between the steps of a contract ending: after the restart the hours are released exactly once', async () => {
    await command(`/projects/${ids.station}/staff`, { socialWorkerId: ids.sw2, hoursPerWeek: 10 }, staffOf(ids.agency));
    // The process dies on its way to the social workers: every release append fails until the restart.
    const dying = store();
    const append = dying.append.bind(dying);
    dying.append = async (streamId, events, expected) => {
      if (events.some((event) => event.type === 'SocialWorkerReleased')) throw new Error('the process died before the release');
      return append(streamId, events, expected);
    };
    const ended = await command(`/projects/${ids.station}/terminate`, { reason: '服务严重不达标' });
    expect(ended.events.map((event) => event.type)).toEqual(['ContractTerminated']);
    const runner = app.service.infrastructure.readModels.runner!;
    await eventually(async () => ((await runner.status()).find((status) => status.name === 'workflows')?.status === 'failed' ? true : undefined), 'the workflows projection to stop');
    // The first step (the station) is done, the second (the hours) is not.
    expect(await typesOf(`organisation-${ids.agency}`)).toEqual(['OrganisationRegistered', 'AnnualInspectionPassed', 'StationContractRecorded', 'StationContractReleased']);
    for (const socialWorkerId of [ids.sw1, ids.sw2]) expect((await typesOf(`socialworker-${socialWorkerId}`)).at(-1)).toBe('SocialWorkerAssigned');
    await app.close();

    app = await startTestApp({ DATA_DIR: dataDir });
    for (const socialWorkerId of [ids.sw1, ids.sw2]) {
      await eventually(async () => ((await typesOf(`socialworker-${socialWorkerId}`)).includes('SocialWorkerReleased') ? true : undefined), `${socialWorkerId} released`);
    }
    const head = await store().headPosition();
    for (const socialWorkerId of [ids.sw1, ids.sw2]) {
      expect((await typesOf(`socialworker-${socialWorkerId}`)).filter((type) => type === 'SocialWorkerReleased')).toHaveLength(1);
      const worker = await app.http().get(`/social-workers/${socialWorkerId}`).query({ minPosition: head });
      expect(worker.body.assignedHoursPerWeek).toBe(0);
    }
    expect((await typesOf(`organisation-${ids.agency}`)).filter((type) => type === 'StationContractReleased')).toHaveLength(1);
    const [release] = (await store().readStream(`socialworker-${ids.sw2}`)).slice(-1);
    expect(release!.metadata.causationId).toBe((await store().readStream(`project-${ids.station}`)).at(-1)!.eventId);
  });
});
