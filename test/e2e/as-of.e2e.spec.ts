import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, chinaDateOf } from '#domain';
import type { RecordedEvent } from '#event-store';
import { loadConfig } from '#platform';
import { beijingDayOf, endOfBeijingDay, indicatorTargets, type Page, ReadModelQueries, type TargetCheck } from '#read-models';
import type { RunningService } from '../../apps/api/src/bootstrap.js';
import { type DemoDistrictReport, type DemoHttp, demoCredentials, fetchHttp, loadDemoDistrict, SimulatedClock, startDemoService } from '../../apps/api/src/demo/index.js';
import { replayLists, type Replayed } from '../../libs/read-models/src/testing/replay-cut.js';

type Item = Record<string, unknown>;

/** The last day of each Beijing month the history spans (and today, the month still running). */
const monthEndsBetween = (first: string, today: string): string[] => {
  const days: string[] = [];
  for (let day = first; day <= today; day = addDays(day, 1)) if (addDays(day, 1).slice(5, 7) !== day.slice(5, 7) || day === today) days.push(day);
  return days;
};

/**
 * `?asOf=` on the three lists over HTTP, held to a replay: the demo district's log is cut at the end
 * of each month's last Beijing day, replayed through the list projections into a fresh in-memory
 * store, and every page the API answers as of that date must equal the replay's, for the district,
 * a street and a community.
 */
describe('the three lists and the indicators as of any date (e2e, the demo district)', () => {
  let dataDir: string;
  let service: RunningService;
  let http: DemoHttp;
  let report: DemoDistrictReport;
  let events: RecordedEvent[];
  let dates: string[];
  let baseUrl: string;
  const clock = new SimulatedClock();

  const wholeList = async (path: string, query: Record<string, string>): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | null = null;
    do {
      const params = new URLSearchParams({ ...query, limit: '7', ...(cursor ? { cursor } : {}) });
      const response = await http.request('GET', `${path}?${params.toString()}`);
      expect({ path, query, status: response.status, body: response.status === 200 ? null : response.body }).toEqual({ path, query, status: 200, body: null });
      const page = response.body as Page<Item>;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  const replayedList = async (list: (query: object) => Promise<Page<unknown>>, filter: object): Promise<Item[]> => {
    const items: Item[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ ...filter, limit: 100, ...(cursor ? { cursor } : {}) });
      items.push(...(page.items as Item[]));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Through JSON, as the HTTP answer came.
    return JSON.parse(JSON.stringify(items)) as Item[];
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wushe-as-of-'));
    const config = loadConfig({ LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir });
    service = await startDemoService(config, clock);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`;
    http = fetchHttp(baseUrl, demoCredentials(config));
    report = await loadDemoDistrict(http, { clock, scale: 0.1 });
    events = await service.infrastructure.eventStore.readAll();
    await service.infrastructure.readModels.waitForPosition(report.position, 30_000);
    const today = chinaDateOf(new Date());
    dates = [addDays(report.startsOn, -1), ...monthEndsBetween(report.startsOn, today)];
    // Twelve weeks of a district through HTTP, with every projection following: slow on a shared machine.
  }, 300_000);

  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answer, for every month of the history, what a replay of the log cut at the end of that Beijing day answers', async () => {
    expect(dates.length).toBeGreaterThanOrEqual(4);
    const areas: Record<string, string>[] = [{ district: 'siming' }, { street: 'zhonghua' }, { community: 'zhonghua-zhonghua' }];
    const sizes: number[] = [];
    for (const date of dates) {
      const cut = events.filter((event) => beijingDayOf(event.metadata.occurredAt) <= date);
      const replay: Replayed = await replayLists(cut, () => endOfBeijingDay(date, new Date()));
      try {
        for (const area of areas) {
          const query = { ...area, asOf: date };
          const [needs, donations, projects] = await Promise.all([wholeList('/needs', query), wholeList('/donations', query), wholeList('/projects', query)]);
          expect({ date, area, needs }).toEqual({ date, area, needs: await replayedList((q) => replay.queries.needs(q), area) });
          expect({ date, area, donations }).toEqual({ date, area, donations: await replayedList((q) => replay.queries.donations(q), area) });
          expect({ date, area, projects }).toEqual({ date, area, projects: await replayedList((q) => replay.queries.projects(q), area) });
          if ('district' in area) sizes.push(needs.length + donations.length + projects.length);
        }
      } finally {
        await replay.close();
      }
    }
    // Not trivially equal: empty before the first day, growing month by month.
    expect(sizes[0]).toBe(0);
    expect(new Set(sizes).size).toBe(sizes.length);
  }, 120_000);

  it('as of today equals the live list, statuses and all', async () => {
    const today = dates.at(-1)!;
    for (const path of ['/needs', '/donations', '/projects']) {
      expect(await wholeList(path, { district: 'siming', asOf: today })).toEqual(await wholeList(path, { district: 'siming' }));
    }
  });

  it('show a need’s status as it was: a need fulfilled later is still open the day before', async () => {
    const listedOn = new Map(events.filter((event) => event.type === 'NeedListed').map((event) => [(event.data as { needId: string }).needId, beijingDayOf(event.metadata.occurredAt)]));
    const fulfilled = events.find((event) => event.type === 'NeedFulfilled' && listedOn.get((event.data as { needId: string }).needId)! < beijingDayOf(event.metadata.occurredAt));
    expect(fulfilled).toBeDefined();
    const needId = (fulfilled!.data as { needId: string }).needId;
    const before = addDays(beijingDayOf(fulfilled!.metadata.occurredAt), -1);
    const then = (await wholeList('/needs', { district: 'siming', asOf: before })).find((need) => need.needId === needId);
    const now = (await wholeList('/needs', { district: 'siming' })).find((need) => need.needId === needId);
    expect(now).toMatchObject({ status: 'fulfilled' });
    expect(then).toMatchObject({ needId, fulfilledAt: null });
    expect(['listed', 'verified', 'matched', 'covered']).toContain(then!.status);
  });

  it('serve indicators at every level, as of every month end, equal to the replay’s, with each seed target beside its figure', async () => {
    const areas: [string, string][] = [['city', 'xiamen'], ['district', 'siming'], ['street', 'zhonghua'], ['street', 'xiagang'], ['community', 'zhonghua-zhonghua']];
    const seen = new Set<string>();
    for (const date of dates.slice(1)) {
      const cut = events.filter((event) => beijingDayOf(event.metadata.occurredAt) <= date);
      const replay = await replayLists(cut, () => endOfBeijingDay(date, new Date()));
      try {
        for (const [level, code] of areas) {
          const response = await http.request('GET', `/indicators?level=${level}&code=${code}&asOf=${date}`);
          expect(response.status).toBe(200);
          const { targets, asOf, ...figures } = response.body as { targets: TargetCheck[]; asOf: string };
          // "This month" of the home-visit rate is the as-of day's: read the replay at the day's last moment (its end is the next day's first).
          const lastMoment = new ReadModelQueries(replay.database, { clock: () => new Date(endOfBeijingDay(date, new Date()).getTime() - 1) });
          const expected = await lastMoment.indicators(level, code);
          expect({ date, level, code, figures }).toEqual({ date, level, code, figures: JSON.parse(JSON.stringify(expected)) });
          expect(asOf).toBe(date);
          expect(targets).toEqual(indicatorTargets(expected));
          seen.add(JSON.stringify(figures));
        }
      } finally {
        await replay.close();
      }
    }
    // The figures move from month to month.
    expect(seen.size).toBeGreaterThan(areas.length);
  }, 120_000);

  it('set the seeds’ targets beside today’s district figures: per 1,000 residents, per community, volunteers by street, one station per street', async () => {
    const response = await http.request('GET', '/indicators?level=district&code=siming');
    expect(response.status).toBe(200);
    const body = response.body as { targets: TargetCheck[]; stations: { streets: number; streetsWithStation: number }; purchasedContracts: { contracts: number; valueFen: number }; socialWorkers: { certifiedByGrade: Record<string, number> } };
    const indicators = body.targets.map((target) => target.indicator);
    expect(indicators).toEqual(expect.arrayContaining(['socialWorkers.per1000Residents', 'socialWorkers.perCommunity', 'organisations.perCommunity', 'volunteers.shareOfResidents', 'volunteers.byStreet[zhonghua].shareOfResidents', 'stations.coverage']));
    for (const target of body.targets) expect(target.met).toBe(target.figure === null ? null : target.figure >= target.target);
    expect(body.targets.find((target) => target.indicator === 'socialWorkers.per1000Residents')).toMatchObject({ target: 1, seed: '003 col. 1' });
    // The 中华街道 station is under contract; at a tenth of the district two streets exist.
    expect(body.stations).toMatchObject({ streets: 2, streetsWithStation: 1 });
    expect(body.purchasedContracts.contracts).toBeGreaterThanOrEqual(4);
    expect(body.purchasedContracts.valueFen).toBeGreaterThan(0);
    expect(Object.values(body.socialWorkers.certifiedByGrade).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(0);
  });

  it('scope indicators by the reader’s area: a street office reads its street and communities, not its neighbour nor the district', async () => {
    const office = { id: 'zhonghua-office', role: 'civil_affairs_bureau', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' } };
    const ask = async (query: string) => http.request('GET', `/indicators?${query}`, { actor: office });
    expect((await ask('level=street&code=zhonghua')).status).toBe(200);
    expect((await ask('level=community&code=zhonghua-douxi')).status).toBe(200);
    for (const query of ['level=street&code=xiagang', 'level=district&code=siming', 'level=city&code=xiamen', 'level=community&code=xiagang-shapowei']) {
      const response = await ask(query);
      expect({ query, status: response.status, code: response.body.code }).toEqual({ query, status: 404, code: 'AREA_NOT_FOUND' });
    }
    expect(await http.request('GET', '/indicators?level=street&code=nowhere')).toMatchObject({ status: 404, body: { code: 'AREA_NOT_FOUND' } });
    expect(await http.request('GET', '/indicators?level=province&code=fujian')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await http.request('GET', '/indicators?level=city&code=xiamen&asOf=2026-02-30')).toMatchObject({ status: 400, body: { code: 'AS_OF_NOT_A_DATE' } });
    const anonymous = await fetch(new URL('/indicators?level=city&code=xiamen', baseUrl));
    expect(anonymous.status).toBe(401);
  });

  it.each([
    ['2026-02-30', 'AS_OF_NOT_A_DATE'],
    ['2026-6-30', 'AS_OF_NOT_A_DATE'],
    ['yesterday', 'AS_OF_NOT_A_DATE'],
    ['2026-06-30T00:00:00Z', 'AS_OF_NOT_A_DATE'],
  ])('refuse asOf=%s with 400 %s', async (asOf, code) => {
    for (const path of ['/needs', '/donations', '/projects']) {
      const response = await http.request('GET', `${path}?asOf=${encodeURIComponent(asOf)}`);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 400, code });
    }
  });

  it('refuse a date after today in Beijing with 400 AS_OF_IN_FUTURE', async () => {
    const tomorrow = addDays(chinaDateOf(new Date()), 1);
    for (const path of ['/needs', '/donations', '/projects']) {
      const response = await http.request('GET', `${path}?asOf=${tomorrow}`);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 400, code: 'AS_OF_IN_FUTURE' });
    }
  });
});
