import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Kysely } from 'kysely';
import type { Response } from 'supertest';
import { createReadModelProjections, dumpProjectionTables, GRANT_ROUNDS, RESOURCES_LIST } from '#read-models';
import { caughtUpHead } from '../support/read-models.js';
import { storeVariants } from '../support/store-variants.js';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * 公益创投 over HTTP (issue 13 item 8; seed 000 完善项目申报评估审批机制): a district bureau opens a round, appoints
 * three reviewers, three organisations apply (one withdraws and applies again), each reviewer tied to an
 * applicant is refused for it (its own organisation, its employer through the linked social worker, a
 * declared tie), the others score, applications close at the deadline, the award funds whole requests
 * down the ranking within the budget, and the grants appear on the resources list. Every bad input
 * answers its code and stores nothing.
 */
describe.each(storeVariants('grant-rounds'))('公益创投 grant rounds (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;
  const area = { city: 'xiamen', district: 'huli' };
  const bureau = actor('civil_affairs_bureau', 'bureau-grants', area);
  const cityBureau = actor('civil_affairs_bureau', 'bureau-grants-city');
  const ids = { a: '', b: '', c: '', worker: '', round: '', appA: '', appB: '', appC: '' };
  // Friday 4 December 2026, 10:00 Beijing; applications close Monday 7 December 17:00, reviews on the 18th.
  const START = new Date('2026-12-04T02:00:00.000Z');
  const round = {
    title: '2027 年湖里区社区公益创投',
    funder: { kind: 'civil_affairs_bureau', name: '湖里区民政局' },
    area,
    criteria: [{ name: '需求分析', points: 30 }, { name: '项目设计', points: 40 }, { name: '预算合理性', points: 30 }],
    budgetFen: 1_000_000,
    passingScore: 60,
    applicationDeadline: '2026-12-07T17:00',
    reviewDeadline: '2026-12-18T17:00',
  };
  // Reviewers: a social worker employed by B (token linked to its record), staff of A, an official who declares a tie to C.
  const reviewer1 = () => actor('social_worker', 'expert-1', { city: 'xiamen' }, undefined, ids.worker);
  const reviewer2 = () => actor('social_organisation', 'expert-2', { city: 'xiamen' }, ids.a);
  const reviewer3 = actor('civil_affairs_bureau', 'expert-3', { city: 'xiamen' });

  const expectStatus = (response: Response, status: number): Json => {
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Json;
  };
  const post = (path: string, body: object | undefined, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const command = async (path: string, body: object | undefined, headers: Record<string, string> = bureau) => expectStatus(await post(path, body, headers), 200);
  const head = () => app.service.infrastructure.eventStore.headPosition();
  const roundFacts = async () => (ids.round ? (await app.service.infrastructure.eventStore.readStream(`grantround-${ids.round}`)).length : 0);
  /** A refusal answers its code and stores nothing: not on the round's stream, not anywhere. */
  const refused = async (path: string, body: object | undefined, status: number, code: string, headers: Record<string, string> = bureau): Promise<Json> => {
    const [before, facts] = [await head(), await roundFacts()];
    const answer = expectStatus(await post(path, body, headers), status);
    expect(answer.code).toBe(code);
    expect(await head()).toBe(before);
    expect(await roundFacts()).toBe(facts);
    return answer;
  };
  const register = async (name: string, code: string) =>
    expectStatus(await post('/organisations', { name, kind: 'social_work_agency', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: 'huli', serviceCategories: ['elderly_care'], capacity: 5 }, bureau), 201).id as string;
  const design = (title: string, requestedFen: number, communityIds = ['grants-taishan']) => ({
    title, category: 'elderly_care', summary: `${title}：为社区长者提供服务`, communityIds, beneficiaries: 40,
    budgetLines: [{ item: '服务费', amountFen: requestedFen - 100_000 }, { item: '物资', amountFen: 100_000 }],
  });
  const apply = async (organisationId: string, body: object) => (await command(`/grant-rounds/${ids.round}/applications`, { organisationId, design: body }, staffOf(organisationId))).applicationId as string;
  const scores = (c1: number, c2: number, c3: number) => ({ scores: [{ criterionId: 'c1', score: c1 }, { criterionId: 'c2', score: c2 }, { criterionId: 'c3', score: c3 }] });
  const scorePath = (applicationId: string) => `/grant-rounds/${ids.round}/applications/${applicationId}/scores`;

  beforeAll(async () => {
    // Only Date moves: the service's timers run in real time.
    jest.useFakeTimers({
      advanceTimers: true,
      now: START,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    app = await startTestApp(env());
    expectStatus(await post('/communities', { communityId: 'grants-taishan', name: '泰山社区', area: { ...area, street: 'jiangtou' }, kind: 'urban', residents: 9000, households: 3000 }, cityBureau), 201);
    expectStatus(await post('/communities', { communityId: 'grants-dazhong', name: '大中社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 7000, households: 2500 }, cityBureau), 201);
    ids.a = await register('湖里区阳光社工服务中心', '52350206MJ0000G01X');
    ids.b = await register('湖里区海港社工事务所', '52350206MJ0000G02X');
    ids.c = await register('湖里区长青志愿服务协会', '52350206MJ0000G03X');
    ids.worker = expectStatus(await post('/social-workers', {
      person: { name: '陈晓燕', phone: '13900000001', idNumber: '35020319900101123X' },
      base: { level: 'community', communityId: 'grants-taishan' }, hasSocialWorkDegree: true, employerOrganisationId: ids.b,
    }, bureau), 201).id as string;
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  it('opens a round only for a bureau or charity, with criteria points summing to 100', async () => {
    await refused('/grant-rounds', round, 403, 'ROLE_NOT_PERMITTED', staffOf('someone'));
    await refused('/grant-rounds', { ...round, area: { city: 'xiamen', district: 'siming' } }, 403, 'OUTSIDE_YOUR_AREA');
    const sum = await refused('/grant-rounds', { ...round, criteria: [{ name: '需求分析', points: 30 }, { name: '项目设计', points: 60 }] }, 400, 'GRANT_CRITERIA_INVALID');
    expect(sum.details).toMatchObject({ total: 90 });
    await refused('/grant-rounds', { ...round, applicationDeadline: '2026-12-01T17:00' }, 400, 'GRANT_DEADLINES_INVALID');
    await refused('/grant-rounds', { ...round, funder: { kind: 'community_foundation', name: '某基金会' } }, 400, 'GRANT_FUNDER_INVALID');
    await refused('/grant-rounds', { ...round, reviewsRequired: 0 }, 400, 'VALIDATION_FAILED');
    const opened = expectStatus(await post('/grant-rounds', round, bureau), 201);
    ids.round = opened.id as string;
    expect(opened.events.map((event: Json) => event.type)).toEqual(['GrantRoundOpened']);
    for (const [subject, declaredTies] of [['expert-1', []], ['expert-2', []], ['expert-3', [ids.c]]] as const) {
      await command(`/grant-rounds/${ids.round}/reviewers`, { reviewerSubject: subject, declaredTies });
    }
    await refused(`/grant-rounds/${ids.round}/reviewers`, { reviewerSubject: 'expert-1' }, 409, 'REVIEWER_ALREADY_APPOINTED');
  });

  it('takes one standing application per organisation, for itself, within the budget and the round\'s area', async () => {
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.b, design: design('越权申报', 300_000) }, 403, 'NOT_YOUR_RECORD', staffOf(ids.a));
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: design('超预算', 1_000_001) }, 422, 'ROUND_BUDGET_EXCEEDED', staffOf(ids.a));
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: design('区外项目', 300_000, ['grants-dazhong']) }, 422, 'COMMUNITY_OUTSIDE_ROUND_AREA', staffOf(ids.a));
    // A community of another city, which the staff (area xiamen) may not read, answers as an unknown id: not 422 with its area.
    expectStatus(await post('/communities', { communityId: 'grants-gulou', name: '鼓楼社区', area: { city: 'fuzhou', district: 'gulou', street: 'dongjie' }, kind: 'urban', residents: 7000, households: 2500 }, actor('civil_affairs_bureau', 'bureau-fuzhou', { city: 'fuzhou' })), 201);
    const naming = async (communityId: string) => {
      const answer = await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: design('外市项目', 300_000, [communityId]) }, 404, 'COMMUNITY_NOT_FOUND', staffOf(ids.a));
      const { correlationId: _perRequest, ...rest } = answer;
      return JSON.parse(JSON.stringify(rest).replaceAll(communityId, '<id>')) as unknown;
    };
    expect(await naming('grants-gulou')).toEqual(await naming('grants-nowhere'));
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: { ...design('无预算', 300_000), budgetLines: [] } }, 400, 'VALIDATION_FAILED', staffOf(ids.a));
    const first = await apply(ids.a, design('长者助餐（初稿）', 500_000));
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: design('第二份', 300_000) }, 409, 'APPLICATION_ALREADY_SUBMITTED', staffOf(ids.a));
    await refused(`/grant-rounds/${ids.round}/applications/${first}/withdraw`, { reason: '替别人撤回' }, 403, 'NOT_YOUR_RECORD', staffOf(ids.b));
    await command(`/grant-rounds/${ids.round}/applications/${first}/withdraw`, { reason: '修改方案后重新申报' }, staffOf(ids.a));
    ids.appA = await apply(ids.a, design('长者助餐', 500_000));
    ids.appB = await apply(ids.b, design('长者健康管理', 600_000));
    ids.appC = await apply(ids.c, design('长者文体活动', 300_000));
    // Nobody scores while applications are open, and they close at the deadline, not before.
    await refused(scorePath(ids.appA), scores(25, 30, 20), 409, 'APPLICATIONS_STILL_OPEN', reviewer3);
    await refused(`/grant-rounds/${ids.round}/close`, undefined, 409, 'APPLICATION_DEADLINE_NOT_REACHED');
    // Before the award, an applicant sees the applications but not the scores.
    const asApplicant = expectStatus(await app.http().get(`/grant-rounds/${ids.round}`).set(staffOf(ids.a)), 200);
    expect(asApplicant.applications.map((application: Json) => [application.design.title, application.status])).toEqual([
      ['长者助餐（初稿）', 'withdrawn'], ['长者助餐', 'standing'], ['长者健康管理', 'standing'], ['长者文体活动', 'standing'],
    ]);
  });

  it('closes at the deadline; refuses each reviewer tied to the applicant, and bad scores, storing nothing', async () => {
    jest.setSystemTime(new Date(START.getTime() + 3 * DAY + 8 * HOUR)); // Monday 7 December, 18:00 Beijing
    await refused(`/grant-rounds/${ids.round}/applications`, { organisationId: ids.a, design: design('迟到的申报', 300_000) }, 409, 'APPLICATIONS_CLOSED', staffOf(ids.a));
    const closed = await command(`/grant-rounds/${ids.round}/close`, undefined);
    expect(closed.events.map((event: Json) => event.type)).toEqual(['GrantApplicationsClosed']);

    // 回避: the social worker employed by B, the staff of A, the official who declared a tie to C.
    expect((await refused(scorePath(ids.appB), scores(20, 30, 20), 422, 'REVIEWER_TIED_TO_APPLICANT', reviewer1())).details).toMatchObject({ tie: 'employer' });
    expect((await refused(scorePath(ids.appA), scores(20, 30, 20), 422, 'REVIEWER_TIED_TO_APPLICANT', reviewer2())).details).toMatchObject({ tie: 'own_organisation' });
    expect((await refused(scorePath(ids.appC), scores(20, 30, 20), 422, 'REVIEWER_TIED_TO_APPLICANT', reviewer3)).details).toMatchObject({ tie: 'declared' });

    expect((await refused(scorePath(ids.appA), scores(31, 30, 20), 400, 'SCORE_OUT_OF_RANGE', reviewer3)).details).toMatchObject({ criterionId: 'c1', points: 30 });
    await refused(scorePath(ids.appA), { scores: scores(25, 30, 20).scores.slice(0, 2) }, 400, 'SCORES_INCOMPLETE', reviewer3);
    await refused(scorePath(ids.appA), scores(25, 30, 20), 403, 'NOT_A_REVIEWER', actor('civil_affairs_bureau', 'not-appointed', { city: 'xiamen' }));
    await refused(scorePath(ids.appA), scores(25, 30, 20), 403, 'ROLE_NOT_PERMITTED', actor('volunteer', 'expert-1', { city: 'xiamen' }));
    // Unread applications are not awarded: each needs min(3, its eligible reviewers) reviews (C: two, expert-3 declared a tie).
    expect((await refused(`/grant-rounds/${ids.round}/award`, undefined, 422, 'REVIEWS_INCOMPLETE')).details).toMatchObject({
      applications: [{ applicationId: ids.appA, reviews: 0, required: 3 }, { applicationId: ids.appB, reviews: 0, required: 3 }, { applicationId: ids.appC, reviews: 0, required: 2 }],
    });

    const scored = await command(scorePath(ids.appA), scores(28, 36, 26), reviewer1()); // 90
    expect(scored.events.map((event: Json) => event.type)).toEqual(['GrantApplicationScored']);
    await refused(scorePath(ids.appA), scores(28, 36, 26), 409, 'ALREADY_SCORED', reviewer1());
    await command(scorePath(ids.appA), scores(27, 35, 25), reviewer3); // 87: mean 88.5
    await command(scorePath(ids.appB), scores(20, 30, 20), reviewer2()); // 70
    await command(scorePath(ids.appB), scores(22, 28, 20), reviewer3); // 70: mean 70
    await command(scorePath(ids.appC), scores(20, 25, 20), reviewer1()); // 65
    await command(scorePath(ids.appC), scores(20, 26, 19), reviewer2()); // 65: mean 65
  });

  it('holds the award until every application has its required reviews; a tied reviewer who was refused stands aside (回避)', async () => {
    // Two reviews each: A and B still count three eligible reviewers, as nobody recorded the ties the scores were refused for.
    expect((await refused(`/grant-rounds/${ids.round}/award`, undefined, 422, 'REVIEWS_INCOMPLETE')).details).toMatchObject({
      applications: [{ applicationId: ids.appA, reviews: 2, required: 3 }, { applicationId: ids.appB, reviews: 2, required: 3 }],
      applicationIds: [ids.appA, ids.appB],
    });
    const recusal = (applicationId: string) => `/grant-rounds/${ids.round}/applications/${applicationId}/recusals`;
    await refused(recusal(ids.appA), { reason: '不想评' }, 400, 'VALIDATION_FAILED', reviewer2());
    await refused(recusal(ids.appA), { reason: 'employment' }, 403, 'NOT_A_REVIEWER', actor('civil_affairs_bureau', 'not-appointed', { city: 'xiamen' }));
    await refused(recusal(ids.appA), { reason: 'employment' }, 409, 'ALREADY_SCORED', reviewer1());
    const recused = await command(recusal(ids.appA), { reason: 'employment' }, reviewer2());
    expect(recused.events.map((event: Json) => event.type)).toEqual(['GrantReviewerRecused']);
    const stored = (await app.service.infrastructure.eventStore.readStream(`grantround-${ids.round}`)).at(-1)!;
    expect(stored.data).toEqual({ roundId: ids.round, applicationId: ids.appA, reviewerNumber: 2, reason: 'employment' });
    await refused(recusal(ids.appA), { reason: 'employment' }, 409, 'ALREADY_RECUSED', reviewer2());
    // A now needs the two reviews it has; B still one more.
    expect((await refused(`/grant-rounds/${ids.round}/award`, undefined, 422, 'REVIEWS_INCOMPLETE')).details).toMatchObject({ applicationIds: [ids.appB] });
    await command(recusal(ids.appB), { reason: 'employment' }, reviewer1());
    const detail = expectStatus(await app.http().get(`/grant-rounds/${ids.round}`).set(bureau), 200);
    expect(detail.applications.filter((application: Json) => application.status === 'standing').map((application: Json) => [application.reviews, application.reviewsRequired, application.recusals]))
      .toEqual([[2, 2, 1], [2, 2, 1], [2, 2, 0]]);
    expect(detail.reviewsRequired).toBeNull();
    const history = expectStatus(await app.http().get(`/grant-rounds/${ids.round}/history`).set(bureau), 200);
    const recusals = history.entries.filter((entry: Json) => entry.type === 'GrantReviewerRecused').map((entry: Json) => entry.summary as string);
    expect(recusals).toHaveLength(2);
    expect(recusals[0]).toContain(`第 2 号评审专家回避申报 ${ids.appA}（任职或受聘于申报机构）`);
    expect(recusals[1]).toContain(`第 1 号评审专家回避申报 ${ids.appB}（任职或受聘于申报机构）`);
  });

  it('awards from the scores within the budget, and each grant is a resource earmarked to its project', async () => {
    await refused(`/grant-rounds/${ids.round}/award`, undefined, 403, 'ROLE_NOT_PERMITTED', staffOf(ids.a));
    const awarded = await command(`/grant-rounds/${ids.round}/award`, undefined);
    expect(awarded.events.map((event: Json) => event.type)).toEqual(['GrantRoundAwarded']);
    await refused(`/grant-rounds/${ids.round}/award`, undefined, 409, 'GRANT_ROUND_ALREADY_AWARDED');

    // B ranks second but asks 600,000 of the 500,000 left: passed over; C's 300,000 fits.
    const detail = expectStatus(await app.http().get(`/grant-rounds/${ids.round}`).set(staffOf(ids.c)), 200);
    expect(detail.ranking.map((entry: Json) => [entry.applicationId, entry.rank, entry.meanScore, entry.outcome, entry.awardedFen])).toEqual([
      [ids.appA, 1, 88.5, 'funded', 500_000],
      [ids.appB, 2, 70, 'over_remaining_budget', 0],
      [ids.appC, 3, 65, 'funded', 300_000],
    ]);
    expect({ awardedFen: detail.awardedFen, unawardedFen: detail.unawardedFen, status: detail.status }).toEqual({ awardedFen: 800_000, unawardedFen: 200_000, status: 'awarded' });
    const appA = detail.applications.find((application: Json) => application.applicationId === ids.appA);
    expect(appA.criterionMeans.map((criterion: Json) => [criterion.name, criterion.mean])).toEqual([['需求分析', 27.5], ['项目设计', 35.5], ['预算合理性', 25.5]]);
    expect(appA.reviews).toBe(2);
    expect(JSON.stringify(detail)).not.toContain('expert-');

    const grants = expectStatus(await app.http().get('/grants').query({ roundId: ids.round, minPosition: awarded.position }).set(bureau), 200);
    expect(grants.items.map((grant: Json) => [grant.earmark.applicationId, grant.earmark.projectTitle, grant.organisation.organisationId, grant.amountFen, grant.funder]).sort()).toEqual([
      [ids.appA, '长者助餐', ids.a, 500_000, { kind: 'civil_affairs_bureau', name: '湖里区民政局' }],
      [ids.appC, '长者文体活动', ids.c, 300_000, { kind: 'civil_affairs_bureau', name: '湖里区民政局' }],
    ].sort());
    expect(grants.items[0].area).toMatchObject({ city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'grants-taishan' });
    // Outside the area: neither the round nor its grants.
    const elsewhere = actor('civil_affairs_bureau', 'bureau-quanzhou', { city: 'quanzhou' });
    expect(expectStatus(await app.http().get('/grants').query({ roundId: ids.round }).set(elsewhere), 200).items).toEqual([]);
    expect(expectStatus(await app.http().get(`/grant-rounds/${ids.round}`).set(elsewhere), 404).code).toBe('GRANT_ROUND_NOT_FOUND');

    const rounds = expectStatus(await app.http().get('/grant-rounds').query({ minPosition: awarded.position }).set(bureau), 200);
    expect(rounds.items.find((item: Json) => item.roundId === ids.round)).toMatchObject({ status: 'awarded', applications: 3, reviewers: 3, scores: 6, funded: 2, awardedFen: 800_000 });

    const history = expectStatus(await app.http().get(`/grant-rounds/${ids.round}/history`).set(bureau), 200);
    expect(history.entries.map((entry: Json) => entry.type)).toContain('GrantRoundAwarded');
    expect(history.entries.at(-1).summary).toContain('公布立项结果：资助 2 个项目共 8,000.00 元');
    // Never who scored: no full reader links a reviewer's number to its account, whatever role it reviewed in.
    for (const reader of [bureau, actor('auditor', 'auditor-grants', area)]) {
      const full = expectStatus(await app.http().get(`/grant-rounds/${ids.round}/history`).set(reader), 200);
      expect(full.view).toBe('full');
      const text = JSON.stringify(full);
      for (const hidden of ['expert-1', 'expert-2', 'expert-3']) expect({ hidden, found: text.includes(hidden) }).toEqual({ hidden, found: false });
      const reviewed = full.entries.filter((entry: Json) => ['GrantApplicationScored', 'GrantReviewerRecused'].includes(entry.type as string));
      expect(reviewed.length).toBeGreaterThan(0);
      for (const entry of reviewed) expect(entry.actor).toMatchObject({ id: null, hidden: true });
    }
    // The reviewer itself (a city bureau's expert reads the round in full) sees its own scores as its, and no other reviewer.
    const own = expectStatus(await app.http().get(`/grant-rounds/${ids.round}/history`).set(reviewer3), 200);
    expect(own.view).toBe('full');
    expect(own.entries.filter((entry: Json) => entry.type === 'GrantApplicationScored' && (entry.actor as Json).id === 'expert-3').length).toBeGreaterThan(0);
    expect(JSON.stringify(own)).not.toContain('expert-2');
  });

  it('lets a charity run its own round as a charitable organisation, and no other charity run it', async () => {
    const foundation = actor('charity_base', 'huli-foundation', { city: 'xiamen' });
    await refused('/grant-rounds', { ...round, applicationDeadline: '2026-12-31T17:00', reviewDeadline: '2027-01-15T17:00' }, 400, 'GRANT_FUNDER_INVALID', foundation);
    // The clock stands past the bureau round's deadline (Monday 7 December, 18:00 Beijing).
    const later = { applicationDeadline: '2026-12-31T17:00', reviewDeadline: '2027-01-15T17:00' };
    const opened = expectStatus(await post('/grant-rounds', { ...round, ...later, funder: { kind: 'community_foundation', name: '湖里区社区基金会' } }, foundation), 201);
    const [before, facts] = [await head(), (await app.service.infrastructure.eventStore.readStream(`grantround-${opened.id as string}`)).length];
    const other = expectStatus(await post(`/grant-rounds/${opened.id as string}/reviewers`, { reviewerSubject: 'expert-9' }, actor('charity_base', 'another-charity', { city: 'xiamen' })), 403);
    expect(other.code).toBe('NOT_YOUR_RECORD');
    expect([await head(), (await app.service.infrastructure.eventStore.readStream(`grantround-${opened.id as string}`)).length]).toEqual([before, facts]);
    await command(`/grant-rounds/${opened.id as string}/reviewers`, { reviewerSubject: 'expert-9' }, foundation);
  });

  it('rebuilds the rounds and the grants from position 0 to exactly the live rows', async () => {
    const { infrastructure } = app.service;
    const projections = createReadModelProjections().filter((projection) => [GRANT_ROUNDS, RESOURCES_LIST].includes(projection.name));
    const db = infrastructure.readModels.database.db;
    const dump = async () => {
      const tables = await dumpProjectionTables(db, projections);
      return { rounds: tables.grant_rounds, grants: tables.grants };
    };
    const head = await caughtUpHead(infrastructure);
    const live = await dump();
    expect({ rounds: live.rounds?.length, grants: live.grants?.length }).toEqual({ rounds: 2, grants: 2 });
    // Damage: only a re-projection from the events can restore them.
    await (db as Kysely<Record<string, Record<string, unknown>>>).deleteFrom('grants').execute();
    await (db as Kysely<Record<string, Record<string, unknown>>>).updateTable('grant_rounds').set({ awarded_fen: 1 }).execute();
    for (const projection of projections) await infrastructure.readModels.runner!.rebuild(projection.name);
    await infrastructure.readModels.waitForPosition(head, 30_000);
    expect(await dump()).toEqual(live);
  }, 60_000);

  it('after the review deadline takes no reviewer and awards on the reviews present, recording each shortfall and the unreviewed', async () => {
    // The clock stands at Monday 7 December, 18:00 Beijing. Applications close on the 10th, reviews on the 14th.
    const opened = expectStatus(await post('/grant-rounds', { ...round, title: '2027 年湖里区社区公益创投（第二批）', applicationDeadline: '2026-12-10T17:00', reviewDeadline: '2026-12-14T17:00' }, bureau), 201);
    const roundId = opened.id as string;
    const path = (tail: string) => `/grant-rounds/${roundId}${tail}`;
    const facts = async () => (await app.service.infrastructure.eventStore.readStream(`grantround-${roundId}`)).length;
    const refusedHere = async (tail: string, body: object | undefined, status: number, code: string, headers: Record<string, string> = bureau): Promise<Json> => {
      const [before, stored] = [await head(), await facts()];
      const answer = expectStatus(await post(path(tail), body, headers), status);
      expect(answer.code).toBe(code);
      expect([await head(), await facts()]).toEqual([before, stored]);
      return answer;
    };
    const expert4 = actor('civil_affairs_bureau', 'expert-4', { city: 'xiamen' });
    await command(path('/reviewers'), { reviewerSubject: 'expert-3' });
    await command(path('/reviewers'), { reviewerSubject: 'expert-4' });
    const submit = async (organisationId: string, title: string, requestedFen: number) =>
      (await command(path('/applications'), { organisationId, design: design(title, requestedFen) }, staffOf(organisationId))).applicationId as string;
    const [appA, appB, appC] = [await submit(ids.a, '长者助餐二期', 500_000), await submit(ids.b, '儿童托管', 300_000), await submit(ids.c, '邻里互助', 200_000)];
    jest.setSystemTime(new Date(START.getTime() + 6 * DAY + 8 * HOUR)); // Thursday 10 December, 18:00 Beijing
    await command(path('/close'), undefined);
    const scoreHere = (applicationId: string) => path(`/applications/${applicationId}/scores`);
    await command(scoreHere(appA), scores(25, 30, 20), reviewer3); // 75
    await command(scoreHere(appA), scores(25, 30, 20), expert4);
    await command(scoreHere(appB), scores(25, 30, 20), reviewer3); // expert-4 never scores B; nobody scores C
    // Before the review deadline the award waits, as ever.
    expect((await refusedHere('/award', undefined, 422, 'REVIEWS_INCOMPLETE')).details).toMatchObject({
      applications: [{ applicationId: appB, reviews: 1, required: 2 }, { applicationId: appC, reviews: 0, required: 2 }],
    });

    jest.setSystemTime(new Date(START.getTime() + 10 * DAY + 8 * HOUR)); // Monday 14 December, 18:00 Beijing: reviews are over
    await refusedHere(`/applications/${appB}/scores`, scores(25, 30, 20), 409, 'REVIEW_PERIOD_OVER', expert4);
    // A reviewer appointed now could never score, yet would raise what every application requires.
    expect((await refusedHere('/reviewers', { reviewerSubject: 'expert-5' }, 409, 'REVIEW_PERIOD_OVER')).details).toMatchObject({ reviewDeadline: '2026-12-14T17:00' });
    const awarded = await command(path('/award'), undefined);
    expect(awarded.events.map((event: Json) => event.type)).toEqual(['GrantRoundAwarded']);

    const detail = expectStatus(await app.http().get(path('')).set(bureau), 200);
    expect(detail.ranking.map((entry: Json) => [entry.applicationId, entry.reviews, entry.reviewsRequired, entry.outcome, entry.awardedFen])).toEqual([
      [appB, 1, 2, 'funded', 300_000], // equal means: the smaller request first
      [appA, 2, 2, 'funded', 500_000],
    ]);
    expect(detail.unreviewed).toEqual([{ applicationId: appC, organisationId: ids.c, reviewsRequired: 2 }]);
    const stored = (await app.service.infrastructure.eventStore.readStream(`grantround-${roundId}`)).at(-1)!;
    expect((stored.data as Json).unreviewed).toEqual([{ applicationId: appC, organisationId: ids.c, reviewsRequired: 2 }]);
    const history = expectStatus(await app.http().get(path('/history')).set(bureau), 200);
    const summary = history.entries.at(-1).summary as string;
    expect(summary).toContain(`${appB} 75 分 `);
    expect(summary).toContain('评审 1/2 份');
    expect(summary).toContain(`评审截止时无人评分、未排名：${appC}`);
  });
});
