/**
 * Matching engine benchmark (a plain script, not a jest test):
 *   npm run build && node dist/test/bench/matching.bench.js
 * 1. incremental: latency of one new need's proposals against 100 000 resources (p50/p99);
 * 2. resource side: latency of one new volunteer's proposals against 10 000 open needs;
 * 3. batch: allocation of 10 000 needs x 100 000 resources (top-K candidates, exact per component),
 *    with the solver path each part took and best-edge-first greedy on the same graph; then one
 *    district of that city and a scarce district on their own (every eligible pair: provably optimal).
 * The synthetic city is seeded, so runs differ only by the machine. Fair matching (concentration of
 * allocations against coverage) is fairness.bench.ts, run with this part and built from the same generators.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { Area, ServiceCategory, Urgency } from '#domain';
import {
  MatchingEngine,
  type DonationEarmark,
  type DonationResource,
  type MatchableNeed,
  type OrganisationResource,
  type ProjectResource,
  type SocialWorkerResource,
  type VolunteerResource,
  type AllocationResult,
  type WeeklyWindow,
} from '#matching';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: string;
}

export const CATEGORIES: ServiceCategory[] = [
  'elderly_care', 'child_welfare', 'disability_support', 'social_assistance', 'family_support', 'mental_health',
  'health', 'education', 'employment', 'community_governance', 'culture_sports', 'emergency_relief',
];
export const SKILLS = ['first aid', 'cooking', 'sign language', 'tutoring', 'counselling', 'nursing', 'driving', 'legal aid', 'computer', 'dialect'];
const DISTRICTS = 12;
const STREETS_PER_DISTRICT = 8;
const COMMUNITIES_PER_STREET = 8;
export const NOW = new Date('2026-03-01T08:00:00.000Z');

/** mulberry32: a small seeded generator so every run builds the same city. */
export function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const count = int(min, max);
    const chosen = new Set<T>();
    while (chosen.size < count) chosen.add(pick(items));
    return [...chosen];
  };
  return { next, int, pick, some };
}

export type Random = ReturnType<typeof seeded>;

export const areaOf = (random: Random, onlyDistrict?: string): Area => {
  const district = onlyDistrict ?? `35020${random.int(1, DISTRICTS).toString().padStart(2, '0')}`;
  const street = `${district}${random.int(1, STREETS_PER_DISTRICT).toString().padStart(3, '0')}`;
  return { city: '3502', district, street, community: `${street}${random.int(1, COMMUNITIES_PER_STREET).toString().padStart(3, '0')}` };
};
const windowOf = (random: Random): WeeklyWindow => {
  const from = random.int(7, 19);
  return { day: random.int(0, 6), fromMinute: from * 60, toMinute: Math.min(24, from + random.int(1, 4)) * 60 };
};
const urgencyOf = (random: Random): Urgency => {
  const roll = random.next();
  return roll < 0.3 ? 'low' : roll < 0.7 ? 'medium' : roll < 0.9 ? 'high' : 'critical';
};

export function needOf(random: Random, needId: string, onlyDistrict?: string): MatchableNeed {
  const wantsHours = random.next() < 0.7;
  const wantsMoney = random.next() < 0.35;
  return {
    needId,
    category: random.pick(CATEGORIES),
    area: areaOf(random, onlyDistrict),
    urgency: urgencyOf(random),
    requiredSkills: random.next() < 0.5 ? random.some(SKILLS, 1, 2) : [],
    ...(wantsHours || !wantsMoney ? { hoursPerWeek: random.int(1, 8) } : {}),
    ...(wantsMoney ? { amountFen: random.int(5, 100) * 10_000 } : {}),
    ...(random.next() < 0.6 ? { window: windowOf(random) } : {}),
    needsCarrier: random.next() < 0.5,
    listedAt: new Date(NOW.getTime() - random.int(0, 90) * 86_400_000).toISOString(),
  };
}

export function volunteerOf(random: Random, volunteerId: string, onlyDistrict?: string): VolunteerResource {
  return {
    volunteerId,
    area: areaOf(random, onlyDistrict),
    skills: random.some(SKILLS, 0, 3),
    categories: random.some(CATEGORIES, 1, 3),
    availableHoursPerWeek: random.int(1, 8),
    ...(random.next() < 0.7 ? { windows: Array.from({ length: random.int(1, 3) }, () => windowOf(random)) } : {}),
  };
}

export function earmarkOf(random: Random, area: Area): DonationEarmark | undefined {
  const roll = random.next();
  if (roll < 0.6) return undefined;
  const category = random.next() < 0.6 ? { category: random.pick(CATEGORIES) } : {};
  if (roll < 0.75) return { ...category, district: area.district };
  if (roll < 0.9) return { ...category, district: area.district, street: area.street };
  if (roll < 0.95) return { ...category, community: area.community };
  return random.next() < 0.5 ? { category: random.pick(CATEGORIES) } : undefined;
}

interface City {
  volunteers: VolunteerResource[];
  socialWorkers: SocialWorkerResource[];
  donations: DonationResource[];
  organisations: OrganisationResource[];
  projects: ProjectResource[];
}

/** 100 000 resources in 768 communities: 70k volunteers, 6k social workers, 16k donations, 5k organisations, 3k projects. */
function cityOf(random: Random): City {
  const volunteers = Array.from({ length: 70_000 }, (_, index) => volunteerOf(random, `v${index}`));
  const socialWorkers = Array.from({ length: 6_000 }, (_, index): SocialWorkerResource => {
    const area = areaOf(random);
    return {
      socialWorkerId: `w${index}`,
      area: random.next() < 0.7 ? { city: area.city, district: area.district, street: area.street } : { city: area.city, district: area.district },
      grade: random.pick(['assistant', 'intermediate', 'senior', null] as const),
      qualified: random.next() < 0.7,
      availableHoursPerWeek: random.int(4, 24),
    };
  });
  const donations = Array.from({ length: 16_000 }, (_, index): DonationResource => {
    const area = areaOf(random);
    const earmark = earmarkOf(random, area);
    return { donationId: `d${index}`, balanceFen: random.int(1, 500) * 10_000, area, ...(earmark === undefined ? {} : { earmark }) };
  });
  const organisations = Array.from({ length: 5_000 }, (_, index): OrganisationResource => {
    const area = areaOf(random);
    return {
      organisationId: `o${index}`,
      district: area.district,
      city: area.city,
      categories: random.some(CATEGORIES, 1, 3),
      grade: random.int(0, 5),
      ...(random.next() < 0.6 ? { evaluationScore: random.int(40, 100) } : {}),
      spareCapacity: random.int(0, 5),
    };
  });
  const projects = Array.from({ length: 3_000 }, (_, index): ProjectResource => {
    const area = areaOf(random);
    return {
      projectId: `p${index}`,
      categories: random.some(CATEGORIES, 1, 2),
      area: random.next() < 0.5 ? { city: area.city, district: area.district, street: area.street } : { city: area.city, district: area.district },
      status: random.pick(['designed', 'published', 'contracted', 'completed']),
      fundingGapFen: random.next() < 0.5 ? random.int(1, 200) * 10_000 : 0,
      needCapacity: random.int(0, 10),
    };
  });
  return { volunteers, socialWorkers, donations, organisations, projects };
}

/**
 * One district where resources are scarce (about half the hours, money and carrier slots asked
 * for), so the allocation decides who goes without. 2 000 needs: below the exhaustive limit, so
 * every eligible pair is an edge and the result is provably optimal.
 */
function scarceDistrict(random: Random): { needs: MatchableNeed[]; load: (engine: MatchingEngine) => void } {
  const district = '3502099';
  const needs = Array.from({ length: 2_000 }, (_, index) => needOf(random, `scarce-n${index}`, district));
  return {
    needs,
    load: (engine) => {
      for (let index = 0; index < 1_800; index++) {
        engine.upsertVolunteer({ ...volunteerOf(random, `scarce-v${index}`, district), availableHoursPerWeek: random.int(1, 3) });
      }
      for (let index = 0; index < 80; index++) {
        const area = areaOf(random, district);
        engine.upsertSocialWorker({ socialWorkerId: `scarce-w${index}`, area: { city: area.city, district, street: area.street }, grade: 'intermediate', qualified: true, availableHoursPerWeek: random.int(4, 16) });
      }
      for (let index = 0; index < 300; index++) {
        const area = areaOf(random, district);
        const earmark = earmarkOf(random, area);
        engine.upsertDonation({ donationId: `scarce-d${index}`, balanceFen: random.int(1, 40) * 10_000, area, ...(earmark === undefined ? {} : { earmark }) });
      }
      for (let index = 0; index < 120; index++) {
        engine.upsertOrganisation({ organisationId: `scarce-o${index}`, district, city: '3502', categories: random.some(CATEGORIES, 1, 4), grade: random.int(0, 5), spareCapacity: random.int(0, 8) });
      }
    },
  };
}

/** Share of requested units covered, each unit weighted by its need's urgency (the coverage weights). */
export function weightedCoverage(engine: MatchingEngine, needs: readonly MatchableNeed[], result: AllocationResult): number {
  const byId = new Map(needs.map((need) => [need.needId, need]));
  const weight = (need: MatchableNeed) => engine.weights.coverage[need.urgency];
  let requested = 0;
  for (const need of needs) {
    requested += weight(need) * ((need.hoursPerWeek ?? 0) > 0 ? 1 : 0) + weight(need) * ((need.amountFen ?? 0) > 0 ? 1 : 0) + weight(need) * (need.needsCarrier === false ? 0 : 1);
  }
  let covered = 0;
  for (const assignment of result.assignments) {
    if (assignment.demand.kind !== 'need') continue;
    const need = byId.get(assignment.demand.needId);
    if (need === undefined) continue;
    const share =
      assignment.quantity.hoursPerWeek !== undefined
        ? assignment.quantity.hoursPerWeek / need.hoursPerWeek!
        : assignment.quantity.amountFen !== undefined
          ? assignment.quantity.amountFen / need.amountFen!
          : 1;
    covered += weight(need) * share;
  }
  return covered / Math.max(1, requested);
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const millisSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
/** CPU time of this process: unlike wall time, not inflated by other processes on a busy machine. */
const cpuMillisSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function runMatchingBench(log: (line: string) => void = console.log): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const record = (name: string, value: number, unit: string, detail?: string) => {
    results.push({ name, value: round(value), unit, ...(detail === undefined ? {} : { detail }) });
    log(`  ${name.padEnd(44)} ${String(round(value)).padStart(12)} ${unit}${detail === undefined ? '' : `  (${detail})`}`);
  };
  log(`matching bench: node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}`);

  const random = seeded(20260301);
  const city = cityOf(random);
  const engine = new MatchingEngine({ now: () => NOW });

  let start = process.hrtime.bigint();
  let cpuStart = process.cpuUsage();
  city.volunteers.forEach((volunteer) => engine.upsertVolunteer(volunteer));
  city.socialWorkers.forEach((worker) => engine.upsertSocialWorker(worker));
  city.donations.forEach((donation) => engine.upsertDonation(donation));
  city.organisations.forEach((organisation) => engine.upsertOrganisation(organisation));
  city.projects.forEach((project) => engine.upsertProject(project));
  const loadMillis = millisSince(start);
  const counts = engine.counts();
  record('load 100k resources', loadMillis, 'ms', `cpu ${Math.round(cpuMillisSince(cpuStart))} ms; ${counts.buckets} buckets, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);

  // 1. One new need against 100k resources, proposals included; removed again so every sample sees the same city.
  const sampleNeeds = Array.from({ length: 3_000 }, (_, index) => needOf(random, `probe${index}`));
  for (const need of sampleNeeds.slice(0, 500)) {
    engine.upsertNeed(need);
    engine.removeNeed(need.needId);
  }
  const latencies: number[] = [];
  let proposals = 0;
  const assessedBefore = engine.assessedCandidates;
  for (const need of sampleNeeds.slice(500)) {
    start = process.hrtime.bigint();
    proposals += engine.upsertNeed(need).length;
    latencies.push(millisSince(start));
    engine.removeNeed(need.needId);
  }
  latencies.sort((a, b) => a - b);
  const samples = latencies.length;
  const assessedPerNeed = (engine.assessedCandidates - assessedBefore) / samples;
  record('new need -> proposals p50', percentile(latencies, 50), 'ms', `${samples} needs, 100k resources`);
  record('new need -> proposals p99', percentile(latencies, 99), 'ms', `max ${round(latencies[samples - 1]!)} ms`);
  record('  candidates assessed per new need', assessedPerNeed, 'count', `${round(proposals / samples, 1)} proposals per need`);

  // 2. Batch: 10k open needs.
  const needs = Array.from({ length: 10_000 }, (_, index) => needOf(random, `n${index}`));
  start = process.hrtime.bigint();
  needs.forEach((need) => engine.upsertNeed(need));
  record('upsert 10k needs (with proposals)', millisSince(start), 'ms');

  // Resource side: a new volunteer against the 10k needs.
  const resourceLatencies: number[] = [];
  for (let index = 0; index < 1_500; index++) {
    const volunteer = volunteerOf(random, `probe-v${index}`);
    start = process.hrtime.bigint();
    engine.upsertVolunteer(volunteer);
    if (index >= 300) resourceLatencies.push(millisSince(start));
    engine.removeVolunteer(volunteer.volunteerId);
  }
  resourceLatencies.sort((a, b) => a - b);
  record('new volunteer -> proposals p50', percentile(resourceLatencies, 50), 'ms', '10k open needs');
  record('new volunteer -> proposals p99', percentile(resourceLatencies, 99), 'ms');

  start = process.hrtime.bigint();
  cpuStart = process.cpuUsage();
  const optimal = engine.allocate(undefined, { includeReasons: true, compareWithGreedy: true });
  const optimalMillis = millisSince(start);
  record(
    'batch allocate 10k needs x 100k resources',
    optimalMillis,
    'ms',
    `cpu ${Math.round(cpuMillisSince(cpuStart))} ms, greedy on the same graph included; ${optimal.assignments.length} assignments with reasons`,
  );
  for (const network of optimal.networks) {
    const paths = Object.entries(network.paths).map(([path, components]) => `${path} x${components}`).join(', ');
    const largest = network.largestComponent;
    record(
      `  ${network.network}: units allocated / requested`,
      network.allocatedUnits / Math.max(1, network.requestedUnits),
      'ratio',
      `${network.allocatedUnits}/${network.requestedUnits}; ${network.demands} demands, ${network.supplies} supplies, ${network.edges} edges; ` +
        `${network.components} components [${paths}]; largest ${largest === null ? '-' : `${largest.demands}x${largest.supplies}, ${largest.edges} edges, ${largest.path}`}`,
    );
    const greedy = network.greedy!;
    record(
      `  ${network.network}: worth optimal vs greedy`,
      network.objective - greedy.objective,
      'worth',
      `${network.objective} vs ${greedy.objective} (+${round((100 * (network.objective - greedy.objective)) / Math.max(1, greedy.objective), 3)}%); units ${network.allocatedUnits} vs ${greedy.allocatedUnits}`,
    );
  }
  record('heap after batch', process.memoryUsage().heapUsed / 2 ** 20, 'MiB');

  // 3. One district of the same city (about 830 needs): the exhaustive, provably optimal path.
  start = process.hrtime.bigint();
  cpuStart = process.cpuUsage();
  const oneDistrict = engine.allocate({ district: '3502001' }, { includeReasons: false, compareWithGreedy: true });
  record(
    'batch allocate one district vs 100k resources',
    millisSince(start),
    'ms',
    `cpu ${Math.round(cpuMillisSince(cpuStart))} ms; candidates ${oneDistrict.candidateMode}; ` +
      oneDistrict.networks.map((network) => `${network.network} ${network.demands} demands ${network.edges} edges [${Object.entries(network.paths).map(([path, count]) => `${path} x${count}`).join(', ')}]`).join('; '),
  );

  // 4. A district where resources are scarce, on its own: where the allocation decides who goes without.
  const scarce = scarceDistrict(random);
  const districtEngine = new MatchingEngine({ now: () => NOW });
  scarce.load(districtEngine);
  scarce.needs.forEach((need) => districtEngine.upsertNeed(need));
  start = process.hrtime.bigint();
  cpuStart = process.cpuUsage();
  const exact = districtEngine.allocate(undefined, { includeReasons: false });
  record('scarce district: allocate 2k needs', millisSince(start), 'ms', `cpu ${Math.round(cpuMillisSince(cpuStart))} ms; candidates ${exact.candidateMode}`);
  for (const network of exact.networks) {
    const paths = Object.entries(network.paths).map(([path, components]) => `${path} x${components}`).join(', ');
    record(
      `  ${network.network}: units allocated / requested`,
      network.allocatedUnits / Math.max(1, network.requestedUnits),
      'ratio',
      `${network.allocatedUnits}/${network.requestedUnits}; ${network.edges} edges; [${paths}]`,
    );
  }
  const districtGreedy = districtEngine.allocate(undefined, { solver: 'greedy', includeReasons: false });
  record('scarce district: objective optimal', exact.objective, 'worth');
  record('scarce district: objective greedy', districtGreedy.objective, 'worth', `optimal is +${round((100 * (exact.objective - districtGreedy.objective)) / Math.max(1, districtGreedy.objective), 2)}%`);
  record('scarce district: urgency-weighted coverage optimal', weightedCoverage(districtEngine, scarce.needs, exact), 'share');
  record('scarce district: urgency-weighted coverage greedy', weightedCoverage(districtEngine, scarce.needs, districtGreedy), 'share');
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMatchingBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
