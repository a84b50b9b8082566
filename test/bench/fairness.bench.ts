/**
 * Fair matching, measured (part of `npm run bench -- matching`): one realistic district where a few
 * large organisations and a few very available volunteers would take most of the work, allocated
 * twice on the same state: with the fairness term off (its weights 0) and with the defaults. For
 * each run: how concentrated the allocation is across organisations and across volunteers (Gini
 * coefficient over every one of them, zeros included; share of the top five), next to coverage
 * (urgency-weighted, needs served, hours, carrier slots, fen allocated). Where volunteers' time is
 * short, the top-5 share is set by the volunteers given all of the largest free hours: the row's note
 * gives how many sit there, the capacity floor, and what trimming them by an hour would cost.
 */
import type { MatchableNeed, MatchingWeights, Receipt } from '#matching';
import { DEFAULT_MATCHING_WEIGHTS, MatchingEngine, resolveMatchingWeights, type AllocationResult } from '#matching';
import { CATEGORIES, NOW, areaOf, earmarkOf, needOf, seeded, volunteerOf, weightedCoverage, type Random } from './matching.bench.js';
import type { BenchReport } from './report.js';

const DISTRICT = '3502077';
const DAY_MS = 86_400_000;

/** Gini coefficient of non-negative amounts: 0 when all are equal, towards 1 when one takes everything. */
export function gini(amounts: readonly number[]): number {
  const sorted = [...amounts].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (sorted.length === 0 || total === 0) return 0;
  const weighted = sorted.reduce((sum, value, index) => sum + (index + 1) * value, 0);
  return (2 * weighted) / (sorted.length * total) - (sorted.length + 1) / sorted.length;
}

/** Share of the total the `count` largest take. */
export function topShare(amounts: readonly number[], count = 5): number {
  const total = amounts.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  return [...amounts].sort((a, b) => b - a).slice(0, count).reduce((sum, value) => sum + value, 0) / total;
}

/**
 * The least top-`count` share any allocation of `total` hours could have when each volunteer gives at
 * most their free hours (`capacities`): water-filling, everyone raised to one level (capped by their
 * hours) until the hours are placed. It ignores who may serve whom, so the true floor is at least this.
 */
export function topShareFloor(capacities: readonly number[], total: number, count = 5): number {
  const sorted = [...capacities].sort((a, b) => a - b);
  let remaining = total;
  let level = sorted.at(-1) ?? 0;
  for (let index = 0; index < sorted.length; index++) {
    const rest = sorted.length - index;
    if (sorted[index]! * rest >= remaining) {
      level = remaining / rest;
      break;
    }
    remaining -= sorted[index]!;
  }
  return topShare(sorted.map((capacity) => Math.min(capacity, level)), count);
}

/** `count` receipts of `amount` spread over the last 90 days. */
const receiptsOf = (random: Random, count: number, amount: () => number): Receipt[] =>
  Array.from({ length: count }, () => ({ at: new Date(NOW.getTime() - random.int(1, 89) * DAY_MS).toISOString(), amount: amount() }));

interface District {
  readonly needs: MatchableNeed[];
  readonly organisationIds: string[];
  readonly volunteerIds: string[];
  /** Each volunteer's free hours a week, in the order of `volunteerIds`. */
  readonly volunteerFreeHours: number[];
  readonly volunteerHours: number;
  readonly load: (engine: MatchingEngine) => void;
}

/**
 * 1 200 needs in 64 communities; 60 organisations of which 5 are large (capacity 50-80, graded 5A,
 * evaluated 85-95, serving most categories, and they carried most needs of the last 90 days);
 * `volunteerCount` volunteers of which a tenth give 8-12 hours a week and were assigned most lately;
 * 40 social workers, 250 donations. Carriers are ample (the plan chooses whom to give needs to). With
 * 1 300 volunteers their time is short (nearly all of it is used), the harder case for spreading
 * without losing coverage; with 2 000 it is ample.
 */
function skewedDistrict(seed: number, volunteerCount: number, hoursCap = Infinity): District {
  const random = seeded(seed);
  const needs = Array.from({ length: 1_200 }, (_, index) => needOf(random, `fair-n${index}`, DISTRICT));
  const organisations = Array.from({ length: 60 }, (_, index) => {
    const large = index < 5;
    return {
      organisationId: `fair-o${index}`,
      district: DISTRICT,
      city: '3502',
      categories: random.some(CATEGORIES, large ? 7 : 1, large ? 9 : 3),
      grade: large ? 5 : random.int(1, 4),
      ...(large || random.next() < 0.6 ? { evaluationScore: large ? random.int(85, 95) : random.int(50, 80) } : {}),
      spareCapacity: large ? random.int(50, 80) : random.int(3, 10),
      received: receiptsOf(random, large ? random.int(10, 20) : random.int(0, 2), () => 1),
    };
  });
  const volunteers = Array.from({ length: volunteerCount }, (_, index) => {
    const keen = index < volunteerCount / 10;
    const volunteer = volunteerOf(random, `fair-v${index}`, DISTRICT);
    return {
      ...volunteer,
      ...(keen ? { categories: random.some(CATEGORIES, 3, 5), availableHoursPerWeek: Math.min(hoursCap, random.int(8, 12)) } : { availableHoursPerWeek: random.int(1, 4) }),
      received: receiptsOf(random, keen ? random.int(2, 4) : random.int(0, 1), () => random.int(2, 6)),
    };
  });
  return {
    needs,
    organisationIds: organisations.map((organisation) => organisation.organisationId),
    volunteerIds: volunteers.map((volunteer) => volunteer.volunteerId),
    volunteerFreeHours: volunteers.map((volunteer) => volunteer.availableHoursPerWeek),
    volunteerHours: volunteers.reduce((total, volunteer) => total + volunteer.availableHoursPerWeek, 0),
    load: (engine) => {
      volunteers.forEach((volunteer) => engine.upsertVolunteer(volunteer));
      organisations.forEach((organisation) => engine.upsertOrganisation(organisation));
      for (let index = 0; index < 40; index++) {
        const area = areaOf(random, DISTRICT);
        engine.upsertSocialWorker({
          socialWorkerId: `fair-w${index}`,
          area: { city: area.city, district: DISTRICT, street: area.street },
          grade: random.pick(['assistant', 'intermediate', 'senior'] as const),
          qualified: true,
          availableHoursPerWeek: random.int(4, 16),
        });
      }
      for (let index = 0; index < 250; index++) {
        const area = areaOf(random, DISTRICT);
        const earmark = earmarkOf(random, area);
        engine.upsertDonation({ donationId: `fair-d${index}`, balanceFen: random.int(1, 60) * 10_000, area, ...(earmark === undefined ? {} : { earmark }) });
      }
      needs.forEach((need) => engine.upsertNeed(need));
    },
  };
}

export interface FairnessFigures {
  readonly organisationsGini: number;
  readonly organisationsTop5: number;
  readonly volunteersGini: number;
  readonly volunteersTop5: number;
  /** The least top-5 share the same hours could have at all, each volunteer capped by their free hours. */
  readonly volunteersTop5Floor: number;
  /** The most weekly hours any one volunteer was given. */
  readonly volunteersMostHours: number;
  /** How many volunteers were given the most hours any one was given (all of the top-5 share while >= 5). */
  readonly volunteersGivenMost: number;
  /** Share of the top-5 volunteers' own free hours the allocation gave them. */
  readonly volunteersTop5HoursUsed: number;
  /** Share of the volunteers' free hours the allocation used: near 1 leaves fairness little to choose. */
  readonly volunteerHoursUsed: number;
  /** Urgency-weighted share of requested units covered. */
  readonly coverage: number;
  readonly needsServed: number;
  readonly hoursShare: number;
  readonly carrierShare: number;
  readonly fenShare: number;
  readonly objective: number;
}

function figuresOf(district: District, engine: MatchingEngine, result: AllocationResult): FairnessFigures {
  const byResource = new Map<string, number>();
  const served = new Set<string>();
  for (const assignment of result.assignments) {
    const amount = assignment.quantity.slots ?? assignment.quantity.hoursPerWeek ?? 0;
    byResource.set(assignment.resourceKey, (byResource.get(assignment.resourceKey) ?? 0) + amount);
    if (assignment.demand.kind === 'need') served.add(assignment.demand.needId);
  }
  const organisations = district.organisationIds.map((id) => byResource.get(`organisation:${id}`) ?? 0);
  const volunteers = district.volunteerIds.map((id) => byResource.get(`volunteer:${id}`) ?? 0);
  const given = volunteers.reduce((total, hours) => total + hours, 0);
  const top5 = volunteers.map((hours, index) => ({ hours, free: district.volunteerFreeHours[index]! })).sort((a, b) => b.hours - a.hours).slice(0, 5);
  const share = (network: string) => {
    const report = result.networks.find((candidate) => candidate.network === network)!;
    return report.allocatedUnits / Math.max(1, report.requestedUnits);
  };
  return {
    organisationsGini: gini(organisations),
    organisationsTop5: topShare(organisations),
    volunteersGini: gini(volunteers),
    volunteersTop5: topShare(volunteers),
    volunteersTop5Floor: topShareFloor(district.volunteerFreeHours, given),
    volunteersMostHours: Math.max(...volunteers),
    volunteersGivenMost: volunteers.filter((hours) => hours === Math.max(...volunteers)).length,
    volunteersTop5HoursUsed: top5.reduce((total, top) => total + top.hours, 0) / Math.max(1, top5.reduce((total, top) => total + top.free, 0)),
    volunteerHoursUsed: given / district.volunteerHours,
    coverage: weightedCoverage(engine, district.needs, result),
    needsServed: served.size / district.needs.length,
    hoursShare: share('hours'),
    carrierShare: share('carrier'),
    fenShare: share('money'),
    objective: result.objective,
  };
}

const TIGHT_VOLUNTEERS = 1_300;
const AMPLE_VOLUNTEERS = 2_000;

/** The fairness term off: no factor in the score, no giving cost in the batch. */
export const FAIRNESS_OFF: MatchingWeights = resolveMatchingWeights({ factors: { fairness: 0 }, fairness: { inAllocation: 0 } });

/** Allocates the skewed district (seeded, so the same state each time) under `weights`. */
export function measureFairness(weights: MatchingWeights, seed = 20261130, volunteerCount = TIGHT_VOLUNTEERS, hoursCap = Infinity): FairnessFigures {
  const district = skewedDistrict(seed, volunteerCount, hoursCap);
  const engine = new MatchingEngine({ weights, now: () => NOW });
  district.load(engine);
  return figuresOf(district, engine, engine.allocate(undefined, { includeReasons: false }));
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export function runFairnessBench(report: BenchReport, log: (line: string) => void = console.log): void {
  const offTight = measureFairness(FAIRNESS_OFF);
  const onTight = measureFairness(DEFAULT_MATCHING_WEIGHTS);
  const offAmple = measureFairness(FAIRNESS_OFF, undefined, AMPLE_VOLUNTEERS);
  const onAmple = measureFairness(DEFAULT_MATCHING_WEIGHTS, undefined, AMPLE_VOLUNTEERS);
  const { factors, fairness } = DEFAULT_MATCHING_WEIGHTS;
  const setting = `factors.fairness ${factors.fairness}, fairness.inAllocation ${fairness.inAllocation}, fair shares ${JSON.stringify(fairness.fairShare)}, window ${fairness.windowDays} d`;
  log(`  skewed district: 1 200 needs, 60 organisations of which 5 large; default ${setting}`);
  log(`  ${'figure'.padEnd(28)} ${'1 300 volunteers: weight 0'.padStart(28)} ${'default'.padStart(10)} ${'2 000 volunteers: weight 0'.padStart(28)} ${'default'.padStart(10)}`);
  for (const key of Object.keys(offTight) as (keyof FairnessFigures)[]) {
    log(`  ${key.padEnd(28)} ${String(round(offTight[key])).padStart(28)} ${String(round(onTight[key])).padStart(10)} ${String(round(offAmple[key])).padStart(28)} ${String(round(onAmple[key])).padStart(10)}`);
  }

  /** One row: the default's figure against weight 0's, held to `target`. */
  const compare = (metric: string, key: keyof FairnessFigures, target: 'lower' | 'kept', note?: string, [on, off]: readonly [FairnessFigures, FairnessFigures] = [onTight, offTight]) =>
    report.add({
      section: 'fairness',
      metric,
      product: { value: round(on[key]), unit: 'share', label: 'default weights' },
      baseline: { value: round(off[key]), unit: 'share', label: 'fairness weight 0' },
      ratio: off[key] === 0 ? null : round(on[key] / off[key]),
      target: target === 'lower' ? '< weight 0' : '>= 99% of weight 0',
      met: target === 'lower' ? on[key] < off[key] : on[key] >= 0.99 * off[key],
      ...(note === undefined ? {} : { note }),
    });
  compare('organisations: Gini of needs carried', 'organisationsGini', 'lower', `default ${setting}`);
  compare('organisations: top-5 share', 'organisationsTop5', 'lower');
  compare('volunteers: Gini of hours', 'volunteersGini', 'lower');
  // The tight top-5 share is a statistic of the maximum: while five or more volunteers are given all
  // of the largest free hours, it is 5 x those hours / hours given, whatever happens below them. The
  // note says how many sit there and what trimming all of them by an hour would cost (measured, not
  // assumed), so a NO here reads as the trade it is rather than as the allocator ignoring volunteers.
  const most = offTight.volunteersMostHours;
  const trimmed = measureFairness(DEFAULT_MATCHING_WEIGHTS, undefined, TIGHT_VOLUNTEERS, most - 1);
  compare(
    'volunteers: top-5 share',
    'volunteersTop5',
    'lower',
    `free hours used ${round(offTight.volunteerHoursUsed)} at weight 0, ${round(onTight.volunteerHoursUsed)} default; ` +
      `the top 5 are given ${round(offTight.volunteersTop5HoursUsed * 100)}% / ${round(onTight.volunteersTop5HoursUsed * 100)}% of their own free hours; ` +
      `volunteers given the most (${most} h): ${offTight.volunteersGivenMost} at weight 0, ${onTight.volunteersGivenMost} default, so the share cannot move until fewer than 5 remain there; ` +
      `least share any allocation of the same hours could have (free hours as caps, eligibility ignored): ${round(offTight.volunteersTop5Floor)}; ` +
      `default with every volunteer capped at ${most - 1} h: top-5 share ${round(trimmed.volunteersTop5)}, needs served ${round(trimmed.needsServed)} (${round((trimmed.needsServed / offTight.needsServed - 1) * 100)}% vs weight 0), urgency-weighted coverage ${round(trimmed.coverage)}`,
  );
  report.add({
    section: 'fairness',
    metric: `volunteers: given the most hours (${most} h)`,
    product: { value: onTight.volunteersGivenMost, unit: 'volunteers', label: 'default weights' },
    baseline: { value: offTight.volunteersGivenMost, unit: 'volunteers', label: 'fairness weight 0' },
    ratio: round(onTight.volunteersGivenMost / offTight.volunteersGivenMost),
    target: '< weight 0',
    met: onTight.volunteersGivenMost < offTight.volunteersGivenMost,
    note: 'the top of the distribution the top-5 share is blind to while 5 or more sit at the maximum',
  });
  compare('coverage: urgency-weighted', 'coverage', 'kept');
  compare('coverage: needs served', 'needsServed', 'kept');
  compare('coverage: hours allocated', 'hoursShare', 'kept');
  compare('coverage: carrier slots allocated', 'carrierShare', 'kept');
  compare('coverage: fen allocated', 'fenShare', 'kept');
  // The same district with ample volunteer time: where the plan has a choice of whom to give hours to.
  const ample = [onAmple, offAmple] as const;
  compare('ample volunteers: Gini of hours', 'volunteersGini', 'lower', `2 000 volunteers; free hours used ${round(offAmple.volunteerHoursUsed)}`, ample);
  compare('ample volunteers: top-5 share', 'volunteersTop5', 'lower', undefined, ample);
  compare('ample volunteers: coverage, urgency-weighted', 'coverage', 'kept', undefined, ample);
  compare('ample volunteers: needs served', 'needsServed', 'kept', undefined, ample);
}
