import { describe, expect, it } from '@jest/globals';
import { MatchingEngine } from './matching-engine.js';
import type { MatchingOptions } from './matching-options.js';
import { aDonation, aNeed, anOrganisation, aProject, aVolunteer, fixedClock, place } from './testing/matching-fixtures.js';

const engine = () => new MatchingEngine({ now: fixedClock });
const summary = (result: ReturnType<MatchingEngine['allocate']>) =>
  result.assignments.map((assignment) => `${assignment.demandKey}<${assignment.resourceKey}:${JSON.stringify(assignment.quantity)}`).sort();

describe('batch allocation', () => {
  it('greedy gives the nearest volunteer to the first need and leaves the other uncovered; the optimum covers both', () => {
    const matching = engine();
    // Xia lives next to Auntie Wang and is the only volunteer who does health visits; Yang lives a community away.
    matching.upsertVolunteer(aVolunteer('xia', { area: place('D1', 'S1', 'C1'), categories: ['elderly_care', 'health'], availableHoursPerWeek: 4 }));
    matching.upsertVolunteer(aVolunteer('yang', { area: place('D1', 'S1', 'C2'), categories: ['elderly_care'], availableHoursPerWeek: 4 }));
    matching.upsertNeed(aNeed('wang', { area: place('D1', 'S1', 'C1'), category: 'elderly_care', hoursPerWeek: 4, urgency: 'high' }));
    matching.upsertNeed(aNeed('li', { area: place('D1', 'S1', 'C2'), category: 'health', hoursPerWeek: 4, urgency: 'high' }));

    const greedy = matching.allocate(undefined, { solver: 'greedy' });
    expect(summary(greedy)).toEqual(['need:wang<volunteer:xia:{"hoursPerWeek":4}']);
    const optimal = matching.allocate();
    expect(summary(optimal)).toEqual(['need:li<volunteer:xia:{"hoursPerWeek":4}', 'need:wang<volunteer:yang:{"hoursPerWeek":4}']);
    expect(optimal.objective).toBeGreaterThan(greedy.objective);
    expect(optimal.networks.find((network) => network.network === 'hours')!.paths).toEqual({ exact: 1 });
    expect(optimal.networks.find((network) => network.network === 'hours')!.allocatedUnits).toBe(8);
    expect(greedy.networks.find((network) => network.network === 'hours')!.allocatedUnits).toBe(4);
  });

  it('covers the critical need first when money is short', () => {
    const matching = engine();
    matching.upsertDonation(aDonation('fund', { balanceFen: 300_000 }));
    matching.upsertNeed(aNeed('low', { hoursPerWeek: 0, amountFen: 300_000, urgency: 'low', listedAt: '2026-01-01T00:00:00.000Z' }));
    matching.upsertNeed(aNeed('critical', { hoursPerWeek: 0, amountFen: 200_000, urgency: 'critical' }));
    expect(summary(matching.allocate())).toEqual(['need:critical<donation:fund:{"amountFen":200000}', 'need:low<donation:fund:{"amountFen":100000}']);
  });

  it('clips the rounded-up last unit to the amount the need asked for, and never spends a donation beyond its balance', () => {
    const matching = engine();
    matching.upsertDonation(aDonation('a', { balanceFen: 25_000 }));
    matching.upsertNeed(aNeed('n1', { hoursPerWeek: 2.5, amountFen: 15_000 }));
    matching.upsertVolunteer(aVolunteer('v', { availableHoursPerWeek: 10 }));
    // 25 000 fen is 2 units of 10 000: the need asked 15 000, so it gets 15 000, not 20 000.
    expect(summary(matching.allocate())).toEqual(['need:n1<donation:a:{"amountFen":15000}', 'need:n1<volunteer:v:{"hoursPerWeek":2.5}']);
  });

  it('gives each carrier need one organisation or project, within spare capacity, and funds project gaps from donations', () => {
    const matching = engine();
    matching.upsertOrganisation(anOrganisation('org', { spareCapacity: 1, grade: 5 }));
    matching.upsertProject(aProject('p', { area: { city: 'X', district: 'D1', street: 'D1S1' }, needCapacity: 1, fundingGapFen: 50_000 }));
    matching.upsertDonation(aDonation('d', { balanceFen: 40_000, earmark: { category: 'elderly_care' } }));
    for (const id of ['a', 'b', 'c']) matching.upsertNeed(aNeed(id, { hoursPerWeek: 0, needsCarrier: true }));
    const result = matching.allocate();
    const carriers = result.assignments.filter((assignment) => assignment.quantity.slots !== undefined);
    expect(carriers).toHaveLength(2);
    expect(new Set(carriers.map((assignment) => assignment.resourceKey))).toEqual(new Set(['organisation:org', 'project:p']));
    expect(summary(result)).toContain('project:p<donation:d:{"amountFen":40000}');
    expect(result.assignments.every((assignment) => assignment.reasons.length > 0)).toBe(true);
  });

  it('allocates only the needs inside the area asked for', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('v1', { area: place('D1', 'S1', 'C1') }));
    matching.upsertVolunteer(aVolunteer('v2', { area: place('D2', 'S1', 'C1') }));
    matching.upsertNeed(aNeed('here', { area: place('D1', 'S1', 'C1') }));
    matching.upsertNeed(aNeed('there', { area: place('D2', 'S1', 'C1') }));
    expect(matching.allocate({ district: 'D2' }).assignments.map((assignment) => assignment.demandKey)).toEqual(['need:there']);
  });

  it('a district-size batch uses every eligible pair and says so; a larger one says it kept the best K', () => {
    const build = (options: Partial<MatchingOptions>) => {
      const matching = new MatchingEngine({ now: fixedClock, options });
      for (const id of ['v1', 'v2', 'v3']) matching.upsertVolunteer(aVolunteer(id, { availableHoursPerWeek: 2 }));
      matching.upsertNeed(aNeed('a', { hoursPerWeek: 2 }));
      matching.upsertNeed(aNeed('b', { hoursPerWeek: 2 }));
      const result = matching.allocate();
      return { mode: result.candidateMode, paths: result.networks.find((network) => network.network === 'hours')!.paths };
    };
    expect(build({})).toEqual({ mode: 'exhaustive', paths: { exact: 1 } });
    expect(build({ exhaustiveNeedLimit: 1, allocationCandidatesPerKind: 2 })).toEqual({ mode: 'top-k', paths: { 'exact-on-candidates': 1 } });
    // With K above the number of eligible resources nothing was cut, so the result is still exact.
    expect(build({ exhaustiveNeedLimit: 1, allocationCandidatesPerKind: 4 })).toEqual({ mode: 'top-k', paths: { exact: 1 } });
  });

  it('reports greedy on the same candidate graph when asked, never above the optimum', () => {
    const matching = engine();
    matching.upsertVolunteer(aVolunteer('xia', { categories: ['elderly_care', 'health'] }));
    matching.upsertVolunteer(aVolunteer('yang', { area: place('D1', 'S1', 'C2') }));
    matching.upsertNeed(aNeed('wang'));
    matching.upsertNeed(aNeed('li', { area: place('D1', 'S1', 'C2'), category: 'health' }));
    const hours = matching.allocate(undefined, { compareWithGreedy: true }).networks.find((network) => network.network === 'hours')!;
    expect(hours.greedy!.allocatedUnits).toBe(4);
    expect(hours.allocatedUnits).toBe(8);
    expect(hours.greedy!.objective).toBeLessThan(hours.objective);
  });
});
