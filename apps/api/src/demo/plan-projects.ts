/**
 * Government purchase of services (政府购买服务, seed 004): the 中华街道 social-work station, the
 * district's general station, and service projects, each designed for listed needs, published,
 * bid on, contracted, staffed and delivered week after week, with monthly briefs and ratings.
 */
import type { ServiceCategory } from '#domain';
import type { StoryNeedName } from './plan-needs.js';
import { planPurchase, type PurchasePlan } from './plan-purchase.js';
import type { DemoContext, DemoNeed, DemoOrganisation, DemoProject, DemoSocialWorker } from './world.js';

const SETTLEMENT = '按季度拨付服务经费, 年度考核合格后结算尾款';

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
