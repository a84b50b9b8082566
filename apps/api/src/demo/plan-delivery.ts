/** A contracted project's weeks in the demo: services delivered and rated, hours logged and confirmed, reports filed (rule 10). */
import { weekdayOf } from './calendar.js';
import type { DemoActor } from './demo-client.js';
import type { DeliveryPlan, PurchasePlan } from './plan-purchase.js';
import type { DemoContext, DemoProject } from './world.js';

const COMMENTS_GOOD = ['社工很耐心, 服务很周到', '志愿者准时上门, 老人很满意', '活动组织得好, 孩子们很喜欢', '解决了我们家的实际困难'];
const COMMENTS_BAD = ['预约后等了很久才上门', '活动通知太晚, 没赶上'];

export const planDeliveries = (context: DemoContext, plan: PurchasePlan, delivery: DeliveryPlan, project: DemoProject, firstDay: number, key: string): void => {
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
export const planReports = (context: DemoContext, plan: PurchasePlan, project: DemoProject, signedDay: number, key: string): void => {
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
