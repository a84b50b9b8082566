import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaDateOf, mondayOf } from '#domain';
import type { RecordedEvent } from '#event-store';
import { loadConfig } from '#platform';
import type { RunningService } from '../../apps/api/src/bootstrap.js';
import {
  countDemoLists, type DemoDistrictReport, type DemoHttp, type DemoListCounts, demoCredentials, fetchHttp, loadDemoDistrict, SimulatedClock, startDemoService,
} from '../../apps/api/src/demo/index.js';

/**
 * `npm run demo`'s district at a tenth of its size, loaded through real HTTP into a temporary
 * service: the three lists fill up, the story's rules show, and a re-run stores nothing twice.
 */
describe('the demo district (e2e)', () => {
  let dataDir: string;
  let service: RunningService;
  let http: DemoHttp;
  let report: DemoDistrictReport;
  let lists: DemoListCounts;
  let events: RecordedEvent[];
  const clock = new SimulatedClock();
  const get = async <T>(path: string): Promise<T> => {
    const response = await http.request('GET', path);
    expect(response.status).toBe(200);
    return response.body as T;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'wushe-demo-'));
    const config = loadConfig({ LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir });
    service = await startDemoService(config, clock);
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    // The demo loads through the authenticated API: tokens of the embedded issuer, as `npm run demo` does.
    http = fetchHttp(`http://127.0.0.1:${(service.app.getHttpServer().address() as AddressInfo).port}`, demoCredentials(config));
    report = await loadDemoDistrict(http, { clock, scale: 0.1 });
    lists = await countDemoLists(http, report.position);
    events = await service.infrastructure.eventStore.readAll();
  }, 90_000);

  afterAll(async () => {
    await service?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fills the three lists: needs, resources (volunteers, social workers, organisations, donations) and projects', () => {
    const { world } = report;
    expect(lists.counts).toEqual({
      needs: world.needs.length,
      projects: world.projects.length,
      donations: world.donations.length,
      volunteers: world.volunteers.length,
      socialWorkers: world.socialWorkers.length,
      organisations: world.organisations.length,
      communities: world.communities.length,
    });
    expect(lists.counts.needs).toBeGreaterThanOrEqual(14);
    expect(lists.counts.volunteers).toBeGreaterThanOrEqual(24);
    // Needs move through their lifecycle; projects sit at every stage of a purchase.
    expect(Object.keys(lists.needsByStatus)).toEqual(expect.arrayContaining(['covered', 'fulfilled', 'withdrawn']));
    expect(lists.projectsByStatus).toEqual({ designed: 1, published: 1, contracted: 3, completed: 1 });
    expect(lists.deliveredHours).toBeGreaterThan(1000);
    expect(report.stats).toMatchObject({ replayed: 0, refused: 4 });
    expect(report.commandsPerSecond).toBeGreaterThan(0);
  });

  it('refuses, as the seeds demand, an ineligible bidder (7), a failed inspection (11), both station levels to one agency (5) and an earmark breach (12)', () => {
    expect(report.refusals.map(({ code, rule }) => [code, rule])).toEqual([
      ['BIDDER_NOT_ELIGIBLE', 7],
      ['ORGANISATION_NOT_IN_GOOD_STANDING', 11],
      ['STATION_LEVELS_CONFLICT', 5],
      ['EARMARK_MISMATCH', 12],
    ]);
  });

  it("runs the 中华街道 station for weeks: 4 staff (3 qualified), weekly hours per rule 2, monthly briefs, ratings, charity funding", async () => {
    const station = await get<{
      status: string;
      contractor: { organisationId: string };
      staff: { count: number; qualified: number; meetsStationRule: boolean };
      bids: { status: string }[];
      weeklyHours: { socialWorkerId: string; weekOf: string; hours: number; meetsRule2: boolean }[];
      reportsFiled: { kind: string }[];
      satisfaction: { ratings: number };
      fundingMatchedFen: number;
      needIds: string[];
    }>(`/projects/${report.projects.streetStation}`);
    expect(station).toMatchObject({ status: 'contracted', staff: { count: 4, qualified: 3, meetsStationRule: true }, fundingMatchedFen: 20_000_000 });
    expect(station.bids.map((bid) => bid.status).sort()).toEqual(['lost', 'won']);
    expect(station.needIds.length).toBeGreaterThanOrEqual(6);
    const weeks = [...new Set(station.weeklyHours.map((week) => week.weekOf))];
    expect(weeks.length).toBeGreaterThanOrEqual(8);
    // Full weeks meet the 24 hours; the first (on post on a Thursday) and a week of leave fall short.
    expect(station.weeklyHours.filter((week) => week.meetsRule2).length).toBeGreaterThanOrEqual(4 * 6);
    expect(station.weeklyHours.filter((week) => !week.meetsRule2).length).toBeGreaterThanOrEqual(5);
    expect(station.reportsFiled.filter((filed) => filed.kind === 'monthly_brief').length).toBeGreaterThanOrEqual(2);
    expect(station.satisfaction.ratings).toBeGreaterThan(0);

    const general = await get<{ status: string; contractor: { organisationId: string } }>(`/projects/${report.projects.generalStation}`);
    expect(general.status).toBe('contracted');
    expect(general.contractor.organisationId).not.toBe(station.contractor.organisationId);
  });

  it('spreads the history over twelve weeks of event times, none in the future', () => {
    const times = events.map((event) => Date.parse(event.metadata.occurredAt));
    expect(chinaDateOf(new Date(Math.min(...times)))).toBe(report.startsOn);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.now());
    const deliveryWeeks = new Set(events.filter((event) => event.type === 'ServiceDelivered').map((event) => mondayOf((event.data as { deliveredOn: string }).deliveredOn)));
    expect(deliveryWeeks.size).toBeGreaterThanOrEqual(8);
  });

  it('keeps personal data in the vault: no phone or ID number in any event, the person behind a volunteer readable from the vault', async () => {
    const everything = JSON.stringify(events.map((event) => event.data));
    expect(everything).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/);
    expect(everything).not.toMatch(/(?<![0-9A-Za-z])350203(19|20)\d{9}[\dX](?![0-9A-Za-z])/);
    const volunteer = await get<{ personRef: string }>(`/volunteers/${report.world.volunteers[0]!.id}`);
    expect(await service.infrastructure.vault.get(volunteer.personRef)).toMatchObject({ name: expect.any(String), phone: expect.stringMatching(/^1[3-9]\d{9}$/) });
  });

  it('is safe to re-run: the same requests with the same Idempotency-Keys store nothing new', async () => {
    const head = await service.infrastructure.eventStore.headPosition();
    const rerun = await loadDemoDistrict(http, { clock, scale: 0.1, startsOn: report.startsOn });
    expect(await service.infrastructure.eventStore.headPosition()).toBe(head);
    expect(rerun.stats).toMatchObject({ commands: report.stats.commands, replayed: report.stats.commands - report.stats.refused, events: 0 });
    expect(rerun.projects.streetStation).toBe(report.projects.streetStation);
  }, 60_000);
});
