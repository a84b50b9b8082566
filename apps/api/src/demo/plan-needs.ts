/**
 * Days 0-40: residents' needs reach the committees (visits, the hotline, questionnaires, grid
 * workers), are verified, and volunteers are assigned to those that take weekly hours.
 */
import type { ServiceCategory, Urgency } from '#domain';
import { addDays } from './calendar.js';
import { NEED_CATEGORY_WEIGHTS, NEED_TEMPLATES, type NeedTemplate } from './district-data.js';
import { chineseName, elderlyName, mobilePhone, streetAddress } from './people.js';
import type { Prng } from './prng.js';
import type { DemoCommunity, DemoContext, DemoNeed, DemoVolunteer } from './world.js';

export interface StoryNeed {
  street: string;
  /** Index of the community in its street. */
  community: number;
  category: ServiceCategory;
  template: number;
  urgency: Urgency;
}

/** The needs the story's projects and donations answer; listed whatever the scale. */
export const STORY_NEEDS = {
  zhonghuaMeals: { street: 'zhonghua', community: 0, category: 'elderly_care', template: 0, urgency: 'high' },
  zhonghuaChildren: { street: 'zhonghua', community: 0, category: 'child_welfare', template: 0, urgency: 'medium' },
  zhonghuaGrief: { street: 'zhonghua', community: 0, category: 'mental_health', template: 0, urgency: 'medium' },
  zhonghuaAssistance: { street: 'zhonghua', community: 1, category: 'social_assistance', template: 0, urgency: 'high' },
  zhonghuaHomeCare: { street: 'zhonghua', community: 1, category: 'elderly_care', template: 2, urgency: 'critical' },
  zhonghuaNoise: { street: 'zhonghua', community: 1, category: 'community_governance', template: 1, urgency: 'low' },
  shapoweiMeals: { street: 'xiagang', community: 0, category: 'elderly_care', template: 0, urgency: 'high' },
  shapoweiHaircuts: { street: 'xiagang', community: 0, category: 'elderly_care', template: 3, urgency: 'medium' },
  shapoweiVisits: { street: 'xiagang', community: 0, category: 'elderly_care', template: 1, urgency: 'high' },
  shapoweiMedicalBills: { street: 'xiagang', community: 0, category: 'social_assistance', template: 2, urgency: 'critical' },
  daxueluSummerSafety: { street: 'xiagang', community: 1, category: 'child_welfare', template: 2, urgency: 'medium' },
  daxueluHomework: { street: 'xiagang', community: 1, category: 'education', template: 0, urgency: 'medium' },
  daxueluRehabilitation: { street: 'xiagang', community: 1, category: 'disability_support', template: 0, urgency: 'high' },
  daxueluSingleParent: { street: 'xiagang', community: 1, category: 'family_support', template: 0, urgency: 'medium' },
} as const satisfies Record<string, StoryNeed>;
export type StoryNeedName = keyof typeof STORY_NEEDS;

const SOURCES = [
  ['visit', 40],
  ['grid_worker', 20],
  ['questionnaire', 20],
  ['hotline', 15],
  ['other', 5],
] as const;
const URGENCY_WEIGHTS: readonly (readonly [Urgency, number])[] = [
  ['low', 20],
  ['medium', 45],
  ['high', 28],
  ['critical', 7],
];

const beneficiaryOf = (template: NeedTemplate, category: ServiceCategory, random: Prng) =>
  template.individual
    ? {
        name: category === 'elderly_care' || category === 'mental_health' ? elderlyName(random) : chineseName(random),
        ...(random.chance(0.7) ? { phone: mobilePhone(random) } : {}),
        address: streetAddress(random),
      }
    : undefined;

/** Schedules listing (and verification) of one need; the need's id is known once it is listed. */
const scheduleNeed = (
  context: DemoContext,
  need: DemoNeed,
  key: string,
  options: { day: number; hour: number; urgency: Urgency; verifyAfterDays: number | null; random: Prng },
): void => {
  const { agenda, client } = context;
  const { template, category, community } = need;
  const random = options.random;
  const listedOn = agenda.date(options.day);
  const individual = template.individual;
  const body = {
    communityId: community.code,
    category,
    title: template.title,
    description: `${community.name}: ${template.description}`,
    urgency: options.urgency,
    source: random.weighted(SOURCES),
    beneficiaries: individual ? random.int(1, 2) : random.int(8, 60),
    ...(template.skills ? { requiredSkills: [...template.skills] } : {}),
    ...(template.hoursPerWeek ? { hoursPerWeek: template.hoursPerWeek } : {}),
    ...(template.amountFen ? { amountFen: Math.round((template.amountFen * random.int(8, 15)) / 10 / 100) * 100 } : {}),
    ...(random.chance(0.3) ? { window: { from: listedOn, to: addDays(listedOn, 90) } } : {}),
    ...(individual ? { beneficiary: beneficiaryOf(template, category, random) } : {}),
  };
  agenda.at(options.day, options.hour, async () => {
    need.id = (await client.command('/needs', body, community.committee, key)).id;
  });
  if (options.verifyAfterDays !== null) {
    agenda.at(options.day + options.verifyAfterDays, 16, async () => {
      await client.command(`/needs/${need.id}/verify`, undefined, community.committee, `${key}:verify`);
      need.verified = true;
    });
  }
};

const newNeed = (community: DemoCommunity, category: ServiceCategory, template: NeedTemplate): DemoNeed => ({
  id: '',
  community,
  category,
  template,
  verified: false,
  open: true,
  matchedFen: 0,
  volunteers: 0,
  coveredBy: [],
});

/** The volunteer of the need's community best placed to take it: the right skill first, then free hours. */
const volunteerFor = (need: DemoNeed, volunteers: readonly DemoVolunteer[]): DemoVolunteer | undefined => {
  const hours = need.template.hoursPerWeek ?? 0;
  const free = volunteers.filter((volunteer) => volunteer.community === need.community && volunteer.hoursPerWeek - volunteer.assignedHours >= hours);
  const skilled = free.filter((volunteer) => need.template.skills?.some((skill) => volunteer.skills.includes(skill)));
  return skilled[0] ?? free.find((volunteer) => volunteer.categories.includes(need.category)) ?? free[0];
};

/** Assigns a volunteer to a need (the policy then records the match on the need) and logs their weekly visits. */
export const assignVolunteerToNeed = (context: DemoContext, need: DemoNeed, volunteer: DemoVolunteer, day: number, key: string): void => {
  const { agenda, client } = context;
  const hoursPerWeek = need.template.hoursPerWeek!;
  volunteer.assignedHours += hoursPerWeek;
  need.volunteers++;
  const assignmentId = `${key.replaceAll(':', '-')}`;
  agenda.at(day, 10.5, async () => {
    await client.command(
      `/volunteers/${volunteer.id}/assign`,
      { assignmentId, target: { kind: 'need', id: need.id }, hoursPerWeek },
      need.community.committee,
      key,
    );
  });
  for (let week = 1; week <= 3; week++) {
    agenda.at(day + 7 * week, 18, async () => {
      if (!need.open) return;
      const logged = await client.command(
        `/volunteers/${volunteer.id}/hours`,
        { assignmentId, hours: hoursPerWeek, servedOn: agenda.date(day + 7 * week) },
        volunteer.actor,
        `${key}:hours:${week}`,
      );
      // The committee confirms the hours its volunteers report; the last week's still wait (待确认) in the console.
      if (week < 3) {
        await client.command(`/volunteers/${volunteer.id}/hours/${logged.entryId}/confirm`, undefined, need.community.committee, `${key}:hours:${week}:confirm`);
      }
    });
  }
};

export const planNeeds = (context: DemoContext): Record<StoryNeedName, DemoNeed> => {
  const { agenda, client, world, scale } = context;
  const random = context.random.fork('needs');

  const story = {} as Record<StoryNeedName, DemoNeed>;
  for (const [index, [name, spec]] of Object.entries(STORY_NEEDS).entries()) {
    const community = world.communities.filter((candidate) => candidate.street.code === spec.street)[spec.community]!;
    const need = newNeed(community, spec.category, NEED_TEMPLATES[spec.category][spec.template]!);
    story[name as StoryNeedName] = need;
    world.needs.push(need);
    scheduleNeed(context, need, `demo:need:story:${name}`, {
      day: 1 + (index % 6),
      hour: 10,
      urgency: spec.urgency,
      verifyAfterDays: 1 + (index % 2),
      random: random.fork(name),
    });
  }

  const crowd = Math.max(0, Math.round(150 * scale) - world.needs.length);
  for (let index = 0; index < crowd; index++) {
    const community = random.pick(world.communities);
    const category = random.weighted(NEED_CATEGORY_WEIGHTS);
    const need = newNeed(community, category, random.pick(NEED_TEMPLATES[category]));
    world.needs.push(need);
    scheduleNeed(context, need, `demo:need:${index}`, {
      day: random.int(0, 34),
      hour: random.pick([10, 15]),
      urgency: random.weighted(URGENCY_WEIGHTS),
      verifyAfterDays: random.chance(0.75) ? random.int(1, 3) : null,
      random: random.fork(`need-${index}`),
    });
  }

  // A household moved away, a need listed twice: withdrawn with a reason.
  const withdrawals = random.sample(
    world.needs.filter((need) => !Object.values(story).includes(need)),
    Math.max(1, Math.round(2 * scale)),
  );
  for (const [index, need] of withdrawals.entries()) {
    agenda.at(38, 11, async () => {
      if (!need.open || need.coveredBy.length > 0 || need.matchedFen > 0 || need.volunteers > 0) return;
      const reason = index % 2 === 0 ? '服务对象已搬离本社区' : '与已登记需求重复';
      await client.command(`/needs/${need.id}/withdraw`, { reason }, need.community.committee, `demo:need:withdraw:${index}`);
      need.open = false;
    });
  }

  // The story's meal need gets a volunteer besides its donation (two resources matched to one need),
  // the day before the committees' weekly round.
  agenda.at(8, 10, async () => {
    const volunteer = volunteerFor(story.zhonghuaMeals, world.volunteers);
    if (volunteer) assignVolunteerToNeed(context, story.zhonghuaMeals, volunteer, 8, 'demo:need-volunteer:story');
  });
  // Every Wednesday the committees find volunteers for verified needs that take weekly hours.
  for (let week = 1; week <= 6; week++) {
    const day = 7 * week + 2;
    agenda.at(day, 9.5, async () => {
      const waiting = world.needs.filter((need) => need.open && need.verified && need.template.hoursPerWeek && need.volunteers === 0);
      for (const [index, need] of waiting.entries()) {
        if (!random.fork(`assign-${week}-${index}`).chance(0.5)) continue;
        const volunteer = volunteerFor(need, world.volunteers);
        if (volunteer) assignVolunteerToNeed(context, need, volunteer, day, `demo:need-volunteer:${week}:${index}`);
      }
    });
  }
  return story;
};
