/**
 * One government purchase in the demo (政府购买服务, seed 004): designed for its needs, published, bid
 * on, awarded, signed after the standstill (质疑期), staffed; then its deliveries and reports.
 */
import { addWorkingDays, NO_HOLIDAYS, type ServiceCategory } from '#domain';
import { chinaInstant } from './calendar.js';
import { CITY, DISTRICT } from './district-data.js';
import { planDeliveries, planReports } from './plan-delivery.js';
import type { DemoCommunity, DemoContext, DemoNeed, DemoOrganisation, DemoProject, DemoSocialWorker } from './world.js';

export interface ContractTerms {
  content: string;
  termMonths: number;
  quantity: string;
  quality: string;
  priceFen: number;
  settlementMethod: string;
}

export interface DeliveryPlan {
  /** ISO weekdays the staff log services. */
  weekdays: number[];
  /** Every staff member logs each of those days, or one of them in turn. */
  everyStaff: boolean;
  hours: readonly number[];
  volunteersPerDelivery: number;
  /** Staff away (leave, training): no logs on these days, so their week falls short of rule 2. */
  absence?: { staff: number; fromDay: number; toDay: number };
}

export interface PurchasePlan {
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

export const planPurchase = (
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
