import type {
  AnnualInspectionFailedData,
  AnnualInspectionPassedData,
  ContractTerminatedData,
  OrganisationContractedData,
  OrganisationDeregisteredData,
  OrganisationGradedData,
  OrganisationRegisteredData,
  OrganisationReinstatedData,
  OrganisationSuspendedData,
  ProjectCompletedData,
  StationContractRecordedData,
  StationContractReleasedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { flag, toJson } from '../shared/columns.js';
import { organisation, setOrganisation, replaceCategories, type ResourcesTrx } from './resource-rows.js';

async function changeActiveContracts(trx: ResourcesTrx, event: RecordedEvent<{ organisationId: string }>, delta: number) {
  const row = await trx
    .selectFrom('organisations')
    .select('active_contracts')
    .where('organisation_id', '=', event.data.organisationId)
    .executeTakeFirst();
  // A contractor from before the organisation registry existed has no row: nothing to count against.
  if (!row) return;
  await setOrganisation(trx, event.data.organisationId, { active_contracts: Math.max(0, row.active_contracts + delta) });
}

/** Organisations: registry, inspections, grades, standing, station contracts and capacity in use. */
export const onOrganisations = {
  OrganisationRegistered: async (event: RecordedEvent<OrganisationRegisteredData>, trx: ResourcesTrx) => {
    const registered = event.data;
    await trx
      .insertInto('organisations')
      .values({
        organisation_id: registered.organisationId,
        name: registered.name,
        kind: registered.kind,
        unified_social_credit_code: registered.unifiedSocialCreditCode,
        budget_funded: flag(registered.budgetFunded),
        city: registered.city ?? registered.area?.city ?? '',
        district: registered.district,
        street: registered.area?.street ?? '',
        community: registered.area?.community ?? '',
        community_based: flag(registered.area !== null),
        service_categories: toJson(registered.serviceCategories),
        capacity: registered.capacity,
        active_contracts: 0,
        station_contracts: 0,
        status: 'registered',
        status_reason: null,
        latest_inspection: 'none',
        latest_inspection_year: null,
        grade: 0,
        grade_year: null,
        registered_at: event.metadata.occurredAt,
      })
      .execute();
    await replaceCategories(trx, 'organisation', registered.organisationId, registered.serviceCategories);
  },

  AnnualInspectionPassed: async (event: RecordedEvent<AnnualInspectionPassedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    // The latest year decides (rule 11), whatever order the bureau recorded the years in.
    if (row.latest_inspection_year !== null && row.latest_inspection_year > event.data.year) return;
    await setOrganisation(trx, row.organisation_id, { latest_inspection: 'passed', latest_inspection_year: event.data.year });
  },

  AnnualInspectionFailed: async (event: RecordedEvent<AnnualInspectionFailedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    if (row.latest_inspection_year !== null && row.latest_inspection_year > event.data.year) return;
    await setOrganisation(trx, row.organisation_id, { latest_inspection: 'failed', latest_inspection_year: event.data.year });
  },

  OrganisationGraded: async (event: RecordedEvent<OrganisationGradedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { grade: event.data.grade, grade_year: event.data.year });
  },

  OrganisationSuspended: async (event: RecordedEvent<OrganisationSuspendedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { status: 'suspended', status_reason: event.data.reason });
  },

  OrganisationReinstated: async (event: RecordedEvent<OrganisationReinstatedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { status: 'registered', status_reason: event.data.reason });
  },

  OrganisationDeregistered: async (event: RecordedEvent<OrganisationDeregisteredData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { status: 'deregistered', status_reason: event.data.reason });
  },

  StationContractRecorded: async (event: RecordedEvent<StationContractRecordedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { station_contracts: row.station_contracts + 1 });
  },

  StationContractReleased: async (event: RecordedEvent<StationContractReleasedData>, trx: ResourcesTrx) => {
    const row = await organisation(trx, event);
    await setOrganisation(trx, row.organisation_id, { station_contracts: Math.max(0, row.station_contracts - 1) });
  },

  // Capacity in use: contracts in force, from the project side of the story.
  OrganisationContracted: (event: RecordedEvent<OrganisationContractedData>, trx: ResourcesTrx) => changeActiveContracts(trx, event, +1),

  ContractTerminated: (event: RecordedEvent<ContractTerminatedData>, trx: ResourcesTrx) => changeActiveContracts(trx, event, -1),

  ProjectCompleted: (event: RecordedEvent<ProjectCompletedData>, trx: ResourcesTrx) => changeActiveContracts(trx, event, -1),
};
