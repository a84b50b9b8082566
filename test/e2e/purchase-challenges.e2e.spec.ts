import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Response } from 'supertest';
import { storeVariants } from '../support/store-variants.js';
import { actor, staffOf, startTestApp, type TestApp } from '../support/test-app.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * 中标公示与质疑 over HTTP (issue 13 item 3): an award's standstill counted in Beijing working days with the
 * configured holidays and 调休, challenges by bidders only, the bureau's answers (upheld reopens bidding,
 * dismissed lets the contract be signed), the projects list (公示期 / 质疑中), the history and the OCDS export.
 */
describe.each(storeVariants('purchase-challenges'))('challenges in a purchase (e2e) on $name', ({ env, cleanUp }) => {
  let app: TestApp;
  const HOUR = 60 * 60 * 1000;
  const DAY = 24 * HOUR;
  const bureau = actor('civil_affairs_bureau', 'bureau-challenges');
  const area = { city: 'xiamen', district: 'huli', street: 'jiangtou' };
  const ids = { a: '', b: '', c: '', project: '', bidA: '', bidB: '', bidC: '', challenge: '', second: '' };
  const terms = { content: '长者助餐', termMonths: 12, quantity: '每日 40 份', quality: '满意率 90%', priceFen: 900_000, settlementMethod: '按季度' };

  const at = (iso: string) => jest.setSystemTime(new Date(iso));
  const expectStatus = (response: Response, status: number): Json => {
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as Json;
  };
  const post = (path: string, body: object | undefined, headers: Record<string, string>) => app.http().post(path).set(headers).send(body);
  const command = async (path: string, body: object | undefined, headers: Record<string, string> = bureau) => expectStatus(await post(path, body, headers), 200);
  const head = () => app.service.infrastructure.eventStore.headPosition();
  /** A refusal answers its code and stores nothing anywhere. */
  const refused = async (path: string, body: object | undefined, status: number, code: string, headers: Record<string, string> = bureau): Promise<Json> => {
    const before = await head();
    const answer = expectStatus(await post(path, body, headers), status);
    expect(answer.code).toBe(code);
    expect(await head()).toBe(before);
    return answer;
  };
  const listed = async (query: Record<string, string> = {}, minPosition = 0): Promise<Json[]> =>
    expectStatus(await app.http().get('/projects').query({ district: area.district, minPosition, ...query }), 200).items as Json[];
  const row = async (minPosition: number) => (await listed({}, minPosition)).find((item) => item.projectId === ids.project)!;
  const register = async (name: string, code: string) =>
    expectStatus(await post('/organisations', { name, kind: 'social_organisation', unifiedSocialCreditCode: code, budgetFunded: false, city: 'xiamen', district: area.district, serviceCategories: ['elderly_care'], capacity: 5 }, bureau), 201).id as string;
  const bid = async (organisationId: string) => (await command(`/projects/${ids.project}/bids`, { organisationId, priceFen: 900_000, proposal: '助餐方案' }, staffOf(organisationId))).bidId as string;
  const challenge = (organisationId: string, headers = staffOf(organisationId), grounds = '评分未按招标公告的标准执行') =>
    post(`/projects/${ids.project}/challenges`, { organisationId, grounds }, headers);
  /** A's grounds when it challenges the second award: its own words, so a reader who may not see its challenge can be shown not to. */
  const groundsOfA = '中标人驻点人员资质不符';

  beforeAll(async () => {
    // Only Date moves: the service's timers run in real time. Friday 4 December 2026, 10:00 Beijing.
    jest.useFakeTimers({
      advanceTimers: true,
      now: new Date('2026-12-04T02:00:00.000Z'),
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
    });
    // Two days off mid-week and a Saturday worked (调休), as a yearly notice would set them.
    app = await startTestApp({ ...env(), PUBLIC_HOLIDAYS: '2026-12-08..2026-12-09', ADJUSTED_WORKING_DAYS: '2026-12-12' });
    ids.a = await register('阳光助餐服务中心', '52350206MJ0000011X');
    ids.b = await register('海港社工事务所', '52350206MJ0000012X');
    ids.c = await register('未投标的协会', '52350206MJ0000013X');
    for (const organisationId of [ids.a, ids.b, ids.c]) await command(`/organisations/${organisationId}/inspections`, { year: 2026, result: 'passed' });
    ids.project = expectStatus(await post('/projects', {
      title: '江头街道长者食堂', area, kind: 'service_project', categories: ['elderly_care'], needIds: [], budgetFen: 1_000_000,
      period: { start: '2027-01-01', months: 12 }, requirements: '每日午餐', serviceItems: [{ name: '助餐', category: 'elderly_care' }],
    }, bureau), 201).id as string;
    await command(`/projects/${ids.project}/publish`, { deadline: new Date(Date.now() + HOUR).toISOString(), eligibility: { description: '依法登记' } });
    ids.bidA = await bid(ids.a);
    ids.bidB = await bid(ids.b);
    jest.setSystemTime(new Date(Date.now() + 2 * HOUR));
    await command(`/projects/${ids.project}/close-bidding`, undefined);
    // A dozen commands on two stores: room for a loaded machine (the full suite runs beside it).
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    jest.useRealTimers();
    await cleanUp();
  });

  it('signs nothing and takes no challenge before the award is announced', async () => {
    await refused(`/projects/${ids.project}/contract`, { bidId: ids.bidA, contract: terms }, 409, 'AWARD_NOT_ANNOUNCED');
    await refused(`/projects/${ids.project}/challenges`, { organisationId: ids.b, grounds: '理由' }, 409, 'NO_AWARD_TO_CHALLENGE', staffOf(ids.b));
  });

  it('announces the award: 公示期 of 7 working days over the weekend, the two holidays and the adjusted Saturday, shown in the list', async () => {
    const announced = await command(`/projects/${ids.project}/award`, { bidId: ids.bidA });
    expect(announced.events.map((event: Json) => event.type)).toEqual(['AwardAnnounced']);
    // Mon 7 (1), [Tue 8, Wed 9 off], Thu 10 (2), Fri 11 (3), Sat 12 worked (4), Mon 14 (5), Tue 15 (6), Wed 16 (7).
    expect(await row(announced.position)).toMatchObject({
      status: 'awarded',
      award: { bidId: ids.bidA, organisationId: ids.a, priceFen: 900_000, standstillLastDay: '2026-12-16', standstillEndsAt: '2026-12-16T16:00:00.000Z', standstillRunning: true },
      challenges: { lodged: 0, open: 0 },
    });
    // The deadline a "challenge period ending" notice keys on.
    expect((await listed({ standstillEndsBy: '2026-12-17T00:00:00+08:00' })).map((item) => item.projectId)).toContain(ids.project);
    expect((await listed({ standstillEndsBy: '2026-12-16T23:59:59+08:00' })).map((item) => item.projectId)).not.toContain(ids.project);
    expect((await listed({ status: 'awarded' })).map((item) => item.projectId)).toEqual([ids.project]);
    const running = await refused(`/projects/${ids.project}/contract`, { bidId: ids.bidA, contract: terms }, 409, 'STANDSTILL_PERIOD_RUNNING');
    expect(running.details).toEqual({ standstillLastDay: '2026-12-16', standstillEndsAt: '2026-12-16T16:00:00.000Z' });
  });

  it('takes a challenge only from a bidder of this purchase, for itself, and not from the winner', async () => {
    const before = await head();
    expect(expectStatus(await challenge(ids.c), 403).code).toBe('NOT_A_BIDDER');
    expect(expectStatus(await challenge(ids.a), 422).code).toBe('AWARDEE_CANNOT_CHALLENGE');
    expect(expectStatus(await challenge(ids.b, staffOf(ids.c)), 403).code).toBe('NOT_YOUR_RECORD');
    expect(expectStatus(await challenge(ids.b, actor('community_committee', 'committee-x')), 403).code).toBe('ROLE_NOT_PERMITTED');
    expect(expectStatus(await post(`/projects/${ids.project}/challenges`, { organisationId: ids.b }, staffOf(ids.b)), 400).code).toBe('VALIDATION_FAILED');
    expect(await head()).toBe(before);
  });

  it('a losing bidder challenges on the last working day: 质疑中, and the contract waits for the answer after the period', async () => {
    at('2026-12-16T15:30:00.000Z'); // 23:30 on the last day, Beijing time
    const lodged = expectStatus(await challenge(ids.b), 200);
    ids.challenge = lodged.challengeId;
    expect(await row(lodged.position)).toMatchObject({ status: 'challenged', challenges: { lodged: 1, open: 1 } });
    at('2026-12-16T16:00:00.000Z'); // midnight: the period is over
    const late = expectStatus(await challenge(ids.b), 409);
    expect(late).toMatchObject({ code: 'CHALLENGE_PERIOD_OVER', details: { standstillLastDay: '2026-12-16' } });
    const open = await refused(`/projects/${ids.project}/contract`, { bidId: ids.bidA, contract: terms }, 409, 'CHALLENGE_OPEN');
    expect(open.details).toEqual({ challengeIds: [ids.challenge] });
    await refused(`/projects/${ids.project}/challenges/${ids.challenge}/answer`, { outcome: 'upheld', reasons: '评分有误' }, 400, 'BIDDING_DEADLINE_INVALID');
    await refused(`/projects/${ids.project}/challenges/${ids.challenge}/answer`, { outcome: 'dismissed', reasons: '维持' }, 403, 'ROLE_NOT_PERMITTED', staffOf(ids.b));
  });

  it('upheld: the award is cancelled and bidding reopens; the standing bids stand and a new bidder may join', async () => {
    at('2026-12-17T02:00:00.000Z');
    const answered = await command(`/projects/${ids.project}/challenges/${ids.challenge}/answer`, {
      outcome: 'upheld', reasons: '评分表第 3 项计算有误，撤销中标结果', biddingDeadline: '2026-12-21T17:00:00+08:00',
    });
    expect(answered.events.map((event: Json) => event.type)).toEqual(['ChallengeUpheld']);
    expect(await row(answered.position)).toMatchObject({ status: 'published', award: null, challenges: { lodged: 1, open: 0 } });
    const detail = expectStatus(await app.http().get(`/projects/${ids.project}`).query({ minPosition: answered.position }), 200);
    expect(detail).toMatchObject({ bidDeadline: '2026-12-21T09:00:00.000Z', challengeLog: [{ challengeId: ids.challenge, organisationId: ids.b, status: 'upheld', reasons: '评分表第 3 项计算有误，撤销中标结果' }] });
    expect(detail.bids.map((item: Json) => [item.bidId, item.status]).sort()).toEqual([[ids.bidA, 'standing'], [ids.bidB, 'standing']].sort());
    ids.bidC = await bid(ids.c);
    await refused(`/projects/${ids.project}/contract`, { bidId: ids.bidA, contract: terms }, 409, 'BIDDING_STILL_OPEN');
  });

  it('dismissed: after the new award and its own standstill, the contract is signed', async () => {
    at('2026-12-21T10:00:00.000Z');
    await command(`/projects/${ids.project}/close-bidding`, undefined);
    await command(`/projects/${ids.project}/award`, { bidId: ids.bidB });
    // Now A lost: it may challenge; the bureau dismisses it with reasons.
    const lodged = expectStatus(await challenge(ids.a, staffOf(ids.a), groundsOfA), 200);
    ids.second = lodged.challengeId;
    await command(`/projects/${ids.project}/challenges/${ids.second}/answer`, { outcome: 'dismissed', reasons: '复核评分无误，维持中标结果' });
    // Announced Monday 21 (Beijing evening): Tue 22 .. Wed 30 are the seven working days.
    const waiting = await refused(`/projects/${ids.project}/contract`, { bidId: ids.bidB, contract: terms }, 409, 'STANDSTILL_PERIOD_RUNNING');
    expect(waiting.details).toMatchObject({ standstillLastDay: '2026-12-30' });
    at('2026-12-30T16:00:00.000Z');
    const signed = await command(`/projects/${ids.project}/contract`, { bidId: ids.bidB, contract: terms });
    expect(signed.events.map((event: Json) => event.type)).toEqual(['OrganisationContracted']);
    expect(await row(signed.position)).toMatchObject({ status: 'contracted', contractor: { organisationId: ids.b }, challenges: { lodged: 2, open: 0 } });
  });

  it("tells it all in the project's history", async () => {
    const history = expectStatus(await app.http().get(`/projects/${ids.project}/history`), 200);
    const entries = history.entries as Json[];
    const summaries = entries.map((entry) => `${entry.type}: ${entry.summary}`);
    expect(summaries.filter((summary) => /^(AwardAnnounced|ChallengeLodged|ChallengeUpheld|ChallengeDismissed)/.test(summary))).toEqual([
      expect.stringContaining('至 2026-12-16 止'),
      expect.stringContaining('评分未按招标公告的标准执行'),
      expect.stringContaining('质疑成立，撤销'),
      expect.stringContaining('至 2026-12-30 止'),
      expect.stringContaining(`${ids.a} 对中标结果`),
      expect.stringContaining('质疑不成立，维持中标结果。理由：复核评分无误'),
    ]);
  });

  /** The project's history as `headers` reads it, with each entry's type, summary and data. */
  const historyAs = async (headers: Record<string, string>) => expectStatus(await app.http().get(`/projects/${ids.project}/history`).set(headers), 200) as { view: string; entries: Json[] };
  const challengeFacts = (history: { entries: Json[] }) => history.entries.filter((entry) => /^Challenge/.test(entry.type));

  it('shows the bureau every challenge in the history: who challenged, on what grounds, and the reasons answered', async () => {
    const history = await historyAs(bureau);
    expect(history.view).toBe('full');
    expect(challengeFacts(history).map((entry) => [entry.type, entry.data.organisationId])).toEqual([
      ['ChallengeLodged', ids.b], ['ChallengeUpheld', ids.b], ['ChallengeLodged', ids.a], ['ChallengeDismissed', ids.a],
    ]);
    expect(challengeFacts(history)[2]).toMatchObject({ data: { grounds: groundsOfA }, summary: expect.stringContaining(`${ids.a} 对中标结果`) });
  });

  it("shows the contractor's staff its own challenge in full and a rival's only as the notice board does: not who, not why", async () => {
    const history = await historyAs(staffOf(ids.b));
    // B signed the contract: its staff read the project in full.
    expect(history.view).toBe('full');
    const [ownLodged, ownUpheld, rivalLodged, rivalDismissed] = challengeFacts(history);
    expect(ownLodged).toMatchObject({ type: 'ChallengeLodged', data: { organisationId: ids.b, grounds: '评分未按招标公告的标准执行' } });
    expect(ownUpheld).toMatchObject({ type: 'ChallengeUpheld', data: { organisationId: ids.b, reasons: '评分表第 3 项计算有误，撤销中标结果' } });
    expect(rivalLodged).toMatchObject({ type: 'ChallengeLodged', summary: '社会组织 有投标人对中标结果提出质疑', data: {}, actor: { id: null, hidden: true }, correlationId: null });
    expect(rivalDismissed).toMatchObject({ type: 'ChallengeDismissed', summary: '民政局 答复质疑：质疑不成立，维持中标结果', data: {}, actor: { id: null, hidden: true } });
    // A rival's challenge: no id, grounds or answer anywhere (A itself is named only where the award to it was public).
    const text = JSON.stringify(history);
    for (const hidden of [ids.second, groundsOfA, '复核评分无误', `${ids.a} 对中标结果`, `（${ids.a}）：质疑不成立`]) {
      expect({ hidden, found: text.includes(hidden) }).toEqual({ hidden, found: false });
    }
    // Nor its rivals' bids (the bid rule the challenges now share).
    expect(history.entries.filter((entry) => entry.type === 'BidSubmitted').map((entry) => entry.data.organisationId)).toEqual([ids.b]);
    // The project's detail lists the challenges by the same rule, and still counts them all (as the public list does).
    const detail = expectStatus(await app.http().get(`/projects/${ids.project}`).set(staffOf(ids.b)), 200);
    expect({ view: detail.view, log: detail.challengeLog.map((item: Json) => item.organisationId), challenges: detail.challenges }).toEqual({ view: 'full', log: [ids.b], challenges: { lodged: 2, open: 0 } });
    expect(JSON.stringify(detail)).not.toContain(groundsOfA);
    const office = expectStatus(await app.http().get(`/projects/${ids.project}`).set(bureau), 200);
    expect(office.challengeLog.map((item: Json) => [item.organisationId, item.status])).toEqual([[ids.b, 'upheld'], [ids.a, 'dismissed']]);
  });

  it("shows a losing bidder's staff the notice board's timeline: no challenger named, no grounds, no answer's reasons", async () => {
    for (const rival of [ids.a, ids.c]) {
      const history = await historyAs(staffOf(rival));
      expect({ rival, view: history.view }).toEqual({ rival, view: 'public' });
      expect(challengeFacts(history).map((entry) => entry.summary)).toEqual([
        '社会组织 有投标人对中标结果提出质疑', '民政局 答复质疑：质疑成立，撤销中标，重新开放投标至 2026-12-21T09:00:00.000Z',
        '社会组织 有投标人对中标结果提出质疑', '民政局 答复质疑：质疑不成立，维持中标结果',
      ]);
      const text = JSON.stringify(history);
      for (const hidden of [ids.challenge, ids.second, '评分未按招标公告的标准执行', groundsOfA, '评分表第 3 项计算有误', '复核评分无误']) {
        expect({ rival, hidden, found: text.includes(hidden) }).toEqual({ rival, hidden, found: false });
      }
    }
  });

  it('publishes the challenges in the open-contracting export: award statuses and complaints documents, the grounds left out', async () => {
    const recordPackage = expectStatus(await app.anonymous().get(`/projects/${ids.project}/ocds`), 200);
    const [record] = recordPackage.records as Json[];
    expect(record.releases.map((release: Json) => release.tag.join('+'))).toEqual([
      'planning', 'tender', 'tenderUpdate', 'tenderUpdate', 'tenderUpdate',
      'award', 'awardUpdate', 'awardCancellation+tenderUpdate',
      'tenderUpdate', 'tenderUpdate', 'award', 'awardUpdate', 'awardUpdate', 'award+contract',
    ]);
    const awards = new Map((record.compiledRelease.awards as Json[]).map((award) => [award.id, award]));
    expect(awards.get(ids.bidA)).toMatchObject({ status: 'cancelled', documents: expect.arrayContaining([expect.objectContaining({ documentType: 'complaints', description: '评分表第 3 项计算有误，撤销中标结果' })]) });
    expect(awards.get(ids.bidB)).toMatchObject({ status: 'active', documents: expect.arrayContaining([expect.objectContaining({ documentType: 'complaints', description: '复核评分无误，维持中标结果' }), expect.objectContaining({ documentType: 'awardNotice' })]) });
    expect(JSON.stringify(recordPackage)).not.toContain('评分未按招标公告的标准执行');
    expect(JSON.stringify(recordPackage)).not.toContain(groundsOfA);
    // Nor who challenged: the complaints documents say that a bidder did (its bids are the tenderers, public as OCDS has them).
    const complaints = (record.compiledRelease.awards as Json[]).flatMap((award) => (award.documents as Json[]).filter((document) => document.documentType === 'complaints'));
    expect(complaints.map((document) => document.title)).toEqual(['质疑', '质疑答复：质疑成立，撤销中标结果，重新开放投标', '质疑', '质疑答复：质疑不成立，维持中标结果']);
  });
});
