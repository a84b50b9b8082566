import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DomainError, domainEventRegistry, needDecider } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { ReadModelDatabase } from '../database/read-model-database.js';
import { readCheckpoints } from '../framework/checkpoints.js';
import type { Page, PageRequest } from '../framework/cursor.js';
import { dumpProjectionTables } from '../framework/dump-tables.js';
import { ProjectionTimeoutError } from '../framework/errors.js';
import { registryUpcaster, type AnyProjection } from '../framework/projection.js';
import { ProjectionRunner, type ProjectionLogger } from '../framework/projection-runner.js';
import { NeedsListProjection } from '../lists/needs/needs.projection.js';
import { createReadModelProjections } from '../lists/read-model-projections.js';
import { ReadModelQueries } from '../lists/read-model-queries.js';
import { AREAS, CITY, runScenario, ScenarioDriver, type ScenarioResult } from './read-model-scenario.js';

export interface ReadModelsFixture {
  openStore(): Promise<EventStore>;
  /** A fresh, empty read-model database; `name` keeps several apart. */
  openReadModels(name: string): Promise<ReadModelDatabase>;
  /** Drops what the fixture created. */
  cleanup(): Promise<void>;
}

const silentLogger = (): ProjectionLogger & { errors: string[] } => {
  const errors: string[] = [];
  return { errors, info: () => undefined, warn: () => undefined, error: (_details, message) => errors.push(message) };
};

/** Every page of a list, following the cursors. */
async function allPages<Item>(fetch: (page: PageRequest) => Promise<Page<Item>>, limit: number): Promise<Item[][]> {
  const pages: Item[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch({ limit, ...(cursor ? { cursor } : {}) });
    pages.push(page.items);
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('pagination never ended');
}

/** The store as it was up to `position`: what a projection that stopped there had seen. */
function storeUpTo(store: EventStore, position: number): EventStore {
  return {
    append: () => Promise.reject(new Error('read-only view')),
    readStream: store.readStream.bind(store),
    readAll: async (options) => (await store.readAll(options)).filter((event) => event.position <= position),
    subscribeToAll: () => {
      throw new Error('not used');
    },
    headPosition: async () => position,
    close: async () => undefined,
  };
}

/**
 * The read models against one store kind (SQLite or PostgreSQL for events and read models):
 * a live projector follows the scenario as it is appended; the lists, filters, pagination,
 * indicators, read-your-writes, crash safety and rebuild-equals-live are then checked.
 */
export function readModelsSuite(title: string, makeFixture: () => Promise<ReadModelsFixture>): void {
  describe(title, () => {
    let fixture: ReadModelsFixture;
    let store: EventStore;
    let database: ReadModelDatabase;
    let runner: ProjectionRunner;
    let queries: ReadModelQueries;
    let scenario: ScenarioResult;
    let projections: AnyProjection[];

    beforeAll(async () => {
      fixture = await makeFixture();
      store = await fixture.openStore();
      database = await fixture.openReadModels('live');
      projections = createReadModelProjections();
      runner = new ProjectionRunner({ store, database, projections, upcast: registryUpcaster(domainEventRegistry), logger: silentLogger() });
      // Started before the first append: the scenario is projected live, batch by batch.
      await runner.start();
      scenario = await runScenario(store);
      await runner.waitForPosition(scenario.headPosition, 15_000);
      queries = new ReadModelQueries(database, { waiter: runner, waitTimeoutMs: 300, clock: () => scenario.endedAt });
    }, 120_000);

    afterAll(async () => {
      await runner?.stop();
      await database?.close();
      await store?.close();
      await fixture?.cleanup();
    });

    describe('needs list (居民需求清单)', () => {
      it('lists every need, newest first, with the status each reached', async () => {
        const pages = await allPages((page) => queries.needs(page), 100);
        const needs = pages.flat();
        expect(needs.map((need) => need.needId)).toEqual([...scenario.needs].reverse().map((need) => need.needId));
        const statusOf = Object.fromEntries(needs.map((need) => [need.needId, need.status]));
        expect(statusOf).toMatchObject({
          'need-01': 'fulfilled',
          'need-02': 'covered',
          'need-03': 'verified',
          'need-04': 'withdrawn',
          'need-07': 'fulfilled',
          'need-11': 'matched',
          'need-12': 'covered',
          'need-05': 'listed',
        });
        expect(needs.filter((need) => need.status === 'listed')).toHaveLength(17);
      });

      it('shows matches, money and hours matched, covering project and time to first match', async () => {
        const need = await queries.need('need-02');
        expect(need).toMatchObject({
          status: 'covered',
          area: AREAS.sm1a,
          matches: 2,
          matchedAmountFen: 30_000,
          matchedHoursPerWeek: 2,
          coveringProjectIds: ['proj-station'],
          // Listed at hour 2 of the scenario, first matched at hour 27.
          timeToFirstMatchSeconds: 25 * 3600,
          beneficiaryRef: 'vault:beneficiary:need-02',
        });
        expect(need.matchList.map((match) => [match.matchId, match.resource.kind, match.firstMatch])).toEqual([
          ['match-02', 'donation', true],
          ['match-05', 'volunteer', false],
        ]);
        const fulfilled = await queries.need('need-01');
        expect(fulfilled.fulfilledAt).not.toBeNull();
        await expect(queries.need('need-99')).rejects.toMatchObject({ code: 'NEED_NOT_FOUND', kind: 'not_found' });
      });

      it('filters by community, street, district, category and status', async () => {
        const inCommunity = (await queries.needs({ community: 'SM-1-A', limit: 100 })).items;
        expect(inCommunity).toHaveLength(8);
        expect(inCommunity.every((need) => need.area.community === 'SM-1-A')).toBe(true);
        expect((await queries.needs({ street: 'SM-1', limit: 100 })).items).toHaveLength(14);
        expect((await queries.needs({ district: 'HL', limit: 100 })).items.map((need) => need.needId).sort()).toEqual([
          'need-05',
          'need-09',
          'need-17',
          'need-21',
        ]);
        const elderlyInSm = (await queries.needs({ district: 'SM', category: 'elderly_care', limit: 100 })).items;
        expect(elderlyInSm.map((need) => need.needId).sort()).toEqual(['need-01', 'need-02', 'need-04', 'need-07', 'need-12', 'need-13', 'need-14', 'need-16', 'need-19', 'need-24']);
        expect((await queries.needs({ status: 'fulfilled' })).items.map((need) => need.needId).sort()).toEqual(['need-01', 'need-07']);
        expect((await queries.needs({ city: CITY, status: 'withdrawn' })).items.map((need) => need.needId)).toEqual(['need-04']);
      });

      it('lists matches by resource', async () => {
        const byDonation = await queries.needMatches({ resourceKind: 'donation', resourceId: 'don-1' });
        expect(byDonation.items.map((match) => match.matchId).sort()).toEqual(['match-01', 'match-02', 'match-04']);
        expect(await queries.needMatch('match-06')).toMatchObject({ needId: 'need-11', resource: { kind: 'volunteer', id: 'vol-3' }, hoursPerWeek: 4, firstMatch: true });
        await expect(queries.needMatch('match-99')).rejects.toMatchObject({ code: 'MATCH_NOT_FOUND' });
        const byVolunteer = await queries.needMatches({ resourceKind: 'volunteer', limit: 1 });
        expect(byVolunteer.items).toHaveLength(1);
        expect(byVolunteer.nextCursor).not.toBeNull();
      });
    });

    describe('pagination', () => {
      it('walks the needs list in pages with no duplicate and no omission, in list order', async () => {
        const pages = await allPages((page) => queries.needs(page), 5);
        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 4]);
        const ids = pages.flat().map((need) => need.needId);
        expect(new Set(ids).size).toBe(24);
        expect(ids).toEqual([...scenario.needs].reverse().map((need) => need.needId));
      });

      it('pages filtered lists, and lists whose sort keys tie (ties broken by id)', async () => {
        const filtered = (await allPages((page) => queries.needs({ ...page, district: 'SM', category: 'elderly_care' }), 3)).flat();
        expect(filtered.map((need) => need.needId)).toEqual(
          (await queries.needs({ district: 'SM', category: 'elderly_care', limit: 100 })).items.map((need) => need.needId),
        );
        expect(filtered).toHaveLength(10);
        // The six social workers were registered at the same instant: only the id orders them.
        const workers = await allPages((page) => queries.socialWorkers(page), 4);
        expect(workers.map((page) => page.length)).toEqual([4, 2]);
        expect(workers.flat().map((worker) => worker.socialWorkerId)).toEqual(['sw-6', 'sw-5', 'sw-4', 'sw-3', 'sw-2', 'sw-1']);
        const communities = await allPages((page) => queries.communities(page), 1);
        expect(communities.flat().map((community) => community.communityId)).toEqual(['HL-1-A', 'SM-1-A', 'SM-1-B', 'SM-2-A']);
        const projects = (await allPages((page) => queries.projects(page), 2)).flat();
        expect(projects.map((project) => project.projectId)).toEqual(['proj-hl', 'proj-sm2', 'proj-station']);
      });

      it('refuses a cursor from another list, a forged cursor and a page over 100', async () => {
        const needsPage = await queries.needs({ limit: 1 });
        await expect(queries.projects({ cursor: needsPage.nextCursor! })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
        await expect(queries.needs({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(DomainError);
        await expect(queries.needs({ limit: 101 })).rejects.toMatchObject({ code: 'INVALID_PAGE_SIZE', kind: 'invalid' });
      });
    });

    describe('projects list (民生项目清单)', () => {
      it('shows the station: contract, funding gap, delivery, satisfaction, reports owed and staff', async () => {
        const [station] = (await queries.projects({ kind: 'social_work_station' })).items;
        expect(station).toMatchObject({
          projectId: 'proj-station',
          status: 'contracted',
          stationLevel: 'street',
          area: { city: CITY, district: 'SM', street: 'SM-1', community: '' },
          budgetFen: 3_000_000,
          contractPriceFen: 2_800_000,
          contractor: { organisationId: 'org-a', name: '思明区同心社工服务中心' },
          fundingMatchedFen: 500_000,
          fundingGapFen: 2_300_000,
          deliveries: 3,
          deliveredHours: 24,
          socialWorkerHours: 56,
          volunteerHours: 16,
          beneficiariesServed: 37,
          satisfaction: { good: 2, bad: 1, ratings: 3, averageScore: 3.67 },
          // March's brief was filed; April's was due when April ended (rule 10).
          reports: { filed: 1, overdue: 1 },
          staff: { count: 4, qualified: 3, meetsStationRule: true },
          signedAt: '2026-03-12T16:00:00.000Z',
        });
        const detail = await queries.project('proj-station');
        expect(detail.reportsOwed).toEqual([{ kind: 'monthly_brief', period: '2026-04', dueAt: '2026-04-30T16:00:00.000Z' }]);
        expect(detail.staffMembers.map((member) => [member.socialWorkerId, member.qualified])).toEqual([
          ['sw-1', true],
          ['sw-2', true],
          ['sw-3', true],
          ['sw-4', false],
        ]);
        expect(detail.fundings).toEqual([
          { matchId: 'match-07', donationId: 'don-1', amountFen: 500_000, released: false, matchedAt: expect.any(String) },
        ]);
      });

      it('makes rule 2 visible: weekly station hours per social worker', async () => {
        expect(await queries.stationWeeklyHours('proj-station')).toEqual([
          { socialWorkerId: 'sw-1', weekOf: '2026-03-16', hours: 24, meetsRule2: true },
          { socialWorkerId: 'sw-2', weekOf: '2026-03-16', hours: 16, meetsRule2: false },
          { socialWorkerId: 'sw-3', weekOf: '2026-03-16', hours: 8, meetsRule2: false },
          { socialWorkerId: 'sw-4', weekOf: '2026-03-16', hours: 8, meetsRule2: false },
        ]);
      });

      it('lists bids with their outcome and filters projects by status, category and funding gap', async () => {
        expect((await queries.bids({ projectId: 'proj-station' })).items.map((bid) => [bid.bidId, bid.status])).toEqual([
          ['bid-a', 'won'],
          ['bid-b', 'withdrawn'],
        ]);
        expect(await queries.bid('bid-b')).toMatchObject({ organisationId: 'org-b', priceFen: 2_500_000, status: 'withdrawn', withdrawnAt: '2026-03-07T04:05:00.000Z' });
        expect((await queries.bids({ organisationId: 'org-a' })).items.map((bid) => bid.bidId)).toEqual(['bid-a', 'bid-sm2-a']);
        const terminated = (await queries.projects({ status: 'terminated' })).items;
        expect(terminated.map((project) => project.projectId)).toEqual(['proj-sm2']);
        expect((await queries.project('proj-sm2')).evaluations).toEqual([
          { year: 2026, grade: 'unqualified', score: 52, continues: false, evaluatedAt: '2026-04-03T02:00:00.000Z' },
        ]);
        expect((await queries.projects({ category: 'child_welfare' })).items.map((project) => project.projectId)).toEqual(['proj-hl']);
        expect((await queries.projects({ category: 'elderly_care', street: 'SM-1' })).items.map((project) => project.projectId)).toEqual([
          'proj-station',
        ]);
        expect((await queries.projects({ withFundingGap: true })).items).toHaveLength(3);
        await expect(queries.project('nope')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' });
      });
    });

    describe('resources list (服务资源清单)', () => {
      it('volunteers: declared, assigned and remaining weekly hours, hours logged; filters by category and free hours', async () => {
        const vol1 = await queries.volunteer('vol-1');
        expect(vol1).toMatchObject({
          area: AREAS.sm1a,
          skills: ['理发', '陪伴'],
          hoursPerWeek: { declared: 6, assigned: 2, remaining: 4 },
          activeAssignments: 1,
          hoursLogged: 4,
          lastServedOn: '2026-03-19',
        });
        expect(vol1.assignments).toEqual([
          { assignmentId: 'assign-1', target: { kind: 'need', id: 'need-02' }, hoursPerWeek: 2, assignedOn: expect.any(String), endedOn: null, hoursLogged: 4 },
        ]);
        const elderly = (await queries.volunteers({ category: 'elderly_care' })).items.map((volunteer) => volunteer.volunteerId).sort();
        expect(elderly).toEqual(['vol-1', 'vol-3', 'vol-4']);
        expect((await queries.volunteers({ minRemainingHours: 5 })).items.map((volunteer) => volunteer.volunteerId)).toEqual(['vol-3']);
        expect((await queries.volunteers({ street: 'SM-1', category: 'elderly_care' })).items).toHaveLength(2);
      });

      it('social workers: grade, qualification, employer and assigned hours', async () => {
        expect(await queries.socialWorker('sw-1')).toMatchObject({
          grade: 'intermediate',
          qualified: true,
          employerOrganisationId: 'org-a',
          assignedHoursPerWeek: 30,
          activeProjects: 1,
          assignments: [{ projectId: 'proj-station', hoursPerWeek: 30 }],
        });
        const qualifiedInSm = (await queries.socialWorkers({ district: 'SM', qualified: true })).items.map((worker) => worker.socialWorkerId);
        expect(qualifiedInSm.sort()).toEqual(['sw-1', 'sw-2', 'sw-3', 'sw-5']);
        expect((await queries.socialWorkers({ status: 'deregistered' })).items.map((worker) => worker.socialWorkerId)).toEqual(['sw-6']);
      });

      it('donations with their unallocated balance, venues, and donation matches', async () => {
        expect(await queries.donation('don-1')).toMatchObject({
          pledgedFen: 1_000_000,
          matchedFen: 585_000,
          disbursedFen: 230_000,
          balanceFen: 415_000,
          status: 'open',
          earmark: { category: 'elderly_care', district: 'SM', street: null, community: null },
          receiptNumber: 'XM2026-000123',
        });
        expect(await queries.donation('don-3')).toMatchObject({ matchedFen: 0, balanceFen: 20_000, status: 'open' });
        expect(await queries.donation('don-4')).toMatchObject({ refundedFen: 50_000, balanceFen: 0, status: 'refunded' });
        const withBalance = (await queries.donations({ withBalance: true })).items.map((donation) => [donation.donationId, donation.balanceFen]);
        expect(withBalance.sort()).toEqual([
          ['don-1', 415_000],
          ['don-2', 40_000],
          ['don-3', 20_000],
        ]);
        expect((await queries.venues()).items.map((venue) => venue.donationId)).toEqual(['don-2']);
        // An earmark for elderly care excludes the donation from other categories; unearmarked ones match any.
        expect((await queries.donations({ category: 'child_welfare' })).items.map((donation) => donation.donationId).sort()).toEqual([
          'don-2',
          'don-3',
          'don-4',
        ]);
        expect(await queries.donationMatch('match-07')).toMatchObject({
          target: { kind: 'project', id: 'proj-station' },
          area: { city: CITY, district: 'SM', street: 'SM-1', community: '' },
          amountFen: 500_000,
          disbursedFen: 200_000,
        });
        const released = (await queries.donationMatches({ donationId: 'don-3' })).items;
        expect(released).toEqual([expect.objectContaining({ matchId: 'match-03', released: true, target: { kind: 'need', id: 'need-04' } })]);
      });

      it('organisations with capacity, inspection, grade and bidding eligibility (rule 11)', async () => {
        expect(await queries.organisation('org-a')).toMatchObject({
          kind: 'social_work_agency',
          grade: 4,
          latestInspection: { result: 'passed', year: 2025 },
          capacity: 3,
          activeContracts: 1,
          remainingCapacity: 2,
          stationContracts: 1,
          mayBid: true,
          contractedProjects: [
            { projectId: 'proj-station', title: '鹭江街道社工站', status: 'contracted' },
            { projectId: 'proj-sm2', title: '中山社区长者助餐', status: 'terminated' },
          ],
        });
        expect((await queries.organisation('org-c')).mayBid).toBe(false);
        expect((await queries.organisations({ mayBid: true })).items.map((organisation) => organisation.organisationId).sort()).toEqual([
          'org-a',
          'org-b',
        ]);
        expect((await queries.organisations({ category: 'child_welfare' })).items.map((organisation) => organisation.organisationId).sort()).toEqual([
          'org-a',
          'org-c',
        ]);
        expect((await queries.organisations({ status: 'deregistered' })).items.map((organisation) => organisation.organisationId)).toEqual([
          'org-d',
        ]);
      });

      it('communities with residents and households', async () => {
        expect(await queries.community('SM-1-A')).toMatchObject({ name: '鹭江社区', kind: 'urban', residents: 8200, households: 3150 });
        expect((await queries.communities({ kind: 'rural' })).items.map((community) => community.communityId)).toEqual(['HL-1-A']);
      });
    });

    describe('indicators', () => {
      it('per district: social workers and organisations per community, needs, time to first match, funds, hours, satisfaction', async () => {
        const siming = await queries.indicators('district', 'SM');
        expect(siming).toEqual({
          level: 'district',
          code: 'SM',
          population: { communities: 3, urbanCommunities: 3, ruralCommunities: 0, residents: 19_200, households: 7350 },
          socialWorkers: {
            active: 5,
            qualified: 4,
            per1000Residents: 0.2604,
            perCommunity: 1.6667,
            targetPer1000Residents: 1,
            targetPerCommunity: 3,
            certifiedByGrade: { assistant: 1, intermediate: 1, senior: 0 },
          },
          organisations: { registered: 2, perCommunity: 0.6667, targetPerCommunity: 10 },
          volunteers: {
            active: 4,
            shareOfResidents: 0.0002,
            targetShare: 0.13,
            byStreet: [
              { street: 'SM-1', residents: 14_200, active: 3, shareOfResidents: 0.0002 },
              { street: 'SM-2', residents: 5000, active: 1, shareOfResidents: 0.0002 },
            ],
          },
          // The SM-1 street station is under contract; SM-2 has none (seed 004: one per street).
          stations: { streets: 2, streetsWithStation: 1, coverage: 0.5, target: 1 },
          purchasedContracts: { contracts: 2, valueFen: 3_180_000 },
          // May 2026: elder-1 seen, elder-2 not met (nobody home), elder-3 left the register for a care home.
          homeVisits: { month: '2026-05', registered: 2, visited: 1, rate: 0.5, target: 1 },
          needs: {
            listed: 20,
            open: 17,
            matched: 5,
            fulfilled: 2,
            withdrawn: 1,
            stale: 0,
            fulfilledShare: 0.1053,
            timeToFirstMatch: { needs: 5, meanHours: 31.6, medianHours: 26 },
          },
          // don-2's venue time (appraised 80,000, 40,000 matched, 10,000 given) is in-kind, never money.
          funds: {
            money: { matchedFen: 585_000, disbursedFen: 230_000, unallocatedFen: 435_000 },
            inKind: { matchedFen: 40_000, disbursedFen: 10_000, unallocatedFen: 40_000 },
          },
          // vol-6 served 5.25 h and deregistered: no longer active, the hours stay served.
          serviceHours: { socialWorkers: 56, volunteers: 12.25, deliveries: 3 },
          beneficiariesServed: 37,
          satisfaction: { ratings: 3, good: 2, bad: 1, goodShare: 0.6667, averageScore: 3.67 },
          projects: { designed: 2, contracted: 2, completed: 0, terminated: 1 },
        });
      });

      it('per street, community and city', async () => {
        const street = await queries.indicators('street', 'SM-1');
        expect(street.socialWorkers).toMatchObject({ active: 3, per1000Residents: 0.2113, perCommunity: 1.5 });
        expect(street.needs.timeToFirstMatch).toEqual({ needs: 4, meanHours: 33.75, medianHours: 33 });
        expect(street.funds).toEqual({
          money: { matchedFen: 585_000, disbursedFen: 230_000, unallocatedFen: 415_000 },
          inKind: { matchedFen: 40_000, disbursedFen: 10_000, unallocatedFen: 40_000 },
        });

        const community = await queries.indicators('community', 'SM-1-A');
        expect(community.socialWorkers).toMatchObject({ active: 2, perCommunity: 2, per1000Residents: 0.2439 });
        expect(community.organisations.registered).toBe(1);
        expect(community.serviceHours).toEqual({ socialWorkers: 40, volunteers: 4, deliveries: 2 });
        expect(community.beneficiariesServed).toBe(32);
        expect(community.funds.money.matchedFen).toBe(60_000);

        const city = await queries.indicators('city', CITY);
        expect(city.population).toMatchObject({ communities: 4, residents: 22_200 });
        // org-a is district-wide (no community seat): it counts at city level through its district.
        expect(city.organisations).toEqual({ registered: 3, perCommunity: 0.75, targetPerCommunity: 8.75 });
        expect(city.socialWorkers.active).toBe(5);
        expect(city.needs.listed).toBe(24);

        await expect(queries.indicators('province', 'FJ')).rejects.toMatchObject({ code: 'UNKNOWN_ADMINISTRATIVE_LEVEL' });
        const nowhere = await queries.indicators('district', 'NOWHERE');
        expect(nowhere.socialWorkers.per1000Residents).toBeNull();
        expect(nowhere.needs.timeToFirstMatch).toEqual({ needs: 0, meanHours: null, medianHours: null });
      });
    });

    describe('read-your-writes', () => {
      it('a query with minPosition sees the write that answered that position', async () => {
        const driver = new ScenarioDriver(store);
        driver.clock.set('2026-05-06T03:00:00.000Z');
        const position = await driver.send(needDecider, 'need-03', { type: 'FulfilNeed', data: { note: 'done' } });
        const need = await queries.need('need-03', { minPosition: position });
        expect(need.status).toBe('fulfilled');
        await expect(runner.waitForPosition(position, 100)).resolves.toBeUndefined();
      });

      it('times out with ProjectionTimeoutError when the position is not projected within the bound', async () => {
        const beyond = (await store.headPosition()) + 1000;
        await expect(runner.waitForPosition(beyond, 150)).rejects.toBeInstanceOf(ProjectionTimeoutError);
        await expect(queries.needs({ minPosition: beyond })).rejects.toMatchObject({ code: 'PROJECTION_TIMEOUT', position: beyond });
        const status = await runner.status();
        expect(status.map((projection) => [projection.name, projection.status, projection.lag])).toEqual([
          ['needs-list', 'running', 0],
          ['resources-list', 'running', 0],
          ['projects-list', 'running', 0],
          ['donor-gifts', 'running', 0],
          ['matching-pools', 'running', 0],
          ['grant-rounds', 'running', 0],
        ]);
      });
    });

    describe('crash safety', () => {
      it('a handler failing mid-batch leaves table and checkpoint exactly at the event before; retry converges on live', async () => {
        const failingEvent = (await store.readStream('need-need-07')).find((event) => event.type === 'NeedFulfilled')!;
        let broken = true;
        const faulty = new NeedsListProjection();
        const fulfil = faulty.on.NeedFulfilled;
        (faulty.on as Record<string, unknown>).NeedFulfilled = async (event: RecordedEvent<never>, trx: never) => {
          await fulfil(event, trx); // writes, then dies: the write must not survive
          if (broken && event.eventId === failingEvent.eventId) throw new Error('disk full');
        };
        const crashed = await fixture.openReadModels('crash');
        const reference = await fixture.openReadModels('reference');
        try {
          const logger = silentLogger();
          const crashRunner = new ProjectionRunner({ store, database: crashed, projections: [faulty], logger });
          await crashRunner.runOnce();
          const [checkpoint] = await readCheckpoints(crashed.db, ['needs-list']);
          const before = (await store.readAll()).filter((event) => event.position < failingEvent.position).at(-1)!;
          expect(checkpoint).toMatchObject({
            status: 'failed',
            position: before.position,
            error: { position: failingEvent.position, eventId: failingEvent.eventId, eventType: 'NeedFulfilled', message: 'disk full' },
          });
          expect(logger.errors).toHaveLength(1);

          // The tables hold exactly what a projection that stopped at `before` holds.
          await new ProjectionRunner({ store: storeUpTo(store, before.position), database: reference, projections: [new NeedsListProjection()] }).runOnce();
          expect(await dumpProjectionTables(crashed.db, [faulty])).toEqual(await dumpProjectionTables(reference.db, [faulty]));
          expect((await crashed.db.selectFrom('needs').select('status').where('need_id', '=', 'need-07').executeTakeFirst())?.status).toBe('matched');

          broken = false;
          await crashRunner.retry('needs-list');
          const live = projections.find((projection) => projection.name === 'needs-list')!;
          await runner.waitForPosition(await store.headPosition(), 5000);
          expect(await dumpProjectionTables(crashed.db, [faulty])).toEqual(await dumpProjectionTables(database.db, [live]));
          expect((await readCheckpoints(crashed.db, ['needs-list']))[0]).toMatchObject({ status: 'running', error: null });
        } finally {
          await crashed.close();
          await reference.close();
        }
      });
    });

    describe('rebuild', () => {
      it('REBUILD EQUALS LIVE: every table, sorted, is identical after re-projecting from position 0', async () => {
        await runner.waitForPosition(await store.headPosition(), 5000);
        const live = await dumpProjectionTables(database.db, projections);
        expect(live['needs']).toHaveLength(24);
        expect(live['project_deliveries']).toHaveLength(3);

        // Whatever is in the tables now (even damage) must not matter.
        await database.db.deleteFrom('volunteers').where('volunteer_id', '=', 'vol-1').execute();
        const reached = await runner.rebuild('all');
        expect(reached).toBe(await store.headPosition());
        expect(await dumpProjectionTables(database.db, projections)).toEqual(live);
        expect((await runner.status()).every((projection) => projection.status === 'running' && projection.position === reached)).toBe(true);

        // A projector that catches up in big batches from another database lands on the same rows.
        const fresh = await fixture.openReadModels('fresh');
        try {
          await new ProjectionRunner({ store, database: fresh, projections: createReadModelProjections() }).runOnce();
          expect(await dumpProjectionTables(fresh.db, projections)).toEqual(live);
        } finally {
          await fresh.close();
        }
      });

      it('rebuilds one projection while the live runner keeps projecting new events', async () => {
        const driver = new ScenarioDriver(store);
        driver.clock.set('2026-05-06T04:00:00.000Z');
        const rebuilding = runner.rebuild('projects-list');
        const position = await driver.send(needDecider, 'need-05', { type: 'VerifyNeed', data: {} });
        await rebuilding;
        await runner.waitForPosition(position, 5000);
        expect((await queries.need('need-05')).status).toBe('verified');
        expect((await queries.projects({ limit: 100 })).items).toHaveLength(3);
      });

      it('rebuilds into fresh tables: meanwhile every query answers the old, complete tables; the swap brings the new ones and the checkpoint at once', async () => {
        const head = await store.headPosition();
        // The rebuild's store pauses before its 4th page (batches of 20): the shadow tables are half full then.
        let pagesRead = 0;
        let armed = false;
        let paused!: () => void;
        const reachedPause = new Promise<void>((resolve) => (paused = resolve));
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const gated: EventStore = {
          append: (...args) => store.append(...args),
          readStream: (streamId) => store.readStream(streamId),
          subscribeToAll: (options) => store.subscribeToAll(options),
          headPosition: () => store.headPosition(),
          close: async () => undefined,
          readAll: async (options) => {
            if (armed && ++pagesRead === 4) {
              paused();
              await released;
            }
            return store.readAll(options);
          },
        };
        const swapped = await fixture.openReadModels('swap');
        try {
          const swapRunner = new ProjectionRunner({
            store: gated,
            database: swapped,
            projections: createReadModelProjections(),
            upcast: registryUpcaster(domainEventRegistry),
            logger: silentLogger(),
            batchSize: 20,
            rebuildBatchSize: 20,
          });
          await swapRunner.runOnce();
          const rebuiltReference = await dumpProjectionTables(swapped.db, projections);
          // Old tables that differ from what the events say, so old and new cannot be confused.
          await swapped.db.updateTable('needs').set({ title: 'old table' }).execute();
          await swapped.db.deleteFrom('donations').where('donation_id', '=', 'don-2').execute();
          const old = await dumpProjectionTables(swapped.db, projections);
          const oldCheckpoints = await readCheckpoints(swapped.db, ['needs-list', 'resources-list', 'projects-list']);

          armed = true;
          const rebuilding = swapRunner.rebuild('all');
          await reachedPause;
          // Mid-rebuild: the old tables, whole (not empty, not partly rebuilt), and the old checkpoints.
          expect(await dumpProjectionTables(swapped.db, projections)).toEqual(old);
          expect(await readCheckpoints(swapped.db, ['needs-list', 'resources-list', 'projects-list'])).toEqual(oldCheckpoints);
          expect((await swapRunner.status()).map((status) => status.status)).toEqual(projections.map(() => 'rebuilding'));
          release();

          expect(await rebuilding).toBe(head);
          expect(await dumpProjectionTables(swapped.db, projections)).toEqual(rebuiltReference);
          const checkpoints = await readCheckpoints(swapped.db, ['needs-list', 'resources-list', 'projects-list']);
          expect(checkpoints.map(({ position, status }) => ({ position, status }))).toEqual(Array(3).fill({ position: head, status: 'running' }));
          // Nothing of the shadows is left, and a second rebuild (same shadow and index names) works.
          await swapRunner.rebuild('all');
          expect(await dumpProjectionTables(swapped.db, projections)).toEqual(rebuiltReference);
          // Kysely lists the tables of every schema on PostgreSQL: other suites' rebuilds may be running there.
          const leftovers = (await swapped.db.introspection.getTables()).filter(
            (table) => table.name.endsWith('__next') && (swapped.schema === null || table.schema === swapped.schema),
          );
          expect(leftovers).toEqual([]);
        } finally {
          release();
          await swapped.close();
        }
      });
    });
  });
}
