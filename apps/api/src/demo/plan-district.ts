/**
 * Day 0-4 of the history: the district's communities, its organisations (inspected and graded),
 * the social workers they employ and the volunteers who sign up in the communities.
 */
import { serviceCategories, type ServiceCategory, type SocialWorkerGrade } from '#domain';
import { addDays } from './calendar.js';
import type { DemoActor } from './demo-client.js';
import {
  AGENCIES, CITY, COMMUNITY_ORGANISATION_KINDS, DISTRICT, ENTERPRISES, FAILING_ORGANISATION, MASS_ORGANISATION, NEED_CATEGORY_WEIGHTS,
  SKILLS, STREETS,
} from './district-data.js';
import { person, type RegistrationKind, unifiedSocialCreditCode } from './people.js';
import type { Prng } from './prng.js';
import type { DemoCast, DemoCommunity, DemoContext, DemoOrganisation, DemoVolunteer, OrganisationRole } from './world.js';

const HOUSEHOLD_SIZE = 2.6;
/** Categories every social-work agency offers; each adds a few of its own. */
const AGENCY_CORE: ServiceCategory[] = ['elderly_care', 'child_welfare', 'social_assistance', 'mental_health', 'community_governance'];

/** The district at a scale: the story's two streets always, the other three from scale 0.6. */
export const communitiesAt = (scale: number): DemoCommunity[] => {
  const streets = scale >= 0.6 ? STREETS : STREETS.slice(0, 2);
  const perStreet = Math.min(4, Math.max(2, Math.round(4 * scale)));
  return streets.flatMap((street) =>
    street.communities.slice(0, perStreet).map((community) => ({
      code: community.code,
      name: community.name,
      street,
      residents: community.residents,
      committee: { id: `committee-${community.code}`, role: 'community_committee' },
    })),
  );
};

const organisation = (name: string, role: OrganisationRole, kind: string, categories: ServiceCategory[], seat: DemoCommunity | null, index: number): DemoOrganisation => ({
  id: '',
  name,
  role,
  kind,
  // Its staff act for it: the token names the organisation once it is registered (its id is known).
  get actor() {
    return { id: `org-${index}`, role: 'social_organisation', organisationId: this.id };
  },
  categories,
  seat,
});

/** Every organisation of the district, the cast first. */
export const organisationsOf = (communities: readonly DemoCommunity[], scale: number, random: Prng): { all: DemoOrganisation[]; cast: DemoCast } => {
  const all: DemoOrganisation[] = [];
  const add = (name: string, role: OrganisationRole, kind: string, categories: ServiceCategory[], seat: DemoCommunity | null = null) => {
    const created = organisation(name, role, kind, [...new Set(categories)], seat, all.length + 1);
    all.push(created);
    return created;
  };
  const agencies = AGENCIES.map((name) => add(name, 'agency', 'social_work_agency', [...AGENCY_CORE, ...random.sample(serviceCategories, 3)]));
  const enterprises = ENTERPRISES.map((name, index) =>
    add(name, 'enterprise', 'enterprise', index === 0 ? ['elderly_care', 'health'] : ['community_governance', 'emergency_relief']),
  );
  const mass = add(MASS_ORGANISATION, 'mass', 'mass_organisation', ['child_welfare', 'education', 'community_governance']);
  const failing = add(FAILING_ORGANISATION, 'failing', 'social_organisation', ['culture_sports', 'elderly_care', 'mental_health']);
  const communityOrganisations = Math.max(2, Math.round(18 * scale));
  for (let index = 0; index < communityOrganisations; index++) {
    const seat = communities[index % communities.length]!;
    const kind = COMMUNITY_ORGANISATION_KINDS[Math.floor(index / communities.length) % COMMUNITY_ORGANISATION_KINDS.length]!;
    add(kind.name.replace('{community}', seat.name), 'community', 'social_organisation', [...kind.categories], seat);
  }
  return {
    all,
    cast: {
      streetStationAgency: agencies[0]!,
      runnerUpAgency: agencies[1]!,
      generalStationAgency: agencies[2]!,
      projectAgency: agencies[3]!,
      counsellingAgency: agencies[5]!,
      careEnterprise: enterprises[0]!,
      massOrganisation: mass,
      failingOrganisation: failing,
    },
  };
};

const registrationKindOf = (organisation: DemoOrganisation): RegistrationKind =>
  organisation.kind === 'enterprise' ? '91' : organisation.kind === 'mass_organisation' ? '13' : organisation.role === 'agency' ? '52' : '51';

/** Grades the story relies on: the station bidders are well graded; community groups mostly are not. */
const gradeOf = (organisation: DemoOrganisation, cast: DemoCast, random: Prng): number | null => {
  if (organisation === cast.streetStationAgency) return 5;
  if (organisation === cast.runnerUpAgency || organisation === cast.generalStationAgency) return 4;
  if (organisation.role === 'agency') return random.int(2, 4);
  if (organisation.role === 'enterprise') return null;
  return random.chance(0.4) ? random.int(1, 3) : null;
};

interface SocialWorkerSpec {
  employer: DemoOrganisation;
  degree: boolean;
  grade: SocialWorkerGrade | null;
  /** Staff of the district's general station are based in the district, not a community. */
  districtBased?: boolean;
  community?: DemoCommunity;
}

const castSocialWorkers = (cast: DemoCast, communities: readonly DemoCommunity[]): SocialWorkerSpec[] => {
  const zhonghua = communities.filter((community) => community.street.code === 'zhonghua');
  const xiagang = communities.filter((community) => community.street.code === 'xiagang');
  const street = (index: number) => zhonghua[index % zhonghua.length]!;
  return [
    // Rule 1 at the 中华 station: four staff, three of them qualified (a degree or a certificate).
    { employer: cast.streetStationAgency, degree: true, grade: 'intermediate', community: street(0) },
    { employer: cast.streetStationAgency, degree: false, grade: 'assistant', community: street(1) },
    { employer: cast.streetStationAgency, degree: true, grade: null, community: street(2) },
    { employer: cast.streetStationAgency, degree: false, grade: null, community: street(3) },
    { employer: cast.generalStationAgency, degree: true, grade: 'senior', districtBased: true },
    { employer: cast.generalStationAgency, degree: false, grade: 'intermediate', districtBased: true },
    { employer: cast.generalStationAgency, degree: true, grade: 'assistant', districtBased: true },
    { employer: cast.runnerUpAgency, degree: true, grade: 'assistant', community: xiagang[1] },
    { employer: cast.runnerUpAgency, degree: false, grade: 'intermediate', community: xiagang[0] },
    { employer: cast.projectAgency, degree: true, grade: 'assistant', community: xiagang[1] },
    { employer: cast.projectAgency, degree: false, grade: 'assistant', community: xiagang[0] },
    { employer: cast.counsellingAgency, degree: true, grade: 'intermediate' },
    { employer: cast.careEnterprise, degree: false, grade: 'assistant', community: xiagang[0] },
  ];
};

const crowdSocialWorker = (agencies: readonly DemoOrganisation[], random: Prng): SocialWorkerSpec => {
  const profile = random.weighted<[boolean, SocialWorkerGrade | null]>([
    [[false, 'assistant'], 30],
    [[true, 'assistant'], 12],
    [[false, 'intermediate'], 15],
    [[true, 'intermediate'], 10],
    [[true, 'senior'], 5],
    [[true, null], 10],
    [[false, null], 18],
  ]);
  return { employer: random.pick(agencies), degree: profile[0], grade: profile[1] };
};

/** Skills and availability a volunteer declares; hours never exceed what the windows hold. */
const volunteerProfile = (random: Prng) => {
  const categories = [...new Set(Array.from({ length: random.int(1, 3) }, () => random.weighted(NEED_CATEGORY_WEIGHTS)))];
  const skills = [...new Set(categories.flatMap((category) => random.sample(SKILLS[category], random.int(1, 2))))];
  const slots = [
    { from: '08:30', to: '11:30', hours: 3 },
    { from: '14:00', to: '17:00', hours: 3 },
    { from: '19:00', to: '21:00', hours: 2 },
  ];
  const windows = random
    .sample([1, 2, 3, 4, 5, 6, 7], random.int(1, 3))
    .sort()
    .map((weekday) => ({ weekday, ...random.pick(slots) }));
  const windowHours = windows.reduce((sum, window) => sum + window.hours, 0);
  return {
    categories,
    skills,
    hoursPerWeek: Math.min(random.int(2, 8), windowHours),
    windows: windows.map(({ weekday, from, to }) => ({ weekday, from, to })),
  };
};

export const planDistrict = (context: DemoContext): void => {
  const { agenda, client, world, bureau, cast, scale } = context;
  const random = context.random.fork('district');
  const year = Number(agenda.startsOn.slice(0, 4));

  // Day 0, 09:00: the civil-affairs bureau registers the communities (the platform of the five forces).
  for (const community of world.communities) {
    agenda.at(0, 9, async () => {
      await client.command(
        '/communities',
        {
          communityId: community.code,
          name: community.name,
          area: { city: CITY, district: DISTRICT, street: community.street.code },
          kind: 'urban',
          residents: community.residents,
          households: Math.round(community.residents / HOUSEHOLD_SIZE),
        },
        bureau,
        `demo:community:${community.code}`,
      );
    });
  }

  // 10:00: organisations register; 11:00: last year's annual inspection (年检) and grading (等级评估).
  for (const [index, organisation] of world.organisations.entries()) {
    const code = unifiedSocialCreditCode(random, registrationKindOf(organisation));
    const capacity = organisation.role === 'community' ? random.int(1, 2) : random.int(4, 10);
    const grade = gradeOf(organisation, cast, random);
    agenda.at(0, 10, async () => {
      organisation.id = (
        await client.command(
          '/organisations',
          {
            name: organisation.name,
            kind: organisation.kind,
            unifiedSocialCreditCode: code,
            budgetFunded: organisation.role === 'mass',
            city: CITY,
            district: DISTRICT,
            ...(organisation.seat ? { communityId: organisation.seat.code } : {}),
            serviceCategories: organisation.categories,
            capacity,
          },
          bureau,
          `demo:organisation:${index}`,
        )
      ).id;
    });
    agenda.at(0, 11, async () => {
      const failed = organisation.role === 'failing';
      await client.command(
        `/organisations/${organisation.id}/inspections`,
        failed ? { year: year - 1, result: 'failed', reason: '未按时报送年度工作报告, 财务收支不规范' } : { year: year - 1, result: 'passed' },
        bureau,
        `demo:organisation:${index}:inspection:${year - 1}`,
      );
      if (grade !== null) {
        await client.command(`/organisations/${organisation.id}/grade`, { grade, year: year - 1 }, bureau, `demo:organisation:${index}:grade:${year - 1}`);
      }
    });
  }

  // 14:00: the agencies register their social workers; 15:00: the bureau records their certificates.
  const agencies = world.organisations.filter((organisation) => organisation.role === 'agency');
  const castWorkers = castSocialWorkers(cast, world.communities);
  const total = Math.max(castWorkers.length, Math.round(60 * scale));
  const specs = [...castWorkers, ...Array.from({ length: total - castWorkers.length }, () => crowdSocialWorker(agencies, random))];
  for (const [index, spec] of specs.entries()) {
    const community = spec.community ?? random.pick(world.communities);
    const who = person(random, random.int(1972, 2000));
    const certifiedOn = `${random.int(2012, year - 1)}-${String(random.int(6, 11)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const socialWorker = {
      id: '',
      employer: spec.employer,
      qualified: spec.degree || spec.grade !== null,
      // A social worker acts for the organisation that employs her (deliveries, reports), once it is registered.
      get actor() {
        return { id: `social-worker-${index}`, role: 'social_worker', organisationId: spec.employer.id };
      },
    };
    world.socialWorkers.push(socialWorker);
    agenda.at(0, 14, async () => {
      socialWorker.id = (
        await client.command(
          '/social-workers',
          {
            person: who,
            base: spec.districtBased ? { level: 'district', city: CITY, district: DISTRICT } : { level: 'community', communityId: community.code },
            hasSocialWorkDegree: spec.degree,
            employerOrganisationId: spec.employer.id,
          },
          spec.employer.actor,
          `demo:social-worker:${index}`,
        )
      ).id;
    });
    if (spec.grade) {
      const grade = spec.grade;
      agenda.at(0, 15, async () => {
        await client.command(
          `/social-workers/${socialWorker.id}/certify`,
          { grade, certificateNumber: `${certifiedOn.slice(0, 4)}35${String(1000 + index).padStart(6, '0')}`, certifiedOn },
          bureau,
          `demo:social-worker:${index}:certify`,
        );
      });
    }
  }

  // Days 1-4: volunteers sign up under their real names (实名注册, from their own account, which then
  // acts for their record), then declare their skills and the hours they can give.
  const volunteers = Math.max(24, Math.round(300 * scale));
  const weights = world.communities.map((community) => [community, community.residents] as const);
  for (let index = 0; index < volunteers; index++) {
    const community = index < world.communities.length ? world.communities[index]! : random.weighted(weights);
    const profile = volunteerProfile(random);
    const who = person(random, random.int(1950, 2004));
    const registeredOn = addDays(agenda.startsOn, -random.int(0, 900));
    const day = 1 + (index % 4);
    const actor: DemoActor = { id: `volunteer-${index}`, role: 'volunteer' };
    const volunteer: DemoVolunteer = {
      id: '',
      community,
      skills: profile.skills,
      categories: profile.categories,
      hoursPerWeek: profile.hoursPerWeek,
      assignedHours: 0,
      actor,
    };
    world.volunteers.push(volunteer);
    agenda.at(day, 9 + (index % 3), async () => {
      volunteer.id = (
        await client.command('/volunteers', { person: who, communityId: community.code, registeredOn }, actor, `demo:volunteer:${index}`)
      ).id;
    });
    agenda.at(day, 14, async () => {
      await client.command(`/volunteers/${volunteer.id}/skills`, { skills: profile.skills, categories: profile.categories }, actor, `demo:volunteer:${index}:skills`);
      await client.command(
        `/volunteers/${volunteer.id}/availability`,
        { hoursPerWeek: profile.hoursPerWeek, windows: profile.windows },
        actor,
        `demo:volunteer:${index}:availability`,
      );
    });
  }
};

