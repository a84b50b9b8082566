/**
 * Government purchase of services (政府购买服务, seed 004): the 中华街道 social-work station, the
 * district's general station, and service projects, each designed for listed needs, published,
 * bid on, contracted, staffed and delivered week after week, with monthly briefs and ratings.
 */
import { addWorkingDays, NO_HOLIDAYS, type ServiceCategory } from '#domain';
import { chinaInstant, weekdayOf } from './calendar.js';
import type { DemoActor } from './demo-client.js';
import { CITY, DISTRICT } from './district-data.js';
import type { StoryNeedName } from './plan-needs.js';
import type { DemoCommunity, DemoContext, DemoNeed, DemoOrganisation, DemoProject, DemoSocialWorker } from './world.js';

interface ContractTerms {
  content: string;
  termMonths: number;
  quantity: string;
  quality: string;
  priceFen: number;
  settlementMethod: string;
}

interface DeliveryPlan {
  /** ISO weekdays the staff log services. */
  weekdays: number[];
  /** Every staff member logs each of those days, or one of them in turn. */
  everyStaff: boolean;
  hours: readonly number[];
  volunteersPerDelivery: number;
  /** Staff away (leave, training): no logs on these days, so their week falls short of rule 2. */
  absence?: { staff: number; fromDay: number; toDay: number };
}

interface PurchasePlan {
  key: string;
  title: string;
  kind: DemoProject['kind'];
  stationLevel?: 'street' | 'general';
  street?: string;
  community?: string;
  categories: ServiceCategory[];
  items: { name: string; category: ServiceCategory }[];
  needs: () => DemoNeed[];
  budgetFen: number;
  months: number;
  requirements: string;
  designDay: number;
  /** Bids are taken until 17:00 that day. */
  deadlineDay: number;
  minimumGrade?: number;
  bids: { organisation: DemoOrganisation; priceFen: number; day: number }[];
  refusedBids?: { organisation: DemoOrganisation; day: number; code: string; what: string }[];
  /** Announced the morning bidding closes; signed the first day after the standstill (质疑期). */
  award?: { to: DemoOrganisation; refusedFirst?: { to: DemoOrganisation; code: string; what: string }; terms: Omit<ContractTerms, 'priceFen'> };
  staffHoursPerWeek?: number;
  volunteers?: number;
  delivery?: DeliveryPlan;
  /** Mid-term and final report days, then completion (a short project). */
  completion?: { midTermDay: number; finalDay: number };
  /** The last day anything is delivered or reported. */
  untilDay: number;
}

const SETTLEMENT = '按季度拨付服务经费, 年度考核合格后结算尾款';
const COMMENTS_GOOD = ['社工很耐心, 服务很周到', '志愿者准时上门, 老人很满意', '活动组织得好, 孩子们很喜欢', '解决了我们家的实际困难'];
const COMMENTS_BAD = ['预约后等了很久才上门', '活动通知太晚, 没赶上'];

export interface DemoProjects {
  streetStation: DemoProject;
  generalStation: DemoProject;
  meals: DemoProject;
  summer: DemoProject;
  all: DemoProject[];
}

export const planProjects = (context: DemoContext, story: Record<StoryNeedName, DemoNeed>): DemoProjects => {
  const { world, cast } = context;
  const inStreet = (street: string) => world.communities.filter((community) => community.street.code === street);
  const hasStreet = (street: string) => inStreet(street).length > 0;
  const openNeeds = (filter: (need: DemoNeed) => boolean, first: DemoNeed[], limit: number) => {
    const rest = world.needs.filter((need) => need.open && need.verified && need.id !== '' && !first.includes(need) && filter(need));
    return [...first.filter((need) => need.open), ...rest].slice(0, limit);
  };
  const staffOf = (organisation: DemoOrganisation, count: number) => world.socialWorkers.filter((worker) => worker.employer === organisation).slice(0, count);
  const stationCategories: ServiceCategory[] = ['elderly_care', 'child_welfare', 'social_assistance', 'mental_health', 'community_governance'];
  const generalCategories: ServiceCategory[] = ['social_assistance', 'mental_health', 'family_support', 'disability_support'];
  const lastDay = 81;

  const plans: PurchasePlan[] = [
    {
      key: 'street-station',
      title: '中华街道社会工作服务站',
      kind: 'social_work_station',
      stationLevel: 'street',
      street: 'zhonghua',
      categories: stationCategories,
      items: [
        { name: '困难群众帮扶', category: 'social_assistance' },
        { name: '老年人关爱服务', category: 'elderly_care' },
        { name: '困境儿童关爱', category: 'child_welfare' },
        { name: '心理疏导与精神慰藉', category: 'mental_health' },
        { name: '社区议事协商', category: 'community_governance' },
      ],
      needs: () =>
        openNeeds(
          (need) => need.community.street.code === 'zhonghua' && stationCategories.includes(need.category),
          [story.zhonghuaMeals, story.zhonghuaChildren, story.zhonghuaGrief, story.zhonghuaAssistance, story.zhonghuaHomeCare, story.zhonghuaNoise],
          12,
        ),
      budgetFen: 150_000_000,
      months: 36,
      requirements: '驻站社工不少于 3 名, 其中持证或社会工作专业毕业不少于三分之二; 驻站人员在社区服务时间每周不少于 24 小时; 签约后 1 个月内到岗',
      // Early: the award's standstill (质疑期) runs in weeks 2-3 and the station serves from week 4, long enough for two monthly briefs.
      designDay: 8,
      deadlineDay: 10,
      bids: [
        { organisation: cast.streetStationAgency, priceFen: 142_000_000, day: 9 },
        { organisation: cast.runnerUpAgency, priceFen: 146_500_000, day: 10 },
      ],
      refusedBids: [{ organisation: cast.massOrganisation, day: 10, code: 'BIDDER_NOT_ELIGIBLE', what: 'a budget-funded mass organisation bids on the street station (rule 7)' }],
      award: {
        to: cast.streetStationAgency,
        terms: {
          content: '街道社工站驻站服务: 困难群众帮扶、老年人与困境儿童关爱、心理疏导、社区治理',
          termMonths: 36,
          quantity: '4 名社工驻站, 每人每周在社区服务不少于 24 小时, 每月服务不少于 300 人次',
          quality: '服务对象满意度不低于 90%, 按月报送工作简报, 接受中期和年度评估',
          settlementMethod: SETTLEMENT,
        },
      },
      staffHoursPerWeek: 30,
      volunteers: 6,
      delivery: { weekdays: [1, 2, 3, 4, 5], everyStaff: true, hours: [5, 5.5, 6, 6.5], volunteersPerDelivery: 1, absence: { staff: 3, fromDay: 58, toDay: 62 } },
      untilDay: lastDay,
    },
    {
      key: 'general-station',
      title: '思明区社会工作服务总站',
      kind: 'social_work_station',
      stationLevel: 'general',
      categories: generalCategories,
      items: [
        { name: '全区社工站督导培训', category: 'social_assistance' },
        { name: '重点人群心理援助', category: 'mental_health' },
        { name: '困难家庭个案管理', category: 'family_support' },
        { name: '残疾人社会融入', category: 'disability_support' },
      ],
      needs: () =>
        openNeeds(
          (need) => need.community.street.code !== 'zhonghua' && generalCategories.includes(need.category),
          [story.daxueluRehabilitation, story.daxueluSingleParent],
          8,
        ),
      budgetFen: 300_000_000,
      months: 36,
      requirements: '总站统筹全区社工站运营、督导与培训; 驻站社工 3 名以上且三分之二持证',
      designDay: 14,
      // After the street station is signed: its rule-5 refusal needs the station held.
      deadlineDay: 23,
      minimumGrade: 3,
      bids: [
        { organisation: cast.streetStationAgency, priceFen: 288_000_000, day: 15 },
        { organisation: cast.generalStationAgency, priceFen: 279_000_000, day: 16 },
      ],
      refusedBids: [
        { organisation: cast.failingOrganisation, day: 17, code: 'ORGANISATION_NOT_IN_GOOD_STANDING', what: 'an organisation that failed its annual inspection bids (rule 11)' },
      ],
      award: {
        to: cast.generalStationAgency,
        refusedFirst: { to: cast.streetStationAgency, code: 'STATION_LEVELS_CONFLICT', what: "the general station awarded to the street station's contractor (rule 5)" },
        terms: {
          content: '区社工总站运营: 全区社工站督导培训、重点人群心理援助、困难家庭个案管理',
          termMonths: 36,
          quantity: '3 名社工驻站, 每月督导各街道社工站不少于 2 次',
          quality: '年度绩效评估合格以上, 服务对象满意度不低于 90%',
          settlementMethod: SETTLEMENT,
        },
      },
      staffHoursPerWeek: 30,
      delivery: { weekdays: [1, 3, 5], everyStaff: true, hours: [7, 7.5, 8], volunteersPerDelivery: 0 },
      untilDay: lastDay,
    },
    {
      key: 'meals',
      title: '沙坡尾社区长者助餐服务项目',
      kind: 'service_project',
      street: 'xiagang',
      community: inStreet('xiagang')[0]!.code,
      categories: ['elderly_care'],
      items: [
        { name: '长者助餐配送', category: 'elderly_care' },
        { name: '上门理发', category: 'elderly_care' },
      ],
      needs: () => openNeeds((need) => need.community === inStreet('xiagang')[0] && need.category === 'elderly_care', [story.shapoweiMeals, story.shapoweiHaircuts, story.shapoweiVisits], 8),
      budgetFen: 36_000_000,
      months: 12,
      requirements: '为社区独居、高龄老人提供每日午餐配送; 每月上门理发一次',
      designDay: 15,
      deadlineDay: 18,
      bids: [
        { organisation: cast.careEnterprise, priceFen: 33_600_000, day: 16 },
        { organisation: world.organisations.filter((organisation) => organisation.role === 'agency')[4]!, priceFen: 35_000_000, day: 17 },
      ],
      award: {
        to: cast.careEnterprise,
        terms: {
          content: '沙坡尾社区长者助餐配送及上门理发',
          termMonths: 12,
          quantity: '每个工作日配送午餐不少于 20 份',
          quality: '配送准时率不低于 95%, 餐食符合食品安全标准',
          settlementMethod: '按月结算',
        },
      },
      staffHoursPerWeek: 10,
      volunteers: 2,
      delivery: { weekdays: [1, 2, 3, 4, 5], everyStaff: false, hours: [2, 2.5, 3], volunteersPerDelivery: 1 },
      untilDay: lastDay,
    },
    {
      key: 'summer',
      title: '厦港街道暑期儿童安全教育项目',
      kind: 'service_project',
      street: 'xiagang',
      categories: ['child_welfare', 'education'],
      items: [
        { name: '防溺水安全课堂', category: 'child_welfare' },
        { name: '课业辅导', category: 'education' },
      ],
      needs: () => openNeeds((need) => need.community.street.code === 'xiagang' && ['child_welfare', 'education'].includes(need.category), [story.daxueluSummerSafety, story.daxueluHomework], 6),
      budgetFen: 8_000_000,
      months: 2,
      requirements: '两个月内开展安全教育课堂不少于 12 场',
      designDay: 15,
      deadlineDay: 19,
      bids: [
        { organisation: cast.projectAgency, priceFen: 7_600_000, day: 16 },
        { organisation: cast.runnerUpAgency, priceFen: 7_900_000, day: 18 },
      ],
      award: {
        to: cast.projectAgency,
        terms: {
          content: '暑期儿童防溺水安全教育及课业辅导',
          termMonths: 2,
          quantity: '安全课堂 12 场, 课业辅导每周 2 次',
          quality: '参与儿童及家长满意度不低于 90%',
          settlementMethod: '项目结束验收后一次性结算',
        },
      },
      staffHoursPerWeek: 8,
      volunteers: 2,
      delivery: { weekdays: [2, 4], everyStaff: false, hours: [2, 3], volunteersPerDelivery: 2 },
      completion: { midTermDay: 52, finalDay: 79 },
      untilDay: 78,
    },
    ...(hasStreet('lujiang')
      ? [
          {
            key: 'after-school',
            title: '鹭江街道困境儿童四点半课堂',
            kind: 'service_project',
            street: 'lujiang',
            categories: ['child_welfare', 'education'],
            items: [
              { name: '四点半课堂', category: 'education' },
              { name: '困境儿童探访', category: 'child_welfare' },
            ],
            needs: () => openNeeds((need) => need.community.street.code === 'lujiang' && ['child_welfare', 'education'].includes(need.category), [], 6),
            budgetFen: 24_000_000,
            months: 12,
            requirements: '工作日放学后为困境儿童提供课业辅导与陪伴',
            designDay: 16,
            deadlineDay: 18,
            bids: [{ organisation: cast.runnerUpAgency, priceFen: 23_000_000, day: 17 }],
            award: {
              to: cast.runnerUpAgency,
              terms: { content: '四点半课堂及困境儿童探访', termMonths: 12, quantity: '每周 3 次课堂', quality: '家长满意度不低于 90%', settlementMethod: '按季度结算' },
            },
            staffHoursPerWeek: 10,
            volunteers: 3,
            delivery: { weekdays: [1, 3, 5], everyStaff: false, hours: [2], volunteersPerDelivery: 2 },
            untilDay: lastDay,
          } satisfies PurchasePlan,
        ]
      : []),
    ...(hasStreet('kaiyuan')
      ? [
          {
            key: 'counselling',
            title: '开元社区心理健康进社区项目',
            kind: 'service_project',
            street: 'kaiyuan',
            community: inStreet('kaiyuan')[0]!.code,
            categories: ['mental_health'],
            items: [{ name: '心理咨询与团体辅导', category: 'mental_health' }],
            needs: () => openNeeds((need) => need.community === inStreet('kaiyuan')[0] && need.category === 'mental_health', [], 6),
            budgetFen: 18_000_000,
            months: 12,
            requirements: '每周开展心理咨询与团体辅导',
            designDay: 16,
            deadlineDay: 19,
            bids: [{ organisation: cast.counsellingAgency, priceFen: 17_200_000, day: 18 }],
            award: {
              to: cast.counsellingAgency,
              terms: { content: '社区心理咨询与团体辅导', termMonths: 12, quantity: '每周 1 次', quality: '满意度不低于 90%', settlementMethod: '按季度结算' },
            },
            staffHoursPerWeek: 6,
            delivery: { weekdays: [3], everyStaff: false, hours: [3], volunteersPerDelivery: 0 },
            untilDay: lastDay,
          } satisfies PurchasePlan,
        ]
      : []),
    {
      // Still open for bids when the demo ends: its deadline lies ahead of today.
      key: 'ageing-in-place',
      title: '中华街道适老化改造服务项目',
      kind: 'service_project',
      street: 'zhonghua',
      categories: ['elderly_care'],
      items: [{ name: '居家适老化改造', category: 'elderly_care' }],
      needs: () => openNeeds((need) => need.community.street.code === 'zhonghua' && need.category === 'elderly_care' && need.template.amountFen !== undefined, [], 6),
      budgetFen: 50_000_000,
      months: 12,
      requirements: '为高龄、失能老人家庭加装扶手、防滑地面等',
      designDay: 78,
      deadlineDay: 105,
      bids: [{ organisation: cast.careEnterprise, priceFen: 47_000_000, day: 80 }],
      untilDay: lastDay,
    },
    {
      // Designed, not yet published.
      key: 'culture',
      title: '厦港街道社区文体活动项目',
      kind: 'service_project',
      street: 'xiagang',
      categories: ['culture_sports'],
      items: [{ name: '社区合唱与广场舞培训', category: 'culture_sports' }],
      needs: () => openNeeds((need) => need.community.street.code === 'xiagang' && need.category === 'culture_sports', [], 4),
      budgetFen: 6_000_000,
      months: 12,
      requirements: '每月组织社区文体活动不少于 4 场',
      designDay: 80,
      deadlineDay: -1,
      bids: [],
      untilDay: lastDay,
    },
  ];

  const projects = plans.map((plan) => planPurchase(context, plan, inStreet, staffOf));
  const byKey = (key: string) => projects.find((project) => project.key === key)!;
  return { streetStation: byKey('street-station'), generalStation: byKey('general-station'), meals: byKey('meals'), summer: byKey('summer'), all: projects };
};

const planPurchase = (
  context: DemoContext,
  plan: PurchasePlan,
  inStreet: (street: string) => DemoCommunity[],
  staffOf: (organisation: DemoOrganisation, count: number) => DemoSocialWorker[],
): DemoProject => {
  const { agenda, client, bureau, world } = context;
  const key = `demo:project:${plan.key}`;
  const communities = plan.community
    ? world.communities.filter((community) => community.code === plan.community)
    : plan.street
      ? inStreet(plan.street)
      : world.communities;
  const project: DemoProject = {
    key: plan.key,
    id: '',
    title: plan.title,
    kind: plan.kind,
    categories: plan.categories,
    communities,
    contractor: null,
    staff: [],
    volunteers: [],
    deliveries: [],
    needs: [],
  };
  world.projects.push(project);
  const bidIds = new Map<DemoOrganisation, string>();

  agenda.at(plan.designDay, 10, async () => {
    project.needs = plan.needs();
    const answer = await client.command(
      '/projects',
      {
        title: plan.title,
        area: { city: CITY, district: DISTRICT, ...(plan.street ? { street: plan.street } : {}), ...(plan.community ? { community: plan.community } : {}) },
        kind: plan.kind,
        ...(plan.stationLevel ? { stationLevel: plan.stationLevel } : {}),
        categories: plan.categories,
        needIds: project.needs.map((need) => need.id),
        budgetFen: plan.budgetFen,
        period: { start: agenda.date(plan.deadlineDay > 0 ? plan.deadlineDay + 10 : plan.designDay + 30), months: plan.months },
        requirements: plan.requirements,
        serviceItems: plan.items,
      },
      bureau,
      `${key}:design`,
    );
    project.id = answer.id;
    // The project-covers-needs policy records the cover on each need.
    for (const need of project.needs) need.coveredBy.push(project.id);
  });
  if (plan.deadlineDay < 0) return project;

  agenda.at(plan.designDay, 14, async () => {
    await client.command(
      `/projects/${project.id}/publish`,
      {
        deadline: chinaInstant(agenda.date(plan.deadlineDay), 17).toISOString(),
        eligibility: { description: '依法登记的社会组织或企业, 上年度年检合格; 财政供养的群团组织不参与承接', minimumGrade: plan.minimumGrade ?? 0 },
      },
      bureau,
      `${key}:publish`,
    );
  });
  for (const bid of plan.bids) {
    agenda.at(bid.day, 10, async () => {
      const answer = await client.command(
        `/projects/${project.id}/bids`,
        { organisationId: bid.organisation.id, priceFen: bid.priceFen, proposal: `${bid.organisation.name}关于"${plan.title}"的服务方案: 团队配置、服务计划与质量保障` },
        bid.organisation.actor,
        `${key}:bid:${bid.organisation.actor.id}`,
      );
      bidIds.set(bid.organisation, answer.bidId!);
    });
  }
  for (const refused of plan.refusedBids ?? []) {
    agenda.at(refused.day, 11, async () => {
      await client.refusal(
        refused.what,
        `/projects/${project.id}/bids`,
        { organisationId: refused.organisation.id, priceFen: Math.round(plan.budgetFen * 0.9), proposal: `${refused.organisation.name}的服务方案` },
        refused.organisation.actor,
        `${key}:bid:${refused.organisation.actor.id}`,
        // On a re-run the bidding is long closed and the request meets that first.
        { code: refused.code, onRerun: 'BIDDING_CLOSED' },
      );
    });
  }
  const award = plan.award;
  if (!award) return project;

  agenda.at(plan.deadlineDay + 1, 9, async () => {
    await client.command(`/projects/${project.id}/close-bidding`, undefined, bureau, `${key}:close-bidding`);
  });
  const terms = (to: DemoOrganisation) => ({ ...award.terms, priceFen: plan.bids.find((bid) => bid.organisation === to)!.priceFen });
  // 中标公示 the morning bidding closes; a refusal shown first runs after the other awards of the day, which it may depend on (rule 5).
  const announceDay = plan.deadlineDay + 1;
  const announceHour = award.refusedFirst ? 11.5 : 10;
  if (award.refusedFirst) {
    const { to, code, what } = award.refusedFirst;
    agenda.at(announceDay, 11, async () => {
      // On a re-run the award already went to the other bidder: its own state answers first.
      await client.refusal(what, `/projects/${project.id}/award`, { bidId: bidIds.get(to) }, bureau, `${key}:award:refused`, { code, onRerun: 'AWARD_ALREADY_ANNOUNCED' });
    });
  }
  agenda.at(announceDay, announceHour, async () => {
    await client.command(`/projects/${project.id}/award`, { bidId: bidIds.get(award.to) }, bureau, `${key}:award`);
  });
  const signedDay = firstDayAfterStandstill(agenda, announceDay);
  agenda.at(signedDay, 10, async () => {
    await client.command(`/projects/${project.id}/contract`, { bidId: bidIds.get(award.to), contract: terms(award.to) }, bureau, `${key}:contract`);
    project.contractor = award.to;
  });

  // The next day the contractor assigns its own social workers (rule 6) and takes on volunteers;
  // the day after, the bureau confirms them on post (rule 3; rule 1 for a station).
  const staff = staffOf(award.to, plan.kind === 'social_work_station' ? 4 : 2);
  agenda.at(signedDay + 1, 10, async () => {
    for (const worker of staff) {
      await client.command(
        `/projects/${project.id}/staff`,
        { socialWorkerId: worker.id, hoursPerWeek: plan.staffHoursPerWeek ?? 10 },
        award.to.actor,
        `${key}:staff:${worker.actor.id}`,
      );
      project.staff.push(worker);
    }
  });
  agenda.at(signedDay + 1, 14, async () => {
    // Chosen before the first await: projects staffed at the same moment never book the same hours.
    const chosen = world.volunteers
      .filter((volunteer) => communities.includes(volunteer.community) && volunteer.hoursPerWeek - volunteer.assignedHours >= 2)
      .slice(0, plan.volunteers ?? 0)
      .map((volunteer, index) => {
        volunteer.assignedHours += 2;
        const assignment = { volunteer, assignmentId: `${plan.key}-volunteer-${index}`, assignedDay: signedDay + 1 };
        project.volunteers.push(assignment);
        return assignment;
      });
    for (const [index, { volunteer, assignmentId }] of chosen.entries()) {
      await client.command(`/volunteers/${volunteer.id}/assign`, { assignmentId, target: { kind: 'project', id: project.id }, hoursPerWeek: 2 }, award.to.actor, `${key}:volunteer:${index}`);
    }
  });
  agenda.at(signedDay + 2, 10, async () => {
    await client.command(`/projects/${project.id}/staff-on-post`, undefined, bureau, `${key}:staff-on-post`);
  });

  if (plan.delivery) planDeliveries(context, plan, plan.delivery, project, signedDay + 2, key);
  planReports(context, plan, project, signedDay, key);
  return project;
};

/**
 * The first day a contract may be signed: after the award's standstill of PURCHASE_STANDSTILL_WORKING_DAYS
 * Beijing working days. The demo runs on the service's default settings (7 days, no holidays configured).
 */
const DEMO_STANDSTILL_WORKING_DAYS = 7;
const firstDayAfterStandstill = (agenda: DemoContext['agenda'], announceDay: number): number => {
  const lastDay = addWorkingDays(agenda.date(announceDay), DEMO_STANDSTILL_WORKING_DAYS, NO_HOLIDAYS);
  let day = announceDay + 1;
  while (agenda.date(day) <= lastDay) day += 1;
  return day;
};

const planDeliveries = (context: DemoContext, plan: PurchasePlan, delivery: DeliveryPlan, project: DemoProject, firstDay: number, key: string): void => {
  const { agenda, client } = context;
  let count = 0;
  for (let day = firstDay; day <= plan.untilDay; day++) {
    if (!delivery.weekdays.includes(weekdayOf(agenda.date(day)))) continue;
    const staffSlots = delivery.everyStaff ? [0, 1, 2, 3] : [count % 2];
    for (const slot of staffSlots) {
      const absent = delivery.absence && delivery.absence.staff === slot && day >= delivery.absence.fromDay && day <= delivery.absence.toDay;
      if (absent) continue;
      const deliveryId = `${plan.key}-${String(++count).padStart(4, '0')}`;
      const random = context.random.fork(deliveryId);
      // Ten minutes apart: each log appends to the same project stream.
      agenda.at(day, 17 + slot / 6, async () => {
        const worker = project.staff[slot % project.staff.length];
        if (!worker || !project.contractor) return;
        const category = random.pick(project.categories);
        const item = random.pick(plan.items.filter((candidate) => candidate.category === category)).name;
        const hours = random.pick(delivery.hours);
        const volunteers = random
          .sample(
            project.volunteers.filter((assignment) => assignment.assignedDay <= day),
            delivery.volunteersPerDelivery,
          )
          .sort((left, right) => left.assignmentId.localeCompare(right.assignmentId));
        const community = project.communities[(day + slot) % project.communities.length]!;
        const volunteerHours = Math.min(2, hours);
        await client.command(
          `/projects/${project.id}/deliveries`,
          {
            deliveryId,
            deliveredBy: { organisationId: project.contractor.id, socialWorkerIds: [worker.id], volunteerIds: volunteers.map(({ volunteer }) => volunteer.id) },
            ...(volunteers.length > 0 ? { hoursByVolunteer: Object.fromEntries(volunteers.map(({ volunteer }) => [volunteer.id, volunteerHours])) } : {}),
            category,
            serviceItem: { name: item },
            hours,
            beneficiaries: random.int(3, 25),
            communityId: community.code,
            deliveredOn: agenda.date(day),
          },
          worker.actor,
          `${key}:delivery:${deliveryId}`,
        );
        project.deliveries.push({ deliveryId, day });
        for (const { volunteer, assignmentId } of volunteers) {
          const logged = await client.command(
            `/volunteers/${volunteer.id}/hours`,
            { assignmentId, hours: volunteerHours, servedOn: agenda.date(day) },
            volunteer.actor,
            `${key}:delivery:${deliveryId}:hours:${assignmentId}`,
          );
          // The contractor coordinates the volunteers on its project: it confirms the hours they report.
          await client.command(
            `/volunteers/${volunteer.id}/hours/${logged.entryId}/confirm`, undefined, project.contractor.actor, `${key}:delivery:${deliveryId}:hours:${assignmentId}:confirm`,
          );
        }
        // 好差评: about one delivery in six is rated by a resident it served.
        if (random.chance(1 / 6)) {
          const good = random.chance(0.88);
          const resident: DemoActor = { id: `resident-${community.code}-${random.int(1, 400)}`, role: 'resident' };
          await client.command(
            `/projects/${project.id}/ratings`,
            {
              ratingId: `${deliveryId}-rating`,
              deliveryId,
              rating: good ? 'good' : 'bad',
              score: good ? random.int(4, 5) : random.int(1, 2),
              comment: random.pick(good ? COMMENTS_GOOD : COMMENTS_BAD),
            },
            resident,
            `${key}:rating:${deliveryId}`,
          );
        }
      });
    }
  }
};

/** Rule 10: a monthly brief early each month for the month before; a short project also files mid-term and final reports and completes. */
const planReports = (context: DemoContext, plan: PurchasePlan, project: DemoProject, signedDay: number, key: string): void => {
  const { agenda, client, bureau } = context;
  const contractorActor = () => project.contractor!.actor;
  let month = agenda.date(signedDay).slice(0, 7);
  for (let day = signedDay + 1; day <= plan.untilDay + 1; day++) {
    const date = agenda.date(day);
    if (date.slice(0, 7) === month || weekdayOf(date) > 5) continue;
    const period = month;
    month = date.slice(0, 7);
    agenda.at(day, 9.5, async () => {
      const delivered = project.deliveries.filter((delivery) => agenda.date(delivery.day).startsWith(period)).length;
      await client.command(
        `/projects/${project.id}/reports`,
        { reportId: `${plan.key}-brief-${period}`, kind: 'monthly_brief', period, summary: `${period} 工作简报: 本月开展服务 ${delivered} 次, 重点跟进困难家庭与独居老人` },
        contractorActor(),
        `${key}:brief:${period}`,
      );
    });
  }
  const completion = plan.completion;
  if (!completion) return;
  agenda.at(completion.midTermDay, 10, async () => {
    await client.command(
      `/projects/${project.id}/reports`,
      { reportId: `${plan.key}-mid-term`, kind: 'mid_term', period: `${agenda.date(signedDay)} 至 ${agenda.date(completion.midTermDay)}`, summary: '中期报告: 已完成安全课堂过半, 家长反馈良好' },
      contractorActor(),
      `${key}:report:mid-term`,
    );
  });
  agenda.at(completion.finalDay, 10, async () => {
    await client.command(
      `/projects/${project.id}/reports`,
      { reportId: `${plan.key}-final`, kind: 'final', period: `${agenda.date(signedDay)} 至 ${agenda.date(completion.finalDay)}`, summary: `结项报告: 共开展服务 ${project.deliveries.length} 次, 全部指标完成` },
      contractorActor(),
      `${key}:report:final`,
    );
  });
  agenda.at(completion.finalDay, 15, async () => {
    await client.command(`/projects/${project.id}/complete`, undefined, bureau, `${key}:complete`);
    // The needs the project was designed for are met.
    for (const [index, need] of project.needs.entries()) {
      if (!need.open) continue;
      await client.command(`/needs/${need.id}/fulfil`, { note: `${plan.title}已结项, 需求已满足` }, need.community.committee, `${key}:fulfil:${index}`);
      need.open = false;
    }
  });
};
