/**
 * Charitable resources (seed 000's 项目对接平台): donors pledge money, goods and venue time, some
 * earmarked by category or area (rule 12); the charity base matches them to needs and projects,
 * disburses and receipts them; needs whose money arrived are fulfilled.
 */
import { type Area, earmarkAllows, type ServiceCategory } from '#domain';
import { addDays } from './calendar.js';
import type { DemoActor } from './demo-client.js';
import { CITY, DISTRICT } from './district-data.js';
import { mobilePhone, person } from './people.js';
import type { StoryNeedName } from './plan-needs.js';
import type { DemoCommunity, DemoContext, DemoDonation, DemoNeed, DemoProject } from './world.js';

interface PledgeSpec {
  donor: { kind: string; name: string };
  role: 'donor' | 'charity_base' | 'resident';
  resource: DemoDonation['resource'];
  amountFen: number;
  description?: string;
  earmark?: { category?: ServiceCategory; district?: string; street?: string; community?: string };
  street: string;
  expiresInDays?: number;
  autoMatch?: { categories: ServiceCategory[]; maxPerNeedFen: number };
}

/** The named donors of the district; residents are added by scale. */
const PLEDGES = {
  luDaoTech: { donor: { kind: 'enterprise', name: '厦门鹭岛科技有限公司' }, role: 'donor', resource: 'money', amountFen: 20_000_000, street: 'zhonghua' },
  haixiaFood: {
    donor: { kind: 'enterprise', name: '厦门海峡食品有限公司' }, role: 'donor', resource: 'goods', amountFen: 6_000_000,
    description: '大米 300 袋、食用油 150 桶 (按市价折算)', earmark: { category: 'elderly_care' }, street: 'xiagang',
  },
  jiaheConstruction: {
    donor: { kind: 'enterprise', name: '厦门嘉禾建设集团有限公司' }, role: 'donor', resource: 'money', amountFen: 30_000_000,
    earmark: { category: 'elderly_care', district: DISTRICT }, street: 'xiagang',
  },
  yundangHotel: {
    donor: { kind: 'enterprise', name: '厦门筼筜湖酒店管理有限公司' }, role: 'donor', resource: 'venue_time', amountFen: 2_400_000,
    description: '酒店多功能厅每月 8 小时, 供社区文体活动使用', earmark: { category: 'culture_sports' }, street: 'zhonghua',
  },
  bailuPharmacy: {
    donor: { kind: 'enterprise', name: '厦门白鹭医药连锁有限公司' }, role: 'donor', resource: 'goods', amountFen: 1_500_000,
    description: '电子血压计 50 台及常用药品', earmark: { category: 'health' }, street: 'zhonghua', expiresInDays: 365,
  },
  zhongshanRetail: {
    donor: { kind: 'enterprise', name: '厦门中山路商业管理有限公司' }, role: 'donor', resource: 'money', amountFen: 10_000_000,
    earmark: { category: 'child_welfare' }, street: 'zhonghua',
  },
  zhonghuaFoundation: {
    donor: { kind: 'community_foundation', name: '思明区中华街道社区基金会' }, role: 'donor', resource: 'money', amountFen: 8_000_000,
    earmark: { street: 'zhonghua' }, street: 'zhonghua',
  },
  xiagangFoundation: {
    donor: { kind: 'community_foundation', name: '思明区厦港社区发展基金会' }, role: 'donor', resource: 'money', amountFen: 6_000_000,
    earmark: { street: 'xiagang' }, street: 'xiagang',
  },
  charityBase: {
    donor: { kind: 'charity_base', name: '思明区慈善基地' }, role: 'charity_base', resource: 'money', amountFen: 40_000_000,
    earmark: { district: DISTRICT, street: 'zhonghua' }, street: 'zhonghua',
  },
  charityFederation: {
    donor: { kind: 'charity_federation', name: '思明区慈善总会' }, role: 'charity_base', resource: 'money', amountFen: 50_000_000,
    earmark: { category: 'social_assistance', district: DISTRICT }, street: 'xiagang',
  },
  // Consents to matching by the engine: the projector's auto-match spends it, the demo never does.
  alumni: {
    donor: { kind: 'other', name: '厦门大学校友爱心会' }, role: 'donor', resource: 'money', amountFen: 5_000_000, street: 'xiagang', expiresInDays: 365,
    autoMatch: { categories: ['elderly_care', 'social_assistance'], maxPerNeedFen: 300_000 },
  },
} as const satisfies Record<string, PledgeSpec>;
export type NamedDonation = keyof typeof PLEDGES;

const areaOfNeed = (need: DemoNeed): Area => ({ city: CITY, district: DISTRICT, street: need.community.street.code, community: need.community.code });

/** Matches `amountFen` of a donation to a need (the policy records it on the need) or a project; disburses it later. */
const scheduleMatch = (
  context: DemoContext,
  donation: DemoDonation,
  target: { kind: 'need'; need: DemoNeed } | { kind: 'project'; project: DemoProject },
  amountFen: number,
  day: number,
  key: string,
): void => {
  const { agenda, client } = context;
  const matchId = key.replaceAll(':', '-');
  donation.balanceFen -= amountFen;
  const match = { matchId, amountFen, disbursedFen: 0 };
  donation.matches.push(match);
  if (target.kind === 'need') target.need.matchedFen += amountFen;
  agenda.at(day, 10, async () => {
    const id = target.kind === 'need' ? target.need.id : target.project.id;
    await client.command(`/donations/${donation.id}/match`, { matchId, target: { kind: target.kind, id }, amountFen }, donation.actor, key);
  });
  // Money goes out ten days later; goods and venue time are handed over as they are used.
  agenda.at(day + 10, 10, async () => {
    await client.command(`/donations/${donation.id}/disburse`, { matchId, amountFen }, donation.actor, `${key}:disburse`);
    match.disbursedFen = amountFen;
    if (target.kind === 'need' && target.need.open && donation.resource === 'money' && target.need.template.amountFen) {
      agenda.at(day + 14, 15, async () => {
        if (!target.need.open) return;
        await client.command(`/needs/${target.need.id}/fulfil`, { note: '救助资金已发放, 社工回访确认' }, target.need.community.committee, `${key}:fulfil`);
        target.need.open = false;
      });
    }
  });
};

export const planCharity = (
  context: DemoContext,
  story: Record<StoryNeedName, DemoNeed>,
  projects: () => { streetStation: DemoProject; generalStation: DemoProject; meals: DemoProject; summer: DemoProject },
): void => {
  const { agenda, client, world, scale } = context;
  const random = context.random.fork('charity');
  const communityIn = (street: string): DemoCommunity => world.communities.find((community) => community.street.code === street)!;

  // Days 1-3: pledges.
  const named = {} as Record<NamedDonation, DemoDonation>;
  const pledge = (spec: PledgeSpec, key: string, day: number, actor: DemoActor, community: DemoCommunity, contact: Record<string, string> | undefined) => {
    const donation: DemoDonation = {
      id: '',
      donor: spec.donor.name,
      actor,
      resource: spec.resource,
      amountFen: spec.amountFen,
      balanceFen: spec.amountFen,
      earmark: spec.earmark ?? null,
      autoMatch: spec.autoMatch !== undefined,
      matches: [],
    };
    world.donations.push(donation);
    const body = {
      donor: { kind: spec.donor.kind, ...(spec.role === 'resident' ? {} : { displayName: spec.donor.name }), ...(contact ? { person: contact } : {}) },
      resource: spec.resource,
      amountFen: spec.amountFen,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.earmark ? { earmark: spec.earmark } : {}),
      communityId: community.code,
      ...(spec.expiresInDays ? { expiresOn: addDays(agenda.startsOn, spec.expiresInDays) } : {}),
      ...(spec.autoMatch ? { autoMatch: spec.autoMatch } : {}),
    };
    agenda.at(day, 11, async () => {
      donation.id = (await client.command('/donations', body, actor, key)).id;
    });
    return donation;
  };
  for (const [index, [name, spec]] of Object.entries(PLEDGES).entries()) {
    const contact = { name: person(random, 1975).name, phone: mobilePhone(random) };
    named[name as NamedDonation] = pledge(spec, `demo:donation:${name}`, 1 + (index % 3), { id: `donor-${name}`, role: spec.role }, communityIn(spec.street), contact);
  }
  // Residents give anonymously (匿名); who they are goes only to the vault, for the receipt.
  const residents = Math.max(1, Math.round(4 * scale));
  for (let index = 0; index < residents; index++) {
    const community = random.pick(world.communities);
    const spec: PledgeSpec = {
      donor: { kind: 'resident', name: '匿名' },
      role: 'resident',
      resource: 'money',
      amountFen: random.int(2, 20) * 10_000,
      ...(index % 2 === 0 ? { earmark: { community: community.code } } : {}),
      street: community.street.code,
    };
    const who = person(random, random.int(1950, 1995));
    pledge(spec, `demo:donation:resident:${index}`, 2 + (index % 2), { id: `resident-donor-${index}`, role: 'resident' }, community, { name: who.name, phone: who.phone });
  }

  // Days 9-11: the story's urgent money needs get matched as soon as they are verified.
  agenda.at(9, 9, async () => {
    scheduleMatch(context, named.charityFederation, { kind: 'need', need: story.zhonghuaAssistance }, 300_000, 9, 'demo:match:story:assistance');
    scheduleMatch(context, named.zhonghuaFoundation, { kind: 'need', need: story.zhonghuaMeals }, 120_000, 9, 'demo:match:story:meals');
    scheduleMatch(context, named.charityFederation, { kind: 'need', need: story.shapoweiMedicalBills }, 800_000, 10, 'demo:match:story:medical');
    scheduleMatch(context, named.luDaoTech, { kind: 'need', need: story.zhonghuaHomeCare }, 360_000, 11, 'demo:match:story:home-care');
  });

  // Day 26: once contracted, the projects get charity money towards their cost; one match is
  // refused on purpose: goods earmarked for elderly care cannot go to a homework need (rule 12).
  agenda.at(26, 9, async () => {
    const { streetStation, generalStation, meals, summer } = projects();
    scheduleMatch(context, named.charityBase, { kind: 'project', project: streetStation }, 20_000_000, 26, 'demo:match:project:street-station');
    scheduleMatch(context, named.luDaoTech, { kind: 'project', project: generalStation }, 5_000_000, 26, 'demo:match:project:general-station');
    scheduleMatch(context, named.jiaheConstruction, { kind: 'project', project: meals }, 15_000_000, 26, 'demo:match:project:meals');
    scheduleMatch(context, named.zhongshanRetail, { kind: 'project', project: summer }, 5_000_000, 27, 'demo:match:project:summer');
    scheduleMatch(context, named.haixiaFood, { kind: 'need', need: story.shapoweiMeals }, 1_000_000, 27, 'demo:match:story:rice');
  });
  agenda.at(26, 11, async () => {
    await client.refusal(
      'goods earmarked for elderly care matched to a homework need',
      `/donations/${named.haixiaFood.id}/match`,
      { matchId: 'demo-match-refused-earmark', target: { kind: 'need', id: story.daxueluHomework.id }, amountFen: 500_000 },
      named.haixiaFood.actor,
      'demo:match:refused:earmark',
      { code: 'EARMARK_MISMATCH' },
    );
  });

  // Every Tuesday from week 2: the charity base matches verified money needs to donations the
  // earmark allows (rule 12), never beyond a donation's balance.
  for (let week = 2; week <= 8; week++) {
    const day = 7 * week + 1;
    agenda.at(day, 9.5, async () => {
      const waiting = world.needs.filter((need) => need.open && need.verified && need.template.amountFen && need.matchedFen === 0);
      for (const [index, need] of waiting.entries()) {
        if (!random.fork(`match-${week}-${index}`).chance(0.7)) continue;
        const amountFen = need.template.amountFen!;
        const donation = world.donations.find(
          (candidate) => candidate.resource === 'money' && !candidate.autoMatch && candidate.balanceFen >= amountFen && earmarkAllows(candidate.earmark, { kind: 'need', category: need.category, area: areaOfNeed(need) }),
        );
        if (donation) scheduleMatch(context, donation, { kind: 'need', need }, amountFen, day, `demo:match:${week}:${index}`);
      }
    });
  }

  // Day 75: receipts (公益事业捐赠票据) for every donation that has disbursed something, issued by the
  // district's charity federation (慈善总会), the charitable organisation that receives them.
  agenda.at(75, 14, async () => {
    const receipted = world.donations.filter((donation) => donation.matches.some((match) => match.disbursedFen > 0));
    for (const [index, donation] of receipted.entries()) {
      agenda.at(75, 15, async () => {
        await client.command(`/donations/${donation.id}/receipt`, { receiptNumber: `SMCS${agenda.startsOn.slice(0, 4)}${String(index + 1).padStart(5, '0')}` }, named.charityFederation.actor, `demo:receipt:${world.donations.indexOf(donation)}`);
      });
    }
  });
};
