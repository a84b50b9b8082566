/**
 * Property-based checks on random small cities: the indexes find exactly what a full scan finds,
 * incremental updates equal a rebuild, and neither proposals nor allocations ever over-allocate,
 * break an earmark, exceed a volunteer's hours or revive a declined pair.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ServiceCategory, Urgency } from '#domain';
import { allocateExact } from './allocation/solve-allocation.js';
import type { AllocationProblem, AllocationSupply } from './allocation/allocation-problem.js';
import { earmarkAllows, earmarkAllowsProject } from './earmark.js';
import { MatchingEngine } from './matching-engine.js';
import {
  toDonationEntry,
  toNeedEntry,
  toOrganisationEntry,
  toProjectEntry,
  toSocialWorkerEntry,
  toVolunteerEntry,
  type ProjectEntry,
  type ResourceEntry,
} from './matching-entries.js';
import type { MatchingOptions } from './matching-options.js';
import { DEFAULT_MATCHING_WEIGHTS } from './matching-weights.js';
import type {
  DonationResource,
  MatchableNeed,
  OrganisationResource,
  ProjectResource,
  Proposal,
  SocialWorkerResource,
  VolunteerResource,
} from './matching.types.js';
import { INELIGIBLE, scoreFunding, scorePair, type ScoringContext } from './scoring.js';
import { fixedClock, NOW, place } from './testing/matching-fixtures.js';

const CATEGORIES: ServiceCategory[] = ['elderly_care', 'child_welfare', 'health'];
const URGENCY: Urgency[] = ['low', 'medium', 'high', 'critical'];
const SKILLS = ['first aid', 'cooking', 'sign language'];
const weights = DEFAULT_MATCHING_WEIGHTS;

const areaArb = fc.record({ d: fc.constantFrom('D1', 'D2'), s: fc.constantFrom('S1', 'S2'), c: fc.constantFrom('C1', 'C2') }).map(({ d, s, c }) => place(d, s, c));
const windowArb = fc
  .record({ day: fc.integer({ min: 0, max: 2 }), from: fc.integer({ min: 0, max: 22 }), length: fc.integer({ min: 1, max: 4 }) })
  .map(({ day, from, length }) => ({ day, fromMinute: from * 60, toMinute: Math.min(24, from + length) * 60 }));
const categoriesArb = fc.subarray(CATEGORIES, { minLength: 1 });
const earmarkArb = fc.option(
  fc
    .record({
      category: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
      place: fc.option(areaArb, { nil: undefined }),
      level: fc.constantFrom('district', 'street', 'community'),
    })
    .map(({ category, place: area, level }) => ({
      ...(category === undefined ? {} : { category }),
      ...(area === undefined ? {} : level === 'district' ? { district: area.district } : level === 'street' ? { street: area.street } : { community: area.community }),
    })),
  { nil: undefined },
);

/** What a resource received lately: some inside the fairness window, some before it. */
const receivedArb = fc.array(
  fc.record({ daysAgo: fc.integer({ min: 0, max: 120 }), amount: fc.integer({ min: 1, max: 6 }) }).map(({ daysAgo, amount }) => ({
    at: new Date(NOW.getTime() - daysAgo * 86_400_000).toISOString(),
    amount,
  })),
  { maxLength: 3 },
);

const needArb = (needId: string) =>
  fc.record({
    category: fc.constantFrom(...CATEGORIES),
    area: areaArb,
    urgency: fc.constantFrom(...URGENCY),
    requiredSkills: fc.subarray(SKILLS),
    hoursPerWeek: fc.option(fc.integer({ min: 1, max: 12 }).map((hours) => hours / 2), { nil: undefined }),
    amountFen: fc.option(fc.integer({ min: 1, max: 40 }).map((blocks) => blocks * 2_500), { nil: undefined }),
    window: fc.option(windowArb, { nil: undefined }),
    needsCarrier: fc.boolean(),
    listedDaysAgo: fc.integer({ min: 0, max: 60 }),
  }).map(({ listedDaysAgo, ...need }): MatchableNeed => ({ needId, ...need, listedAt: new Date(NOW.getTime() - listedDaysAgo * 86_400_000).toISOString() }));

const volunteerArb = (volunteerId: string) =>
  fc.record({
    area: areaArb,
    skills: fc.subarray(SKILLS),
    categories: categoriesArb,
    availableHoursPerWeek: fc.integer({ min: 0, max: 16 }).map((hours) => hours / 2),
    windows: fc.option(fc.array(windowArb, { maxLength: 3 }), { nil: undefined }),
    received: receivedArb,
  }).map((volunteer): VolunteerResource => ({ volunteerId, ...volunteer }));

const socialWorkerArb = (socialWorkerId: string) =>
  fc.record({
    area: fc.tuple(areaArb, fc.boolean()).map(([area, street]) => (street ? { city: area.city, district: area.district, street: area.street } : { city: area.city, district: area.district })),
    grade: fc.constantFrom('assistant', 'intermediate', 'senior', null),
    qualified: fc.boolean(),
    availableHoursPerWeek: fc.integer({ min: 0, max: 20 }),
    received: receivedArb,
  }).map((worker): SocialWorkerResource => ({ socialWorkerId, ...worker }));

const donationArb = (donationId: string) =>
  fc.record({ balanceFen: fc.integer({ min: 0, max: 60 }).map((blocks) => blocks * 5_000 + (blocks % 3) * 1_234), earmark: earmarkArb, area: areaArb }).map(
    ({ earmark, ...donation }): DonationResource => ({ donationId, ...donation, ...(earmark === undefined ? {} : { earmark }) }),
  );

const organisationArb = (organisationId: string) =>
  fc.record({
    district: fc.constantFrom('D1', 'D2'),
    categories: categoriesArb,
    grade: fc.integer({ min: 0, max: 5 }),
    evaluationScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    spareCapacity: fc.integer({ min: 0, max: 3 }),
    received: receivedArb,
  }).map(({ evaluationScore, ...organisation }): OrganisationResource => ({ organisationId, city: 'X', ...organisation, ...(evaluationScore === undefined ? {} : { evaluationScore }) }));

const projectArb = (projectId: string) =>
  fc.record({
    categories: categoriesArb,
    area: fc.tuple(areaArb, fc.constantFrom('district', 'street', 'community')).map(([area, level]) =>
      level === 'district'
        ? { city: 'X', district: area.district }
        : level === 'street'
          ? { city: 'X', district: area.district, street: area.street }
          : { city: 'X', district: area.district, street: area.street, community: area.community },
    ),
    status: fc.constantFrom('designed', 'contracted', 'completed'),
    fundingGapFen: fc.integer({ min: 0, max: 20 }).map((blocks) => blocks * 10_000),
    needCapacity: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    received: receivedArb,
  }).map(({ needCapacity, ...project }): ProjectResource => ({ projectId, ...project, ...(needCapacity === undefined ? {} : { needCapacity }) }));

interface World {
  needs: MatchableNeed[];
  volunteers: VolunteerResource[];
  socialWorkers: SocialWorkerResource[];
  donations: DonationResource[];
  organisations: OrganisationResource[];
  projects: ProjectResource[];
  declines: { needId: string; resourceKey: string }[];
}

const listOf = <T,>(prefix: string, max: number, build: (id: string) => fc.Arbitrary<T>) =>
  fc.integer({ min: 0, max }).chain((count) => (count === 0 ? fc.constant([] as T[]) : fc.tuple(...Array.from({ length: count }, (_, index) => build(`${prefix}${index}`)))));

const worldArb: fc.Arbitrary<World> = fc
  .record({
    needs: listOf('n', 10, needArb),
    volunteers: listOf('v', 8, volunteerArb),
    socialWorkers: listOf('w', 3, socialWorkerArb),
    donations: listOf('d', 6, donationArb),
    organisations: listOf('o', 3, organisationArb),
    projects: listOf('p', 3, projectArb),
  })
  .chain((world) => {
    const resourceKeys = [
      ...world.volunteers.map((v) => `volunteer:${v.volunteerId}`),
      ...world.socialWorkers.map((w) => `social-worker:${w.socialWorkerId}`),
      ...world.donations.map((d) => `donation:${d.donationId}`),
      ...world.organisations.map((o) => `organisation:${o.organisationId}`),
      ...world.projects.map((p) => `project:${p.projectId}`),
    ];
    if (world.needs.length === 0 || resourceKeys.length === 0) return fc.constant({ ...world, declines: [] });
    return fc
      .array(fc.record({ needId: fc.constantFrom(...world.needs.map((n) => n.needId)), resourceKey: fc.constantFrom(...resourceKeys) }), { maxLength: 4 })
      .map((declines) => ({ ...world, declines }));
  });

const buildEngine = (world: World, options: Partial<MatchingOptions> = {}) => {
  const engine = new MatchingEngine({ now: fixedClock, options });
  world.volunteers.forEach((v) => engine.upsertVolunteer(v));
  world.socialWorkers.forEach((w) => engine.upsertSocialWorker(w));
  world.donations.forEach((d) => engine.upsertDonation(d));
  world.organisations.forEach((o) => engine.upsertOrganisation(o));
  world.projects.forEach((p) => engine.upsertProject(p));
  world.needs.forEach((n) => engine.upsertNeed(n));
  world.declines.forEach(({ needId, resourceKey }) => engine.decline(needId, resourceKey, 'test'));
  return engine;
};

const resourceEntries = (world: World): ResourceEntry[] => [
  ...world.volunteers.map((v) => toVolunteerEntry(v, weights)),
  ...world.socialWorkers.map((w) => toSocialWorkerEntry(w, weights)),
  ...world.donations.map((d) => toDonationEntry(d, weights)),
  ...world.organisations.map((o) => toOrganisationEntry(o, weights)),
  ...world.projects.map((p) => toProjectEntry(p, weights)),
];

const context: ScoringContext = { weights, nowMs: NOW.getTime() };
const isDeclined = (world: World, needId: string, resourceKey: string) =>
  world.declines.some((decline) => decline.needId === needId && decline.resourceKey === resourceKey);
const summary = (proposals: readonly Proposal[]) => proposals.map((p) => `${p.demandKey}>${p.resourceKey}@${p.score}`);

/** Top K per kind by a full scan over every resource: what the indexes must reproduce. */
function bruteForceProposals(world: World, need: MatchableNeed, perKind: number): string[] {
  const entry = toNeedEntry(need);
  const byKind = new Map<string, { key: string; score: number }[]>();
  for (const resource of resourceEntries(world)) {
    if (isDeclined(world, need.needId, resource.key)) continue;
    const score = scorePair(entry, resource, context);
    if (score === INELIGIBLE) continue;
    (byKind.get(resource.kind) ?? byKind.set(resource.kind, []).get(resource.kind)!).push({ key: resource.key, score });
  }
  const chosen = [...byKind.values()].flatMap((list) => list.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1)).slice(0, perKind));
  return chosen
    .map((candidate) => ({ ...candidate, score: Math.round(candidate.score * 10) / 10 }))
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
    .map((candidate) => `need:${entry.need.needId}>${candidate.key}@${candidate.score}`);
}

describe('matching properties', () => {
  it('the indexes propose exactly the top K a full scan would, for needs and for resources', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 4 }), (world, perKind) => {
        const engine = buildEngine(world, { proposalsPerKind: perKind });
        for (const need of world.needs) expect(summary(engine.proposalsForNeed(need.needId))).toEqual(bruteForceProposals(world, need, perKind));
        const needEntries = world.needs.map(toNeedEntry);
        for (const resource of resourceEntries(world)) {
          const expected = needEntries
            .filter((need) => !isDeclined(world, need.need.needId, resource.key))
            .map((need) => ({ key: `need:${need.need.needId}`, score: scorePair(need, resource, context) }))
            .filter((candidate) => candidate.score !== INELIGIBLE)
            .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1))
            .slice(0, perKind)
            .map((candidate) => `${candidate.key}>${resource.key}@${Math.round(candidate.score * 10) / 10}`);
          const actual = summary(engine.proposalsForResource(resource.key).filter((proposal) => proposal.demand.kind === 'need'));
          expect(actual.sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('incremental updates and removals leave the same proposals as a rebuild from the final state', () => {
    fc.assert(
      fc.property(worldArb, worldArb, fc.array(fc.nat(), { maxLength: 6 }), (before, after, removals) => {
        const engine = buildEngine(before);
        // Re-upsert everything with new data, then remove some of it.
        after.volunteers.forEach((v) => engine.upsertVolunteer(v));
        after.socialWorkers.forEach((w) => engine.upsertSocialWorker(w));
        after.donations.forEach((d) => engine.upsertDonation(d));
        after.organisations.forEach((o) => engine.upsertOrganisation(o));
        after.projects.forEach((p) => engine.upsertProject(p));
        after.needs.forEach((n) => engine.upsertNeed(n));
        after.declines.forEach(({ needId, resourceKey }) => engine.decline(needId, resourceKey, 'test'));
        const final: World = {
          ...after,
          volunteers: [...after.volunteers, ...before.volunteers.filter((v) => !after.volunteers.some((w) => w.volunteerId === v.volunteerId))],
          socialWorkers: [...after.socialWorkers, ...before.socialWorkers.filter((v) => !after.socialWorkers.some((w) => w.socialWorkerId === v.socialWorkerId))],
          donations: [...after.donations, ...before.donations.filter((v) => !after.donations.some((w) => w.donationId === v.donationId))],
          organisations: [...after.organisations, ...before.organisations.filter((v) => !after.organisations.some((w) => w.organisationId === v.organisationId))],
          projects: [...after.projects, ...before.projects.filter((v) => !after.projects.some((w) => w.projectId === v.projectId))],
          needs: [...after.needs, ...before.needs.filter((v) => !after.needs.some((w) => w.needId === v.needId))],
          declines: [...before.declines, ...after.declines],
        };
        for (const removal of removals) {
          if (removal % 2 === 0 && final.volunteers.length > 0) {
            const [gone] = final.volunteers.splice(removal % final.volunteers.length, 1);
            expect(engine.removeVolunteer(gone!.volunteerId)).toBe(true);
          } else if (final.needs.length > 0) {
            const [gone] = final.needs.splice(removal % final.needs.length, 1);
            expect(engine.removeNeed(gone!.needId)).toBe(true);
          }
        }
        const rebuilt = buildEngine(final);
        for (const need of final.needs) expect(summary(engine.proposalsForNeed(need.needId))).toEqual(summary(rebuilt.proposalsForNeed(need.needId)));
        for (const resource of resourceEntries(final)) {
          expect(summary(engine.proposalsForResource(resource.key))).toEqual(summary(rebuilt.proposalsForResource(resource.key)));
        }
        expect(engine.allocate().objective).toBe(rebuilt.allocate().objective);
      }),
      { numRuns: 100 },
    );
  });

  it('proposals never exceed remaining capacity or demand, never break an earmark, never revive a declined pair', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const engine = buildEngine(world);
        const needs = new Map(world.needs.map((n) => [n.needId, n]));
        const donations = new Map(world.donations.map((d) => [d.donationId, d]));
        const projects = new Map(world.projects.map((p) => [p.projectId, p]));
        const volunteers = new Map(world.volunteers.map((v) => [v.volunteerId, v]));
        const workers = new Map(world.socialWorkers.map((w) => [w.socialWorkerId, w]));
        const all = [
          ...world.needs.flatMap((n) => engine.proposalsForNeed(n.needId)),
          ...resourceEntries(world).flatMap((resource) => engine.proposalsForResource(resource.key)),
        ];
        for (const proposal of all) {
          if (proposal.demand.kind === 'need') {
            const need = needs.get(proposal.demand.needId)!;
            expect(isDeclined(world, need.needId, proposal.resourceKey)).toBe(false);
            if (proposal.resourceKind === 'volunteer') {
              const hours = proposal.offer.hoursPerWeek!;
              expect(hours).toBeGreaterThan(0);
              expect(hours).toBeLessThanOrEqual(volunteers.get(proposal.resourceId)!.availableHoursPerWeek);
              expect(hours).toBeLessThanOrEqual(need.hoursPerWeek!);
            }
            if (proposal.resourceKind === 'social-worker') expect(proposal.offer.hoursPerWeek!).toBeLessThanOrEqual(workers.get(proposal.resourceId)!.availableHoursPerWeek);
            if (proposal.resourceKind === 'donation') {
              const donation = donations.get(proposal.resourceId)!;
              expect(earmarkAllows(donation.earmark, need)).toBe(true);
              expect(proposal.offer.amountFen!).toBeLessThanOrEqual(Math.min(donation.balanceFen, need.amountFen!));
            }
          } else {
            const donation = donations.get(proposal.resourceId)!;
            const project = projects.get(proposal.demand.projectId)!;
            expect(earmarkAllowsProject(donation.earmark, project)).toBe(true);
            expect(proposal.offer.amountFen!).toBeLessThanOrEqual(Math.min(donation.balanceFen, project.fundingGapFen));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the batch allocation is feasible: capacities, hours, earmarks, declines; and never below greedy', () => {
    fc.assert(
      fc.property(worldArb, fc.integer({ min: 1, max: 6 }), fc.boolean(), (world, candidatesPerKind, exhaustive) => {
        const engine = buildEngine(world, { allocationCandidatesPerKind: candidatesPerKind, exhaustiveNeedLimit: exhaustive ? 2_500 : 0 });
        const result = engine.allocate();
        const needs = new Map(world.needs.map((n) => [n.needId, n]));
        const used = new Map<string, number>();
        const received = new Map<string, number>();
        const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
        for (const assignment of result.assignments) {
          const amount = assignment.quantity.hoursPerWeek ?? assignment.quantity.amountFen ?? assignment.quantity.slots!;
          expect(amount).toBeGreaterThan(0);
          add(used, assignment.resourceKey, amount);
          add(received, `${assignment.demandKey}/${assignment.resourceKind === 'donation' ? 'fen' : assignment.quantity.slots ? 'slot' : 'hours'}`, amount);
          if (assignment.demand.kind === 'need') {
            const need = needs.get(assignment.demand.needId)!;
            expect(isDeclined(world, need.needId, assignment.resourceKey)).toBe(false);
            if (assignment.resourceKind === 'donation') {
              expect(earmarkAllows(world.donations.find((d) => d.donationId === assignment.resourceId)!.earmark, need)).toBe(true);
            }
          } else {
            const project = world.projects.find((p) => p.projectId === (assignment.demand as { projectId: string }).projectId)!;
            expect(earmarkAllowsProject(world.donations.find((d) => d.donationId === assignment.resourceId)!.earmark, project)).toBe(true);
          }
        }
        for (const v of world.volunteers) expect(used.get(`volunteer:${v.volunteerId}`) ?? 0).toBeLessThanOrEqual(v.availableHoursPerWeek);
        for (const w of world.socialWorkers) expect(used.get(`social-worker:${w.socialWorkerId}`) ?? 0).toBeLessThanOrEqual(w.availableHoursPerWeek);
        for (const d of world.donations) expect(used.get(`donation:${d.donationId}`) ?? 0).toBeLessThanOrEqual(d.balanceFen);
        for (const o of world.organisations) expect(used.get(`organisation:${o.organisationId}`) ?? 0).toBeLessThanOrEqual(o.spareCapacity);
        for (const p of world.projects) if (p.needCapacity !== undefined) expect(used.get(`project:${p.projectId}`) ?? 0).toBeLessThanOrEqual(p.needCapacity);
        for (const n of world.needs) {
          expect(received.get(`need:${n.needId}/hours`) ?? 0).toBeLessThanOrEqual(n.hoursPerWeek ?? 0);
          expect(received.get(`need:${n.needId}/fen`) ?? 0).toBeLessThanOrEqual(n.amountFen ?? 0);
          expect(received.get(`need:${n.needId}/slot`) ?? 0).toBeLessThanOrEqual(n.needsCarrier ? 1 : 0);
        }
        for (const p of world.projects) expect(received.get(`project:${p.projectId}/fen`) ?? 0).toBeLessThanOrEqual(p.fundingGapFen);
        expect(result.objective).toBeGreaterThanOrEqual(engine.allocate(undefined, { solver: 'greedy' }).objective);
      }),
      { numRuns: 150 },
    );
  });

  it('at district scale the engine uses every eligible pair, reports "exact" and reaches the optimum over all pairs', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const engine = buildEngine(world);
        const result = engine.allocate();
        expect(result.candidateMode).toBe('exhaustive');
        for (const network of result.networks) expect(Object.keys(network.paths).filter((path) => path !== 'exact')).toEqual([]);
        expect(result.objective).toBe(fullEligibleOptimum(world));
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * The documented fairness cost of a person's hour or a carrier's slot: in proportion to what the
 * resource received inside the window, a full low-urgency unit's worth times `inAllocation` at its fair share.
 */
function documentedGivingCost(resource: ResourceEntry): AllocationSupply['givingCost'] {
  if (resource.kind === 'donation') return undefined;
  const { windowDays, fairShare, inAllocation } = weights.fairness;
  const received = resource.receipts
    .filter((receipt) => receipt.atMs > NOW.getTime() - windowDays * 86_400_000 && receipt.atMs <= NOW.getTime())
    .reduce((total, receipt) => total + receipt.amount, 0);
  const max = 10 * weights.coverage.low * inAllocation;
  return { received, perReceivedUnit: max / fairShare[resource.kind], max: Math.round(max) };
}

/** The allocation optimum built from every eligible pair by a full scan, with the documented unit rounding, worth and fairness cost. */
function fullEligibleOptimum(world: World): number {
  const worth = (urgency: Urgency, score: number) => Math.round(10 * weights.coverage[urgency] * (1 + (weights.qualityInAllocation * score) / 100));
  const resources = resourceEntries(world);
  const needs = world.needs.map(toNeedEntry);
  const carrierNeeds = needs.filter((need) => need.carrier).length;
  let total = 0;
  const networks: { units: (need: (typeof needs)[number]) => number; supply: (r: ResourceEntry) => number; kinds: string[] }[] = [
    { units: (n) => Math.ceil(n.hours - 1e-9), supply: (r) => ('availableHoursPerWeek' in r.resource ? Math.floor(r.resource.availableHoursPerWeek + 1e-9) : 0), kinds: ['volunteer', 'social-worker'] },
    { units: (n) => Math.ceil(n.fen / 10_000), supply: (r) => (r.kind === 'donation' ? Math.floor(r.resource.balanceFen / 10_000) : 0), kinds: ['donation'] },
    {
      units: (n) => (n.carrier ? 1 : 0),
      supply: (r) => (r.kind === 'organisation' ? r.resource.spareCapacity : r.kind === 'project' ? Math.min(carrierNeeds, r.resource.needCapacity ?? carrierNeeds) : 0),
      kinds: ['organisation', 'project'],
    },
  ];
  networks.forEach((network, index) => {
    const supplies = resources.filter((r) => network.kinds.includes(r.kind));
    const problem: { demands: { key: string; units: number }[]; supplies: AllocationSupply[]; edges: { demand: number; supply: number; value: number }[] } = {
      demands: needs.map((n) => ({ key: `need:${n.need.needId}`, units: network.units(n) })),
      supplies: supplies.map((r) => {
        const givingCost = documentedGivingCost(r);
        return { key: r.key, units: network.supply(r), ...(givingCost === undefined ? {} : { givingCost }) };
      }),
      edges: [],
    };
    needs.forEach((need, demand) => {
      if (problem.demands[demand]!.units <= 0) return;
      supplies.forEach((resource, supply) => {
        if (isDeclined(world, need.need.needId, resource.key)) return;
        const score = scorePair(need, resource, context);
        if (score !== INELIGIBLE && problem.supplies[supply]!.units > 0) problem.edges.push({ demand, supply, value: worth(need.need.urgency, score) });
      });
    });
    if (index === 1) {
      // Projects' funding gaps compete for the same donations.
      for (const resource of resources) {
        if (resource.kind !== 'project' || !(resource as ProjectEntry).open || resource.resource.fundingGapFen <= 0) continue;
        const demand = problem.demands.push({ key: `project:${resource.id}`, units: Math.ceil(resource.resource.fundingGapFen / 10_000) }) - 1;
        supplies.forEach((donation, supply) => {
          if (donation.kind !== 'donation') return;
          const score = scoreFunding(resource as ProjectEntry, donation, context);
          if (score !== INELIGIBLE && problem.supplies[supply]!.units > 0) problem.edges.push({ demand, supply, value: worth(weights.projectFundingUrgency, score) });
        });
      }
    }
    total += allocateExact(problem as AllocationProblem).objective;
  });
  return total;
}
