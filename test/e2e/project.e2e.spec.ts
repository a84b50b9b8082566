import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Response } from 'supertest';
import { chinaDateOf, chinaMonthOf, chinaYearOf, mondayOf, TERMINATED_BY_EVALUATION } from '#domain';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 政府购买服务 over HTTP: a street social-work station from design to completion, a district
 * general station that may not go to the same organisation (rule 5) and ends on an unqualified
 * evaluation (rule 9), and a service project whose deadlines pass (rules 3, 10).
 * Only Date is faked, so the test can step past bidding deadlines and months without waiting.
 */
describe('projects (e2e)', () => {
  let app: TestApp;
  const bureau = actor('civil_affairs_bureau', 'bureau-huli');
  const committee = actor('community_committee', 'committee-jiangtou');
  const resident = actor('resident', 'resident-1');

  const DAY = 24 * 60 * 60 * 1000;
  const travel = (ms: number) => jest.setSystemTime(new Date(Date.now() + ms));
  const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000).toISOString();
  const today = () => chinaDateOf(new Date());
  const year = () => chinaYearOf(new Date());

  const area = { city: 'xiamen', district: 'huli', street: 'jiangtou' };
  const communityId = 'jiangtou-e2e';
  const ids = {
    sunshine: '', harbour: '', youthLeague: '', failing: '',
    swQualified: '', swCertified: '', swUnqualified: '', swHarbour: '',
    need: '', otherDistrictNeed: '',
    station: '', general: '', service: '',
    sunshineBid: '', harbourBid: '',
  };

  /** Fails with the answer's body, so a wrong status explains itself. */
  const expectStatus = (response: Response, status: number) => {
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const post = (path: string, body?: object, headers: Record<string, string> = bureau) => app.http().post(path).set(headers).send(body);
  type Answer = { id: string; position: number; events: { type: string }[]; replayed: boolean; bidId?: string };
  const command = async (path: string, body?: object, headers?: Record<string, string>, status = 200) =>
    expectStatus(await post(path, body, headers), status) as Answer;
  const refused = async (path: string, body: object | undefined, status: number, code: string, headers?: Record<string, string>) => {
    const answer = expectStatus(await post(path, body, headers), status);
    expect(answer.code).toBe(code);
    return answer as { code: string; details: Record<string, unknown> };
  };
  const get = async (path: string, query: Record<string, string | number> = {}) => expectStatus(await app.http().get(path).query(query), 200);
  const project = (projectId: string, minPosition = 0) => get(`/projects/${projectId}`, { minPosition });
  const streamOf = (streamId: string) => app.service.infrastructure.eventStore.readStream(streamId);
  const typesOf = async (streamId: string) => (await streamOf(streamId)).map((event) => event.type);

  const registerOrganisation = async (name: string, kind: string, code: string, budgetFunded = false) =>
    (
      await command(
        '/organisations',
        { name, kind, unifiedSocialCreditCode: code, budgetFunded, city: 'xiamen', district: area.district, serviceCategories: ['elderly_care', 'community_governance'], capacity: 5 },
        bureau,
        201,
      )
    ).id;
  const registerSocialWorker = async (name: string, employerOrganisationId: string, hasSocialWorkDegree: boolean) =>
    (
      await command(
        '/social-workers',
        { person: { name }, base: { level: 'community', communityId }, hasSocialWorkDegree, employerOrganisationId },
        bureau,
        201,
      )
    ).id;

  const stationDesign = (overrides: Record<string, unknown> = {}) => ({
    title: '江头街道社工站',
    area,
    kind: 'social_work_station',
    stationLevel: 'street',
    categories: ['elderly_care', 'community_governance'],
    needIds: [ids.need],
    budgetFen: 150_000_000,
    period: { start: today() },
    requirements: '3 名以上社工, 三分之二持证',
    serviceItems: [
      { name: '长者关爱', category: 'elderly_care' },
      { name: '社区议事', category: 'community_governance' },
    ],
    ...overrides,
  });
  const fullTerms = {
    content: '街道社工站运营',
    quantity: '3 名社工驻站, 每周不少于 24 小时',
    quality: '居民满意度 90% 以上',
    priceFen: 140_000_000,
    settlementMethod: '按季度拨付',
  };
  const bid = (organisationId: string, priceFen = 140_000_000) => ({ organisationId, priceFen, proposal: '驻站服务方案' });

  /** Design -> publish -> bids -> (past the deadline) close: what every contract starts with. */
  const purchase = async (design: object, bidders: string[], priceFen?: number) => {
    const { id: projectId } = await command('/projects', design, bureau, 201);
    await command(`/projects/${projectId}/publish`, { deadline: inAnHour(), eligibility: { description: '依法登记的社会组织' } });
    const bidIds: string[] = [];
    for (const organisationId of bidders) bidIds.push((await command(`/projects/${projectId}/bids`, bid(organisationId, priceFen), staffOf(organisationId))).bidId!);
    travel(2 * 60 * 60 * 1000);
    await command(`/projects/${projectId}/close-bidding`);
    return { projectId, bidIds };
  };

  beforeAll(async () => {
    jest.useFakeTimers({
      advanceTimers: true,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    app = await startTestApp();
    await command('/communities', { communityId, name: '江头社区', area, kind: 'urban', residents: 9000, households: 3200 }, bureau, 201);
    await command('/communities', { communityId: 'zhonghua-e2e', name: '中华社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 5000, households: 2000 }, bureau, 201);

    ids.sunshine = await registerOrganisation('阳光社工服务中心', 'social_work_agency', '52350206MJ0000001X');
    ids.harbour = await registerOrganisation('海港社工事务所', 'social_work_agency', '52350206MJ0000002X');
    ids.youthLeague = await registerOrganisation('区团委', 'mass_organisation', '52350206MJ0000003X', true);
    ids.failing = await registerOrganisation('年检未过的协会', 'social_organisation', '52350206MJ0000004X');
    for (const organisationId of [ids.sunshine, ids.harbour, ids.youthLeague]) {
      await command(`/organisations/${organisationId}/inspections`, { year: year(), result: 'passed' });
    }
    await command(`/organisations/${ids.failing}/inspections`, { year: year(), result: 'failed', reason: '财务报表不实' });

    ids.swQualified = await registerSocialWorker('李明', ids.sunshine, true);
    ids.swCertified = await registerSocialWorker('陈芳', ids.sunshine, false);
    await command(`/social-workers/${ids.swCertified}/certify`, { grade: 'assistant', certificateNumber: 'SW-2025-0001', certifiedOn: '2025-06-30' });
    ids.swUnqualified = await registerSocialWorker('张伟', ids.sunshine, false);
    ids.swHarbour = await registerSocialWorker('王强', ids.harbour, true);

    const need = { category: 'elderly_care', title: '独居老人探访', description: '每周探访', urgency: 'high', source: 'visit', beneficiaries: 12 };
    ids.need = (await command('/needs', { ...need, communityId }, committee, 201)).id;
    ids.otherDistrictNeed = (await command('/needs', { ...need, communityId: 'zhonghua-e2e' }, committee, 201)).id;
  });

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
  });

  describe('designing a project', () => {
    it('refuses a design naming an unknown need, a need of another district, or a station service rule 8 excludes; nothing is stored', async () => {
      const before = await get('/projects', { limit: 100 });
      await refused('/projects', stationDesign({ needIds: ['no-such-need'] }), 404, 'NEED_NOT_FOUND');
      const outside = await refused('/projects', stationDesign({ needIds: [ids.otherDistrictNeed] }), 422, 'NEED_OUTSIDE_PROJECT_AREA');
      expect(outside.details).toMatchObject({ needId: ids.otherDistrictNeed, level: 'district' });
      const confidential = await refused(
        '/projects',
        stationDesign({ serviceItems: [{ name: '街道保密文件整理', category: 'community_governance', confidential: true }] }),
        422,
        'NOT_A_STATION_SERVICE',
      );
      expect(confidential.details).toMatchObject({ rule: 8 });
      await refused('/projects', stationDesign({ stationLevel: undefined }), 400, 'STATION_LEVEL_REQUIRED');
      expect((await get('/projects', { limit: 100 })).items).toHaveLength(before.items.length);
    });

    it('refuses unknown fields, wrong types and a command without an actor', async () => {
      const unknownField = await refused('/projects', stationDesign({ contractorId: 'x' }), 400, 'VALIDATION_FAILED');
      expect(unknownField.details.fields).toEqual([expect.objectContaining({ field: 'contractorId' })]);
      const wrongType = await refused('/projects', stationDesign({ budgetFen: '150000000' }), 400, 'VALIDATION_FAILED');
      expect(wrongType.details.fields).toEqual([expect.objectContaining({ field: 'budgetFen' })]);
      await refused('/projects', stationDesign({ serviceItems: [{ name: '长者关爱', category: 'elderly_care', secret: 1 }] }), 400, 'VALIDATION_FAILED');
      const anonymous = await app.http().post('/projects').send(stationDesign());
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('AUTHENTICATION_REQUIRED');
    });

    it('designs a street station for a listed need, for 3 years unless stated (rule 4)', async () => {
      const headers = { ...bureau, 'Idempotency-Key': 'design-jiangtou-station' };
      const designed = await command('/projects', stationDesign(), headers, 201);
      const retried = await command('/projects', stationDesign(), headers, 201);
      expect(retried).toMatchObject({ id: designed.id, replayed: true });
      ids.station = designed.id;

      const detail = await project(ids.station, designed.position);
      expect(detail).toMatchObject({
        projectId: ids.station,
        status: 'designed',
        kind: 'social_work_station',
        stationLevel: 'street',
        area: { ...area, community: '' },
        needIds: [ids.need],
        period: { start: today(), months: 36 },
        bids: [],
        weeklyHours: [],
        contractor: null,
      });
      expect(await typesOf(`project-${ids.station}`)).toEqual(['ProjectDesigned']);
    });
  });

  describe('a street social-work station, purchased and run', () => {
    it('publishes the station for purchase with a bidding deadline', async () => {
      const deadline = inAnHour();
      const published = await command(`/projects/${ids.station}/publish`, { deadline, eligibility: { description: '依法登记的社会组织或企业' } });
      expect(await project(ids.station, published.position)).toMatchObject({ status: 'published', bidDeadline: deadline, minimumGrade: 0 });
    });

    it('takes bids from eligible organisations only: not a budget-funded mass organisation (rule 7) nor one that failed inspection (rule 11)', async () => {
      const sunshineBid = await command(`/projects/${ids.station}/bids`, bid(ids.sunshine), staffOf(ids.sunshine));
      ids.sunshineBid = sunshineBid.bidId!;
      expect(ids.sunshineBid).toEqual(expect.any(String));

      const massOrganisation = await refused(`/projects/${ids.station}/bids`, bid(ids.youthLeague), 422, 'BIDDER_NOT_ELIGIBLE', staffOf(ids.youthLeague));
      expect(massOrganisation.details).toMatchObject({ rule: 7 });
      const failedInspection = await refused(`/projects/${ids.station}/bids`, bid(ids.failing), 422, 'ORGANISATION_NOT_IN_GOOD_STANDING', staffOf(ids.failing));
      expect(failedInspection.details).toMatchObject({ rule: 11, latestInspection: 'failed' });
      await refused(`/projects/${ids.station}/bids`, bid(ids.harbour, 999_000_000), 422, 'BID_EXCEEDS_BUDGET', staffOf(ids.harbour));
      await refused(`/projects/${ids.station}/bids`, bid('no-such-organisation'), 404, 'ORGANISATION_NOT_FOUND', staffOf('no-such-organisation'));

      const harbourBid = await command(`/projects/${ids.station}/bids`, bid(ids.harbour, 130_000_000), staffOf(ids.harbour));
      await refused(`/projects/${ids.station}/bids/no-such-bid/withdraw`, undefined, 404, 'BID_NOT_FOUND', staffOf(ids.harbour));
      const withdrawn = await command(`/projects/${ids.station}/bids/${harbourBid.bidId}/withdraw`, undefined, staffOf(ids.harbour));

      const bids = await get(`/projects/${ids.station}/bids`, { minPosition: withdrawn.position });
      expect(bids.items.map((item: { organisationId: string; status: string }) => [item.organisationId, item.status]).sort()).toEqual(
        [
          [ids.sunshine, 'submitted'],
          [ids.harbour, 'withdrawn'],
        ].sort(),
      );
      const standing = await get(`/projects/${ids.station}/bids`, { status: 'withdrawn' });
      expect(standing.items).toHaveLength(1);
      expect((await project(ids.station)).bids).toHaveLength(2);
    });

    it('closes bidding at the deadline, not before, and takes no bid after it', async () => {
      await refused(`/projects/${ids.station}/close-bidding`, undefined, 409, 'BIDDING_STILL_OPEN');
      travel(2 * 60 * 60 * 1000);
      await refused(`/projects/${ids.station}/bids`, bid(ids.harbour), 409, 'BIDDING_CLOSED', staffOf(ids.harbour));
      const closed = await command(`/projects/${ids.station}/close-bidding`);
      const detail = await project(ids.station, closed.position);
      expect(detail.status).toBe('bidding_closed');
      expect(detail.bids.find((item: { bidId: string }) => item.bidId === ids.sunshineBid).status).toBe('standing');
    });

    it('signs no contract before the award is announced and its standstill (质疑期) has run', async () => {
      await refused(`/projects/${ids.station}/contract`, { bidId: ids.sunshineBid, contract: fullTerms }, 409, 'AWARD_NOT_ANNOUNCED');
      const announced = await command(`/projects/${ids.station}/award`, { bidId: ids.sunshineBid });
      expect(announced.events.map((event) => event.type)).toEqual(['AwardAnnounced']);
      const running = await refused(`/projects/${ids.station}/contract`, { bidId: ids.sunshineBid, contract: fullTerms }, 409, 'STANDSTILL_PERIOD_RUNNING');
      expect(running.details.standstillLastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect((await project(ids.station, announced.position)).status).toBe('awarded');
      travel(12 * DAY);
    });

    it('refuses a contract that omits terms (rule 4) and stores nothing on any stream: no station reserved, none undone', async () => {
      const head = await app.service.infrastructure.eventStore.headPosition();
      const organisationBefore = await streamOf(`organisation-${ids.sunshine}`);
      await refused(`/projects/${ids.station}/contract`, { bidId: 'no-such-bid', contract: fullTerms }, 404, 'BID_NOT_FOUND');
      const { quality: _quality, settlementMethod: _settlement, ...incomplete } = fullTerms;
      const answer = await refused(`/projects/${ids.station}/contract`, { bidId: ids.sunshineBid, contract: incomplete }, 422, 'CONTRACT_TERMS_INCOMPLETE');
      expect(answer.details).toEqual({ rule: 4, missing: ['quality', 'settlementMethod'] });

      expect(await app.service.infrastructure.eventStore.headPosition()).toBe(head);
      expect(await streamOf(`organisation-${ids.sunshine}`)).toEqual(organisationBefore);
    });

    it('awards the contract with every term; the organisation holds the station, and a retry adds nothing', async () => {
      const headers = { ...bureau, 'Idempotency-Key': 'award-jiangtou-station' };
      const awarded = await command(`/projects/${ids.station}/contract`, { bidId: ids.sunshineBid, contract: fullTerms }, headers);
      expect(awarded.events.map((event) => event.type)).toEqual(['OrganisationContracted']);
      const organisationEvents = (await streamOf(`organisation-${ids.sunshine}`)).length;
      const retried = await command(`/projects/${ids.station}/contract`, { bidId: ids.sunshineBid, contract: fullTerms }, headers);
      expect(retried.replayed).toBe(true);
      expect(await streamOf(`organisation-${ids.sunshine}`)).toHaveLength(organisationEvents);

      const detail = await project(ids.station, awarded.position);
      expect(detail).toMatchObject({
        status: 'contracted',
        contractor: { organisationId: ids.sunshine, name: '阳光社工服务中心' },
        contractPriceFen: fullTerms.priceFen,
        contract: { bidId: ids.sunshineBid, termMonths: 36, settlementMethod: fullTerms.settlementMethod, staffOnPostAt: null },
        reportsOwed: [],
      });
      const organisation = await get(`/organisations/${ids.sunshine}`, { minPosition: awarded.position });
      expect(organisation.stationContracts).toBe(1);
    });

    it("refuses another organisation's social worker as staff (rule 6) before holding any of the worker's hours", async () => {
      const workerBefore = await streamOf(`socialworker-${ids.swHarbour}`);
      const answer = await refused(`/projects/${ids.station}/staff`, { socialWorkerId: ids.swHarbour, hoursPerWeek: 30 }, 422, 'SUBCONTRACTING_FORBIDDEN', staffOf(ids.sunshine));
      expect(answer.details).toMatchObject({ rule: 6, contractorOrganisationId: ids.sunshine, employerOrganisationId: ids.harbour });
      // No reservation and no undo: the rule is checked on the worker's stream first.
      expect(await streamOf(`socialworker-${ids.swHarbour}`)).toHaveLength(workerBefore.length);
      expect((await project(ids.station)).staffMembers).toEqual([]);
    });

    it('refuses to confirm an understaffed station on post (rule 1)', async () => {
      await command(`/projects/${ids.station}/staff`, { socialWorkerId: ids.swQualified, hoursPerWeek: 30 }, staffOf(ids.sunshine));
      await command(`/projects/${ids.station}/staff`, { socialWorkerId: ids.swCertified, hoursPerWeek: 30 }, staffOf(ids.sunshine));
      const answer = await refused(`/projects/${ids.station}/staff-on-post`, undefined, 422, 'STATION_UNDERSTAFFED');
      expect(answer.details).toMatchObject({ rule: 1, staff: 2, qualified: 2, minimumStaff: 3 });
    });

    it('confirms three staff, two thirds qualified, on post within the month (rules 1, 3)', async () => {
      const assigned = await command(`/projects/${ids.station}/staff`, { socialWorkerId: ids.swUnqualified, hoursPerWeek: 30 }, staffOf(ids.sunshine));
      const worker = await get(`/social-workers/${ids.swUnqualified}`, { minPosition: assigned.position });
      expect(worker.assignedHoursPerWeek).toBe(30);

      const confirmed = await command(`/projects/${ids.station}/staff-on-post`);
      const detail = await project(ids.station, confirmed.position);
      expect(detail.staff).toEqual({ count: 3, qualified: 2, meetsStationRule: true });
      expect(detail.contract.staffOnPostAt).not.toBeNull();
      expect(detail.staffMembers.map((member: { socialWorkerId: string; qualified: boolean }) => [member.socialWorkerId, member.qualified]).sort()).toEqual(
        [
          [ids.swQualified, true],
          [ids.swCertified, true],
          [ids.swUnqualified, false],
        ].sort(),
      );
    });

    it('refuses a delivery by another organisation (rule 6) and a confidential matter of the street government (rule 8)', async () => {
      const delivery = {
        deliveryId: 'refused-delivery',
        deliveredBy: { organisationId: ids.harbour, socialWorkerIds: [], volunteerIds: ['volunteer-1'] },
        category: 'elderly_care',
        serviceItem: { name: '长者关爱' },
        hours: 3,
        beneficiaries: 5,
        communityId,
        deliveredOn: today(),
      };
      const subcontracted = await refused(`/projects/${ids.station}/deliveries`, delivery, 422, 'SUBCONTRACTING_FORBIDDEN', staffOf(ids.sunshine));
      expect(subcontracted.details).toMatchObject({ rule: 6, organisationId: ids.harbour });
      const confidential = await refused(
        `/projects/${ids.station}/deliveries`,
        { ...delivery, deliveredBy: { ...delivery.deliveredBy, organisationId: ids.sunshine }, serviceItem: { name: '街道保密文件整理', confidential: true } },
        422,
        'NOT_A_STATION_SERVICE',
        staffOf(ids.sunshine),
      );
      expect(confidential.details).toMatchObject({ rule: 8 });
      await refused(`/projects/${ids.station}/deliveries`, { ...delivery, hoursBySocialWorker: { [ids.swQualified]: 'all day' } }, 400, 'VALIDATION_FAILED', staffOf(ids.sunshine));
      // A community the contractor's staff may read but the project does not serve: the rule says why.
      const ours = { ...delivery, deliveredBy: { ...delivery.deliveredBy, organisationId: ids.sunshine } };
      await refused(`/projects/${ids.station}/deliveries`, { ...ours, communityId: 'zhonghua-e2e' }, 422, 'COMMUNITY_OUTSIDE_PROJECT_AREA', staffOf(ids.sunshine));
      // One of another city, which the staff (area xiamen) may not read, answers exactly as an unknown id: nothing about its area.
      await command('/communities', { communityId: 'gulou-e2e', name: '鼓楼社区', area: { city: 'fuzhou', district: 'gulou', street: 'dongjie' }, kind: 'urban', residents: 5000, households: 2000 }, actor('civil_affairs_bureau', 'bureau-fuzhou', { city: 'fuzhou' }), 201);
      const answerFor = async (id: string) => {
        const response = await post(`/projects/${ids.station}/deliveries`, { ...ours, communityId: id }, staffOf(ids.sunshine));
        return { status: response.status, code: response.body.code as unknown, message: String(response.body.message).replaceAll(id, '<id>'), details: JSON.stringify(response.body.details ?? {}).replaceAll(id, '<id>') };
      };
      expect(await answerFor('gulou-e2e')).toEqual(await answerFor('nowhere-e2e'));
      expect(await answerFor('gulou-e2e')).toMatchObject({ status: 404, code: 'COMMUNITY_NOT_FOUND' });
      expect((await project(ids.station)).deliveries).toBe(0);
    });

    it("logs a week's service and shows each social worker's weekly hours against rule 2 (24 h)", async () => {
      const week = mondayOf(today());
      const delivery = {
        deliveryId: 'week-1',
        deliveredBy: { organisationId: ids.sunshine, socialWorkerIds: [ids.swQualified, ids.swCertified], volunteerIds: [] },
        hoursBySocialWorker: { [ids.swQualified]: 26, [ids.swCertified]: 12 },
        category: 'elderly_care',
        serviceItem: { name: '长者关爱' },
        hours: 26,
        beneficiaries: 40,
        communityId,
        deliveredOn: today(),
        weekOf: week,
      };
      const delivered = await command(`/projects/${ids.station}/deliveries`, delivery, staffOf(ids.sunshine));
      expect(delivered.events.map((event) => event.type)).toEqual(['ServiceDelivered']);
      const resent = await command(`/projects/${ids.station}/deliveries`, delivery, staffOf(ids.sunshine));
      expect(resent.events).toEqual([]);

      const detail = await project(ids.station, delivered.position);
      expect(detail).toMatchObject({ deliveries: 1, socialWorkerHours: 38, beneficiariesServed: 40 });
      expect(detail.weeklyHours).toEqual(
        expect.arrayContaining([
          { socialWorkerId: ids.swQualified, weekOf: week, hours: 26, meetsRule2: true },
          { socialWorkerId: ids.swCertified, weekOf: week, hours: 12, meetsRule2: false },
        ]),
      );
      expect(detail.weeklyHours).toHaveLength(2);
      const filtered = await get(`/projects/${ids.station}`, { weekOf: '2000-01-03' });
      expect(filtered.weeklyHours).toEqual([]);
    });

    it('records residents’ ratings (好差评)', async () => {
      const rated = await command(`/projects/${ids.station}/ratings`, { ratingId: 'rating-1', deliveryId: 'week-1', rating: 'good', score: 5, comment: '很贴心' }, resident);
      await refused(`/projects/${ids.station}/ratings`, { ratingId: 'rating-2', rating: 'good', score: 6 }, 400, 'VALIDATION_FAILED', resident);
      expect((await project(ids.station, rated.position)).satisfaction).toEqual({ good: 1, bad: 0, ratings: 1, averageScore: 5 });
    });
  });

  describe('a district general station (rules 5 and 9)', () => {
    it('will not contract the general station to the organisation holding a street station of the district (rule 5); nothing is stored on the project', async () => {
      const { projectId, bidIds } = await purchase(
        stationDesign({ title: '湖里区社工总站', area: { city: area.city, district: area.district }, stationLevel: 'general' }),
        [ids.sunshine, ids.harbour],
      );
      ids.general = projectId;
      const [sunshineBid, harbourBid] = bidIds;
      const before = await streamOf(`project-${projectId}`);
      const organisationBefore = await streamOf(`organisation-${ids.sunshine}`);

      // Refused at the award already: the award promises a contract the organisation could not sign.
      const answer = await refused(`/projects/${projectId}/award`, { bidId: sunshineBid }, 422, 'STATION_LEVELS_CONFLICT');
      expect(answer.details).toMatchObject({ rule: 5, district: area.district, heldProjectId: ids.station, stationLevel: 'general' });
      expect(await streamOf(`project-${projectId}`)).toHaveLength(before.length);
      expect(await streamOf(`organisation-${ids.sunshine}`)).toHaveLength(organisationBefore.length);
      expect((await project(projectId)).status).toBe('bidding_closed');

      ids.harbourBid = harbourBid!;
      await command(`/projects/${projectId}/award`, { bidId: harbourBid });
      travel(12 * DAY);
      const awarded = await command(`/projects/${projectId}/contract`, { bidId: harbourBid, contract: fullTerms });
      expect((await project(projectId, awarded.position)).contractor.organisationId).toBe(ids.harbour);
      expect((await get(`/organisations/${ids.harbour}`, { minPosition: awarded.position })).stationContracts).toBe(1);
    });

    it('reserves a social worker’s hours first: another organisation’s worker (rule 6) stores nothing on either stream', async () => {
      const workerBefore = await streamOf(`socialworker-${ids.swQualified}`);
      const projectBefore = await streamOf(`project-${ids.general}`);
      await refused(`/projects/${ids.general}/staff`, { socialWorkerId: ids.swQualified, hoursPerWeek: 20 }, 422, 'SUBCONTRACTING_FORBIDDEN', staffOf(ids.harbour));
      expect(await streamOf(`socialworker-${ids.swQualified}`)).toHaveLength(workerBefore.length);
      expect(await streamOf(`project-${ids.general}`)).toHaveLength(projectBefore.length);
    });

    it('releases a staff member from the project and from their weekly hours', async () => {
      await command(`/projects/${ids.general}/staff`, { socialWorkerId: ids.swHarbour, hoursPerWeek: 20 }, staffOf(ids.harbour));
      const released = await command(`/projects/${ids.general}/staff/${ids.swHarbour}/release`, { reason: '调岗' }, staffOf(ids.harbour));
      expect(released.events.map((event) => event.type)).toEqual(['ProjectStaffReleased']);
      expect((await get(`/social-workers/${ids.swHarbour}`, { minPosition: released.position })).assignedHoursPerWeek).toBe(0);
      const detail = await project(ids.general, released.position);
      expect(detail.staff.count).toBe(0);
      expect(detail.staffMembers).toEqual([expect.objectContaining({ socialWorkerId: ids.swHarbour, active: false })]);
      await refused(`/projects/${ids.general}/staff/${ids.swHarbour}/release`, { reason: '再次' }, 409, 'STAFF_NOT_ASSIGNED', staffOf(ids.harbour));
    });

    it('terminates the contract on an unqualified annual evaluation (rule 9) and frees the organisation and its staff', async () => {
      const assigned = await command(`/projects/${ids.general}/staff`, { socialWorkerId: ids.swHarbour, hoursPerWeek: 20 }, staffOf(ids.harbour));
      expect((await get(`/social-workers/${ids.swHarbour}`, { minPosition: assigned.position })).assignedHoursPerWeek).toBe(20);
      const evaluated = await command(`/projects/${ids.general}/evaluations`, { year: year(), grade: 'unqualified', score: 52 });
      expect(evaluated.events.map((event) => event.type)).toEqual(['ContractEvaluated', 'ContractTerminated']);

      const detail = await project(ids.general, evaluated.position);
      expect(detail).toMatchObject({ status: 'terminated', terminationReason: TERMINATED_BY_EVALUATION });
      expect(detail.evaluations).toEqual([expect.objectContaining({ year: year(), grade: 'unqualified', continues: false })]);
      expect((await get(`/organisations/${ids.harbour}`, { minPosition: evaluated.position })).stationContracts).toBe(0);
      expect((await get(`/social-workers/${ids.swHarbour}`, { minPosition: evaluated.position })).assignedHoursPerWeek).toBe(0);
      const released = (await streamOf(`organisation-${ids.harbour}`)).at(-1)!;
      expect(released.type).toBe('StationContractReleased');
      expect(released.metadata.causationId).toBe((await streamOf(`project-${ids.general}`)).at(-1)!.eventId);

      await refused(`/projects/${ids.general}/deliveries`, {
        deliveryId: 'after-termination',
        deliveredBy: { organisationId: ids.harbour, socialWorkerIds: [ids.swHarbour], volunteerIds: [] },
        category: 'elderly_care',
        serviceItem: { name: '长者关爱' },
        hours: 2,
        beneficiaries: 1,
        communityId,
        deliveredOn: today(),
      }, 409, 'CONTRACT_NOT_ACTIVE', staffOf(ids.harbour));
    });
  });

  describe('completing the street station', () => {
    it('continues a contract evaluated good (rule 9)', async () => {
      const evaluated = await command(`/projects/${ids.station}/evaluations`, { year: year(), grade: 'good', score: 88 });
      expect(evaluated.events.map((event) => event.type)).toEqual(['ContractEvaluated']);
      expect((await project(ids.station, evaluated.position)).status).toBe('contracted');
      await refused(`/projects/${ids.station}/evaluations`, { year: year(), grade: 'excellent', score: 95 }, 409, 'CONTRACT_ALREADY_EVALUATED');
    });

    it('refuses to complete before the mid-term and final reports are filed (rule 10)', async () => {
      const { signedAt } = await project(ids.station);
      await command(`/projects/${ids.station}/reports`, { reportId: 'brief-1', kind: 'monthly_brief', period: chinaMonthOf(new Date(signedAt)), summary: '本月走访 40 户' }, staffOf(ids.sunshine));
      const answer = await refused(`/projects/${ids.station}/complete`, undefined, 422, 'REPORTS_MISSING');
      expect(answer.details).toEqual({ rule: 10, missing: ['mid_term', 'final'] });
      expect((await project(ids.station)).status).toBe('contracted');
    });

    it('completes once the reports are in, freeing the station on the organisation and the staff’s hours', async () => {
      await command(`/projects/${ids.station}/reports`, { reportId: 'mid-1', kind: 'mid_term', period: '第一年上半年', summary: '中期评估自评' }, staffOf(ids.sunshine));
      await command(`/projects/${ids.station}/reports`, { reportId: 'final-1', kind: 'final', period: '全周期', summary: '终期报告' }, staffOf(ids.sunshine));
      const completed = await command(`/projects/${ids.station}/complete`);
      expect(completed.events.map((event) => event.type)).toEqual(['ProjectCompleted']);

      const detail = await project(ids.station, completed.position);
      expect(detail).toMatchObject({ status: 'completed', reports: { filed: 3, overdue: 0 } });
      expect(detail.reportsFiled.map((report: { kind: string }) => report.kind).sort()).toEqual(['final', 'mid_term', 'monthly_brief']);
      expect((await get(`/organisations/${ids.sunshine}`, { minPosition: completed.position })).stationContracts).toBe(0);
      for (const socialWorkerId of [ids.swQualified, ids.swCertified, ids.swUnqualified]) {
        expect((await get(`/social-workers/${socialWorkerId}`, { minPosition: completed.position })).assignedHoursPerWeek).toBe(0);
      }
    });
  });

  describe('GET /projects', () => {
    it('filters by status, kind, category and area', async () => {
      const idsOf = (page: { items: { projectId: string }[] }) => page.items.map((item) => item.projectId).sort();
      expect(idsOf(await get('/projects', { kind: 'social_work_station' }))).toEqual([ids.station, ids.general].sort());
      expect(idsOf(await get('/projects', { status: 'completed' }))).toEqual([ids.station]);
      expect(idsOf(await get('/projects', { status: 'terminated', district: area.district }))).toEqual([ids.general]);
      expect(idsOf(await get('/projects', { street: area.street }))).toEqual([ids.station]);
      expect(idsOf(await get('/projects', { category: 'community_governance', contractorOrganisationId: ids.harbour }))).toEqual([ids.general]);
      expect(idsOf(await get('/projects', { kind: 'service_project' }))).toEqual([]);
      expect((await app.http().get('/projects').query({ status: 'lost' })).status).toBe(400);
    });

    it('pages with a cursor, newest design first', async () => {
      const first = await get('/projects', { limit: 1 });
      expect(first.items.map((item: { projectId: string }) => item.projectId)).toEqual([ids.general]);
      const second = await get('/projects', { limit: 1, cursor: first.nextCursor });
      expect(second.items.map((item: { projectId: string }) => item.projectId)).toEqual([ids.station]);
      expect(second.nextCursor).toBeNull();
    });

    it('answers 404 PROJECT_NOT_FOUND for an unknown project and its bids', async () => {
      for (const path of ['/projects/no-such-project', '/projects/no-such-project/bids']) {
        const response = await app.http().get(path);
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('PROJECT_NOT_FOUND');
      }
      await refused('/projects/no-such-project/complete', undefined, 404, 'PROJECT_NOT_FOUND');
    });
  });

  describe('a service project whose deadlines pass (rules 3, 10)', () => {
    it('owes its monthly brief once the month is over and can no longer confirm staff after a month (rule 3)', async () => {
      const { projectId, bidIds } = await purchase(
        {
          title: '江头社区儿童之家',
          area: { ...area, community: communityId },
          kind: 'service_project',
          categories: ['child_welfare'],
          budgetFen: 20_000_000,
          period: { start: today(), months: 12 },
          requirements: '课后托管',
          serviceItems: [{ name: '四点半课堂', category: 'child_welfare' }],
        },
        [ids.sunshine],
        18_000_000,
      );
      ids.service = projectId;
      await command(`/projects/${projectId}/award`, { bidId: bidIds[0] });
      travel(12 * DAY);
      const awarded = await command(`/projects/${projectId}/contract`, { bidId: bidIds[0], contract: { ...fullTerms, priceFen: 18_000_000, termMonths: 12 } });
      const signed = await project(projectId, awarded.position);
      expect(signed.contract.termMonths).toBe(12);
      // Not a station: the organisation's station contracts are untouched.
      expect((await get(`/organisations/${ids.sunshine}`, { minPosition: awarded.position })).stationContracts).toBe(0);

      travel(40 * DAY);
      const late = await project(projectId);
      expect(late.reportsOwed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'monthly_brief', period: chinaMonthOf(new Date(signed.signedAt)) })]));
      expect(late.reports.overdue).toBe(late.reportsOwed.length);

      const answer = await refused(`/projects/${projectId}/staff-on-post`, undefined, 422, 'STAFF_ON_POST_DEADLINE_MISSED');
      expect(answer.details).toMatchObject({ rule: 3, deadline: signed.contract.staffOnPostDeadline });

      const terminated = await command(`/projects/${projectId}/terminate`, { reason: '未按期到岗' });
      expect((await project(projectId, terminated.position)).status).toBe('terminated');
      await refused(`/projects/${projectId}/terminate`, { reason: 'again' }, 409, 'CONTRACT_NOT_ACTIVE');
    });
  });
});
