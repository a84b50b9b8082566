import type {
  ContractEvaluatedData,
  ReportFiledData,
  ServiceDeliveredData,
  ServiceRatedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, flag, roundHours } from '../shared/columns.js';
import { requireProject, updateProject, type ProjectsTrx } from './project-row.js';

const sum = (values: Readonly<Record<string, number>>): number => roundHours(Object.values(values).reduce((total, hours) => total + hours, 0));

/** Delivery and accountability: services delivered and rated, reports filed, the contract evaluated. */
export const onDeliveryAndReports = {
  ServiceDelivered: async (event: RecordedEvent<ServiceDeliveredData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    const delivery = event.data;
    const socialWorkerHours = sum(delivery.hoursBySocialWorker);
    const volunteerHours = sum(delivery.hoursByVolunteer);
    await trx
      .insertInto('project_deliveries')
      .values({
        delivery_id: delivery.deliveryId,
        project_id: delivery.projectId,
        project_kind: delivery.projectKind,
        organisation_id: delivery.organisationId,
        community_id: delivery.communityId,
        ...areaColumns(delivery.area),
        category: delivery.category,
        service_item: delivery.serviceItem,
        hours: delivery.hours,
        social_worker_hours: socialWorkerHours,
        volunteer_hours: volunteerHours,
        social_workers: delivery.socialWorkerIds.length,
        volunteers: delivery.volunteerIds.length,
        beneficiaries: delivery.beneficiaries,
        delivered_on: delivery.deliveredOn,
        week_of: delivery.weekOf,
      })
      .execute();
    if (delivery.projectKind === 'social_work_station') {
      for (const [socialWorkerId, hours] of Object.entries(delivery.hoursBySocialWorker)) {
        const key = { project_id: delivery.projectId, social_worker_id: socialWorkerId, week_of: delivery.weekOf };
        const week = await trx
          .selectFrom('station_weekly_hours')
          .select('hours')
          .where('project_id', '=', key.project_id)
          .where('social_worker_id', '=', key.social_worker_id)
          .where('week_of', '=', key.week_of)
          .executeTakeFirst();
        if (week) {
          await trx
            .updateTable('station_weekly_hours')
            .set({ hours: roundHours(week.hours + hours) })
            .where('project_id', '=', key.project_id)
            .where('social_worker_id', '=', key.social_worker_id)
            .where('week_of', '=', key.week_of)
            .execute();
        } else {
          await trx.insertInto('station_weekly_hours').values({ ...key, hours: roundHours(hours) }).execute();
        }
      }
    }
    await updateProject(trx, delivery.projectId, {
      deliveries_count: project.deliveries_count + 1,
      delivered_hours: roundHours(project.delivered_hours + delivery.hours),
      social_worker_hours: roundHours(project.social_worker_hours + socialWorkerHours),
      volunteer_hours: roundHours(project.volunteer_hours + volunteerHours),
      beneficiaries_served: project.beneficiaries_served + delivery.beneficiaries,
    });
  },

  ReportFiled: async (event: RecordedEvent<ReportFiledData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    const report = event.data;
    await trx
      .insertInto('project_reports')
      .values({
        report_id: report.reportId,
        project_id: report.projectId,
        organisation_id: report.organisationId,
        kind: report.kind,
        period: report.period,
        summary: report.summary,
        filed_at: report.filedAt,
      })
      .execute();
    await updateProject(trx, report.projectId, {
      reports_filed: project.reports_filed + 1,
      monthly_briefs_filed: project.monthly_briefs_filed + (report.kind === 'monthly_brief' ? 1 : 0),
      mid_term_filed: report.kind === 'mid_term' ? 1 : project.mid_term_filed,
      final_filed: report.kind === 'final' ? 1 : project.final_filed,
    });
  },

  ServiceRated: async (event: RecordedEvent<ServiceRatedData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    const rated = event.data;
    await trx
      .insertInto('project_ratings')
      .values({
        rating_id: rated.ratingId,
        project_id: rated.projectId,
        delivery_id: rated.deliveryId,
        organisation_id: rated.organisationId,
        rating: rated.rating,
        score: rated.score,
        ...areaColumns(rated.area),
        rated_at: rated.ratedAt,
      })
      .execute();
    await updateProject(trx, rated.projectId, {
      ratings_good: project.ratings_good + (rated.rating === 'good' ? 1 : 0),
      ratings_bad: project.ratings_bad + (rated.rating === 'bad' ? 1 : 0),
      ratings_count: project.ratings_count + 1,
      score_sum: project.score_sum + rated.score,
    });
  },

  ContractEvaluated: async (event: RecordedEvent<ContractEvaluatedData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    const evaluation = event.data;
    await trx
      .insertInto('project_evaluations')
      .values({
        project_id: evaluation.projectId,
        year: evaluation.year,
        organisation_id: evaluation.organisationId,
        grade: evaluation.grade,
        score: evaluation.score,
        continues: flag(evaluation.continues),
        evaluated_at: evaluation.evaluatedAt,
      })
      .execute();
    if (project.latest_evaluation_year === null || evaluation.year >= project.latest_evaluation_year) {
      await updateProject(trx, evaluation.projectId, {
        latest_evaluation_year: evaluation.year,
        latest_evaluation_grade: evaluation.grade,
        latest_evaluation_score: evaluation.score,
      });
    }
  },
};
