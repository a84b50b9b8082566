import type {
  SocialWorkerAssignedData,
  SocialWorkerCertifiedData,
  SocialWorkerDeregisteredData,
  SocialWorkerEmployedData,
  SocialWorkerRegisteredData,
  SocialWorkerReleasedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns, flag, roundHours, toJson, fromJson } from '../shared/columns.js';
import { socialWorker, setSocialWorker, type ResourcesTrx } from './resource-rows.js';

/** Social workers: qualification, employer and the weekly hours their projects hold. */
export const onSocialWorkers = {
  SocialWorkerRegistered: async (event: RecordedEvent<SocialWorkerRegisteredData>, trx: ResourcesTrx) => {
    const registered = event.data;
    const base = registered.base;
    await trx
      .insertInto('social_workers')
      .values({
        social_worker_id: registered.socialWorkerId,
        person_ref: registered.personRef,
        base_level: base.level,
        ...(base.level === 'community'
          ? areaColumns(base.area)
          : { city: base.city, district: base.district, street: '', community: '' }),
        has_social_work_degree: flag(registered.hasSocialWorkDegree),
        grade: null,
        certified_on: null,
        qualified: flag(registered.hasSocialWorkDegree),
        employer_organisation_id: registered.employerOrganisationId,
        assignments: '{}',
        assigned_hours_per_week: 0,
        active_projects: 0,
        status: 'active',
        registered_at: event.metadata.occurredAt,
      })
      .execute();
  },

  SocialWorkerCertified: async (event: RecordedEvent<SocialWorkerCertifiedData>, trx: ResourcesTrx) => {
    const row = await socialWorker(trx, event);
    await setSocialWorker(trx, row.social_worker_id, { grade: event.data.grade, certified_on: event.data.certifiedOn, qualified: 1 });
  },

  SocialWorkerEmployed: async (event: RecordedEvent<SocialWorkerEmployedData>, trx: ResourcesTrx) => {
    const row = await socialWorker(trx, event);
    await setSocialWorker(trx, row.social_worker_id, { employer_organisation_id: event.data.employerOrganisationId });
  },

  SocialWorkerAssigned: async (event: RecordedEvent<SocialWorkerAssignedData>, trx: ResourcesTrx) => {
    const row = await socialWorker(trx, event);
    const assignments = { ...fromJson<Record<string, number>>(row.assignments), [event.data.projectId]: event.data.hoursPerWeek };
    await setSocialWorker(trx, row.social_worker_id, {
      assignments: toJson(assignments),
      assigned_hours_per_week: event.data.totalHoursPerWeek,
      active_projects: Object.keys(assignments).length,
    });
  },

  SocialWorkerReleased: async (event: RecordedEvent<SocialWorkerReleasedData>, trx: ResourcesTrx) => {
    const row = await socialWorker(trx, event);
    const { [event.data.projectId]: _released, ...assignments } = fromJson<Record<string, number>>(row.assignments);
    await setSocialWorker(trx, row.social_worker_id, {
      assignments: toJson(assignments),
      assigned_hours_per_week: roundHours(Object.values(assignments).reduce((total, hours) => total + hours, 0)),
      active_projects: Object.keys(assignments).length,
    });
  },

  SocialWorkerDeregistered: async (event: RecordedEvent<SocialWorkerDeregisteredData>, trx: ResourcesTrx) => {
    const row = await socialWorker(trx, event);
    await setSocialWorker(trx, row.social_worker_id, { status: 'deregistered' });
  },
};
