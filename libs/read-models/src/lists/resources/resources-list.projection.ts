import type { Transaction } from 'kysely';
import type {
  AnnualInspectionFailedData,
  AnnualInspectionPassedData,
  CommunityPopulationUpdatedData,
  CommunityRegisteredData,
  ContractTerminatedData,
  DonationDisbursedData,
  DonationExpiredData,
  DonationMatchedData,
  DonationMatchReleasedData,
  DonationPledgedData,
  DonationReceiptCorrectedData,
  DonationReceiptedData,
  DonationRefundedData,
  DonationTarget,
  OrganisationContractedData,
  OrganisationDeregisteredData,
  OrganisationGradedData,
  OrganisationReinstatedData,
  OrganisationRegisteredData,
  OrganisationSuspendedData,
  ProjectCompletedData,
  SocialWorkerAssignedData,
  SocialWorkerCertifiedData,
  SocialWorkerDeregisteredData,
  SocialWorkerEmployedData,
  SocialWorkerRegisteredData,
  SocialWorkerReleasedData,
  StationContractRecordedData,
  StationContractReleasedData,
  VolunteerAssignedData,
  VolunteerAssignmentEndedData,
  VolunteerAvailabilityDeclaredData,
  VolunteerDeregisteredData,
  VolunteerHoursLoggedData,
  VolunteerRegisteredData,
  VolunteerSkillsDeclaredData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { projectionTables, type Projection } from '../../framework/projection.js';
import { addAreaColumns, areaColumns, flag, fromJson, roundHours, toJson, type AreaColumns } from '../shared/columns.js';

/**
 * 服务资源清单: what the five forces bring. Communities (the platform), organisations and their
 * capacity, social workers, volunteers and their free hours, donations with their unallocated
 * balance (venue time donations are the venues list).
 */
export interface ResourcesListTables {
  communities: CommunityRow;
  organisations: OrganisationRow;
  social_workers: SocialWorkerRow;
  volunteers: VolunteerRow;
  volunteer_assignments: VolunteerAssignmentRow;
  /** Categories of organisations and volunteers, one row each, so a category filter uses an index. */
  resource_categories: { resource_kind: 'organisation' | 'volunteer'; resource_id: string; category: string };
  donations: DonationRow;
  donation_matches: DonationMatchRow;
}

export interface CommunityRow extends AreaColumns {
  community_id: string;
  name: string;
  kind: string;
  residents: number;
  households: number;
  registered_at: string;
}

export interface OrganisationRow extends AreaColumns {
  organisation_id: string;
  name: string;
  kind: string;
  unified_social_credit_code: string;
  budget_funded: number;
  /** 1 when it is seated in one community; district-wide organisations have street and community ''. */
  community_based: number;
  service_categories: string;
  capacity: number;
  active_contracts: number;
  station_contracts: number;
  status: string;
  status_reason: string | null;
  latest_inspection: 'none' | 'passed' | 'failed';
  latest_inspection_year: number | null;
  grade: number;
  grade_year: number | null;
  registered_at: string;
}

export interface SocialWorkerRow extends AreaColumns {
  social_worker_id: string;
  person_ref: string;
  /** 'community' (a post in one community) or 'district' (the general station); district bases leave street/community ''. */
  base_level: string;
  has_social_work_degree: number;
  grade: string | null;
  certified_on: string | null;
  /** Rule 1: a degree or a national certificate. */
  qualified: number;
  employer_organisation_id: string | null;
  /** JSON object projectId -> weekly hours. */
  assignments: string;
  assigned_hours_per_week: number;
  active_projects: number;
  status: string;
  registered_at: string;
}

export interface VolunteerRow extends AreaColumns {
  volunteer_id: string;
  person_ref: string;
  registered_on: string;
  status: string;
  skills: string;
  categories: string;
  hours_per_week_declared: number;
  availability_windows: string;
  hours_per_week_assigned: number;
  hours_per_week_remaining: number;
  active_assignments: number;
  hours_logged: number;
  last_served_on: string | null;
  registered_at: string;
}

export interface VolunteerAssignmentRow {
  assignment_id: string;
  volunteer_id: string;
  target_kind: string;
  target_id: string;
  hours_per_week: number;
  assigned_on: string;
  ended_on: string | null;
  hours_logged: number;
}

export type DonationListStatus = 'open' | 'allocated' | 'expired' | 'refunded';

export interface DonationRow extends AreaColumns {
  donation_id: string;
  donor_kind: string;
  donor_name: string;
  resource: string;
  description: string;
  pledged_fen: number;
  /** Held by matches still standing (released matches give it back). */
  matched_fen: number;
  disbursed_fen: number;
  refunded_fen: number;
  /** Unallocated balance: what matching may still use (rule 12). */
  balance_fen: number;
  earmarked: number;
  earmark_category: string | null;
  earmark_district: string | null;
  earmark_street: string | null;
  earmark_community: string | null;
  expires_on: string | null;
  auto_match: number;
  status: DonationListStatus;
  receipt_number: string | null;
  /** Fen the receipt states now, after refunds corrected it; null while not receipted. */
  receipted_fen: number | null;
  /** 1 when a refund took back everything receipted. */
  receipt_voided: number;
  pledged_at: string;
}

/** A donation's match, placed where it went (the target's area) for funds-matched indicators. */
export interface DonationMatchRow extends AreaColumns {
  match_id: string;
  donation_id: string;
  target_kind: string;
  target_id: string;
  category: string;
  resource: string;
  donor_kind: string;
  amount_fen: number;
  disbursed_fen: number;
  automatic: number;
  released: number;
  matched_at: string;
  released_at: string | null;
}

export interface ResourcesListEvents {
  CommunityRegistered: CommunityRegisteredData;
  CommunityPopulationUpdated: CommunityPopulationUpdatedData;
  OrganisationRegistered: OrganisationRegisteredData;
  AnnualInspectionPassed: AnnualInspectionPassedData;
  AnnualInspectionFailed: AnnualInspectionFailedData;
  OrganisationGraded: OrganisationGradedData;
  OrganisationSuspended: OrganisationSuspendedData;
  OrganisationReinstated: OrganisationReinstatedData;
  OrganisationDeregistered: OrganisationDeregisteredData;
  StationContractRecorded: StationContractRecordedData;
  StationContractReleased: StationContractReleasedData;
  OrganisationContracted: OrganisationContractedData;
  ContractTerminated: ContractTerminatedData;
  ProjectCompleted: ProjectCompletedData;
  SocialWorkerRegistered: SocialWorkerRegisteredData;
  SocialWorkerCertified: SocialWorkerCertifiedData;
  SocialWorkerEmployed: SocialWorkerEmployedData;
  SocialWorkerAssigned: SocialWorkerAssignedData;
  SocialWorkerReleased: SocialWorkerReleasedData;
  SocialWorkerDeregistered: SocialWorkerDeregisteredData;
  VolunteerRegistered: VolunteerRegisteredData;
  VolunteerSkillsDeclared: VolunteerSkillsDeclaredData;
  VolunteerAvailabilityDeclared: VolunteerAvailabilityDeclaredData;
  VolunteerAssigned: VolunteerAssignedData;
  VolunteerAssignmentEnded: VolunteerAssignmentEndedData;
  VolunteerHoursLogged: VolunteerHoursLoggedData;
  VolunteerDeregistered: VolunteerDeregisteredData;
  DonationPledged: DonationPledgedData;
  DonationMatched: DonationMatchedData;
  DonationMatchReleased: DonationMatchReleasedData;
  DonationDisbursed: DonationDisbursedData;
  DonationReceipted: DonationReceiptedData;
  DonationReceiptCorrected: DonationReceiptCorrectedData;
  DonationRefunded: DonationRefundedData;
  DonationExpired: DonationExpiredData;
}

type Trx = Transaction<ResourcesListTables>;

async function rowOf<Table extends 'organisations' | 'social_workers' | 'volunteers' | 'donations' | 'communities'>(
  trx: Trx,
  table: Table,
  key: string,
  id: string,
  event: RecordedEvent,
): Promise<ResourcesListTables[Table]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const row = await (trx as Transaction<any>).selectFrom(table).selectAll().where(key, '=', id).executeTakeFirst();
  if (!row) throw new Error(`${event.type} for ${table} ${id}, which was never registered`);
  return row as ResourcesListTables[Table];
}

const organisation = (trx: Trx, event: RecordedEvent<{ organisationId: string }>) =>
  rowOf(trx, 'organisations', 'organisation_id', event.data.organisationId, event);
const socialWorker = (trx: Trx, event: RecordedEvent<{ socialWorkerId: string }>) =>
  rowOf(trx, 'social_workers', 'social_worker_id', event.data.socialWorkerId, event);
const volunteer = (trx: Trx, event: RecordedEvent<{ volunteerId: string }>) =>
  rowOf(trx, 'volunteers', 'volunteer_id', event.data.volunteerId, event);
const donation = (trx: Trx, event: RecordedEvent<{ donationId: string }>) =>
  rowOf(trx, 'donations', 'donation_id', event.data.donationId, event);

const setOrganisation = (trx: Trx, id: string, patch: Partial<OrganisationRow>) =>
  trx.updateTable('organisations').set(patch).where('organisation_id', '=', id).execute();
const setSocialWorker = (trx: Trx, id: string, patch: Partial<SocialWorkerRow>) =>
  trx.updateTable('social_workers').set(patch).where('social_worker_id', '=', id).execute();
const setVolunteer = (trx: Trx, id: string, patch: Partial<VolunteerRow>) =>
  trx.updateTable('volunteers').set(patch).where('volunteer_id', '=', id).execute();

/** A donation's status as the list shows it. */
function donationStatus(row: Pick<DonationRow, 'status' | 'balance_fen' | 'matched_fen' | 'refunded_fen'>): DonationListStatus {
  if (row.status === 'expired') return 'expired';
  if (row.balance_fen > 0) return 'open';
  return row.matched_fen === 0 && row.refunded_fen > 0 ? 'refunded' : 'allocated';
}

async function updateDonation(trx: Trx, event: RecordedEvent<{ donationId: string }>, change: (row: DonationRow) => Partial<DonationRow>) {
  const row = await donation(trx, event);
  const patch = change(row);
  const next = { ...row, ...patch };
  await trx
    .updateTable('donations')
    .set({ ...patch, status: donationStatus(next) })
    .where('donation_id', '=', row.donation_id)
    .execute();
}

const targetId = (target: DonationTarget) => (target.kind === 'need' ? target.needId : target.projectId);
const targetCategory = (target: DonationTarget) => (target.kind === 'need' ? target.category : (target.categories[0] ?? ''));

async function replaceCategories(trx: Trx, kind: 'organisation' | 'volunteer', id: string, categories: readonly string[]) {
  await trx.deleteFrom('resource_categories').where('resource_kind', '=', kind).where('resource_id', '=', id).execute();
  const distinct = [...new Set(categories)];
  if (distinct.length > 0) {
    await trx
      .insertInto('resource_categories')
      .values(distinct.map((category) => ({ resource_kind: kind, resource_id: id, category })))
      .execute();
  }
}

async function changeActiveContracts(trx: Trx, event: RecordedEvent<{ organisationId: string }>, delta: number) {
  const row = await trx
    .selectFrom('organisations')
    .select('active_contracts')
    .where('organisation_id', '=', event.data.organisationId)
    .executeTakeFirst();
  // A contractor from before the organisation registry existed has no row: nothing to count against.
  if (!row) return;
  await setOrganisation(trx, event.data.organisationId, { active_contracts: Math.max(0, row.active_contracts + delta) });
}

export class ResourcesListProjection implements Projection<ResourcesListTables, ResourcesListEvents> {
  readonly name = 'resources-list';
  // 2: donations carry the receipt's amount and whether a refund voided it.
  readonly version = 2;

  readonly tables = projectionTables<ResourcesListTables>(
    [
      'communities',
      'organisations',
      'social_workers',
      'volunteers',
      'volunteer_assignments',
      'resource_categories',
      'donations',
      'donation_matches',
    ],
    async (db) => {
      await addAreaColumns(
        db.schema
          .createTable('communities')
          .ifNotExists()
          .addColumn('community_id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull()),
      )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('residents', 'integer', (c) => c.notNull())
        .addColumn('households', 'integer', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('communities_by_area').ifNotExists().on('communities').columns(['district', 'street']).execute();

      await addAreaColumns(
        db.schema
          .createTable('organisations')
          .ifNotExists()
          .addColumn('organisation_id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull()),
      )
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('unified_social_credit_code', 'text', (c) => c.notNull())
        .addColumn('budget_funded', 'integer', (c) => c.notNull())
        .addColumn('community_based', 'integer', (c) => c.notNull())
        .addColumn('service_categories', 'text', (c) => c.notNull())
        .addColumn('capacity', 'integer', (c) => c.notNull())
        .addColumn('active_contracts', 'integer', (c) => c.notNull())
        .addColumn('station_contracts', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text')
        .addColumn('latest_inspection', 'text', (c) => c.notNull())
        .addColumn('latest_inspection_year', 'integer')
        .addColumn('grade', 'integer', (c) => c.notNull())
        .addColumn('grade_year', 'integer')
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('organisations_by_area').ifNotExists().on('organisations').columns(['district', 'street', 'community']).execute();

      await addAreaColumns(
        db.schema
          .createTable('social_workers')
          .ifNotExists()
          .addColumn('social_worker_id', 'text', (c) => c.primaryKey())
          .addColumn('person_ref', 'text', (c) => c.notNull()),
      )
        .addColumn('base_level', 'text', (c) => c.notNull())
        .addColumn('has_social_work_degree', 'integer', (c) => c.notNull())
        .addColumn('grade', 'text')
        .addColumn('certified_on', 'text')
        .addColumn('qualified', 'integer', (c) => c.notNull())
        .addColumn('employer_organisation_id', 'text')
        .addColumn('assignments', 'text', (c) => c.notNull())
        .addColumn('assigned_hours_per_week', 'double precision', (c) => c.notNull())
        .addColumn('active_projects', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('social_workers_by_area').ifNotExists().on('social_workers').columns(['district', 'street', 'community']).execute();

      await addAreaColumns(
        db.schema
          .createTable('volunteers')
          .ifNotExists()
          .addColumn('volunteer_id', 'text', (c) => c.primaryKey())
          .addColumn('person_ref', 'text', (c) => c.notNull()),
      )
        .addColumn('registered_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('skills', 'text', (c) => c.notNull())
        .addColumn('categories', 'text', (c) => c.notNull())
        .addColumn('hours_per_week_declared', 'double precision', (c) => c.notNull())
        .addColumn('availability_windows', 'text', (c) => c.notNull())
        .addColumn('hours_per_week_assigned', 'double precision', (c) => c.notNull())
        .addColumn('hours_per_week_remaining', 'double precision', (c) => c.notNull())
        .addColumn('active_assignments', 'integer', (c) => c.notNull())
        .addColumn('hours_logged', 'double precision', (c) => c.notNull())
        .addColumn('last_served_on', 'text')
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('volunteers_by_area').ifNotExists().on('volunteers').columns(['district', 'street', 'community']).execute();
      await db.schema.createIndex('volunteers_by_registration').ifNotExists().on('volunteers').columns(['registered_at', 'volunteer_id']).execute();

      await db.schema
        .createTable('volunteer_assignments')
        .ifNotExists()
        .addColumn('assignment_id', 'text', (c) => c.primaryKey())
        .addColumn('volunteer_id', 'text', (c) => c.notNull())
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('hours_per_week', 'double precision', (c) => c.notNull())
        .addColumn('assigned_on', 'text', (c) => c.notNull())
        .addColumn('ended_on', 'text')
        .addColumn('hours_logged', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('volunteer_assignments_by_volunteer').ifNotExists().on('volunteer_assignments').columns(['volunteer_id']).execute();
      await db.schema.createIndex('volunteer_assignments_by_target').ifNotExists().on('volunteer_assignments').columns(['target_kind', 'target_id']).execute();

      await db.schema
        .createTable('resource_categories')
        .ifNotExists()
        .addColumn('resource_kind', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('resource_categories_pk', ['resource_kind', 'resource_id', 'category'])
        .execute();
      await db.schema.createIndex('resource_categories_by_category').ifNotExists().on('resource_categories').columns(['resource_kind', 'category']).execute();

      await addAreaColumns(
        db.schema
          .createTable('donations')
          .ifNotExists()
          .addColumn('donation_id', 'text', (c) => c.primaryKey())
          .addColumn('donor_kind', 'text', (c) => c.notNull()),
      )
        .addColumn('donor_name', 'text', (c) => c.notNull())
        .addColumn('resource', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('pledged_fen', 'bigint', (c) => c.notNull())
        .addColumn('matched_fen', 'bigint', (c) => c.notNull())
        .addColumn('disbursed_fen', 'bigint', (c) => c.notNull())
        .addColumn('refunded_fen', 'bigint', (c) => c.notNull())
        .addColumn('balance_fen', 'bigint', (c) => c.notNull())
        .addColumn('earmarked', 'integer', (c) => c.notNull())
        .addColumn('earmark_category', 'text')
        .addColumn('earmark_district', 'text')
        .addColumn('earmark_street', 'text')
        .addColumn('earmark_community', 'text')
        .addColumn('expires_on', 'text')
        .addColumn('auto_match', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('receipt_number', 'text')
        .addColumn('receipted_fen', 'bigint')
        .addColumn('receipt_voided', 'integer', (c) => c.notNull())
        .addColumn('pledged_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('donations_by_area').ifNotExists().on('donations').columns(['district', 'street', 'community']).execute();
      await db.schema.createIndex('donations_by_status').ifNotExists().on('donations').columns(['status', 'resource']).execute();

      await addAreaColumns(
        db.schema
          .createTable('donation_matches')
          .ifNotExists()
          .addColumn('match_id', 'text', (c) => c.primaryKey())
          .addColumn('donation_id', 'text', (c) => c.notNull())
          .addColumn('target_kind', 'text', (c) => c.notNull())
          .addColumn('target_id', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('resource', 'text', (c) => c.notNull())
          .addColumn('donor_kind', 'text', (c) => c.notNull())
          .addColumn('amount_fen', 'bigint', (c) => c.notNull())
          .addColumn('disbursed_fen', 'bigint', (c) => c.notNull())
          .addColumn('automatic', 'integer', (c) => c.notNull())
          .addColumn('released', 'integer', (c) => c.notNull())
          .addColumn('matched_at', 'text', (c) => c.notNull())
          .addColumn('released_at', 'text'),
      ).execute();
      await db.schema.createIndex('donation_matches_by_donation').ifNotExists().on('donation_matches').columns(['donation_id']).execute();
      await db.schema.createIndex('donation_matches_by_target').ifNotExists().on('donation_matches').columns(['target_kind', 'target_id']).execute();
      await db.schema.createIndex('donation_matches_by_area').ifNotExists().on('donation_matches').columns(['district', 'street', 'community']).execute();
    },
  );

  readonly on = {
    // --- communities -----------------------------------------------------------------------------
    CommunityRegistered: async (event: RecordedEvent<CommunityRegisteredData>, trx: Trx) => {
      const community = event.data;
      await trx
        .insertInto('communities')
        .values({
          community_id: community.communityId,
          name: community.name,
          ...areaColumns(community.area),
          kind: community.kind,
          residents: community.residents,
          households: community.households,
          registered_at: event.metadata.occurredAt,
        })
        .execute();
    },

    CommunityPopulationUpdated: async (event: RecordedEvent<CommunityPopulationUpdatedData>, trx: Trx) => {
      await rowOf(trx, 'communities', 'community_id', event.data.communityId, event);
      await trx
        .updateTable('communities')
        .set({ residents: event.data.residents, households: event.data.households })
        .where('community_id', '=', event.data.communityId)
        .execute();
    },

    // --- organisations ---------------------------------------------------------------------------
    OrganisationRegistered: async (event: RecordedEvent<OrganisationRegisteredData>, trx: Trx) => {
      const registered = event.data;
      await trx
        .insertInto('organisations')
        .values({
          organisation_id: registered.organisationId,
          name: registered.name,
          kind: registered.kind,
          unified_social_credit_code: registered.unifiedSocialCreditCode,
          budget_funded: flag(registered.budgetFunded),
          city: registered.area?.city ?? '',
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

    AnnualInspectionPassed: async (event: RecordedEvent<AnnualInspectionPassedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      // The latest year decides (rule 11), whatever order the bureau recorded the years in.
      if (row.latest_inspection_year !== null && row.latest_inspection_year > event.data.year) return;
      await setOrganisation(trx, row.organisation_id, { latest_inspection: 'passed', latest_inspection_year: event.data.year });
    },

    AnnualInspectionFailed: async (event: RecordedEvent<AnnualInspectionFailedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      if (row.latest_inspection_year !== null && row.latest_inspection_year > event.data.year) return;
      await setOrganisation(trx, row.organisation_id, { latest_inspection: 'failed', latest_inspection_year: event.data.year });
    },

    OrganisationGraded: async (event: RecordedEvent<OrganisationGradedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { grade: event.data.grade, grade_year: event.data.year });
    },

    OrganisationSuspended: async (event: RecordedEvent<OrganisationSuspendedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { status: 'suspended', status_reason: event.data.reason });
    },

    OrganisationReinstated: async (event: RecordedEvent<OrganisationReinstatedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { status: 'registered', status_reason: event.data.reason });
    },

    OrganisationDeregistered: async (event: RecordedEvent<OrganisationDeregisteredData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { status: 'deregistered', status_reason: event.data.reason });
    },

    StationContractRecorded: async (event: RecordedEvent<StationContractRecordedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { station_contracts: row.station_contracts + 1 });
    },

    StationContractReleased: async (event: RecordedEvent<StationContractReleasedData>, trx: Trx) => {
      const row = await organisation(trx, event);
      await setOrganisation(trx, row.organisation_id, { station_contracts: Math.max(0, row.station_contracts - 1) });
    },

    // Capacity in use: contracts in force, from the project side of the story.
    OrganisationContracted: (event: RecordedEvent<OrganisationContractedData>, trx: Trx) => changeActiveContracts(trx, event, +1),
    ContractTerminated: (event: RecordedEvent<ContractTerminatedData>, trx: Trx) => changeActiveContracts(trx, event, -1),
    ProjectCompleted: (event: RecordedEvent<ProjectCompletedData>, trx: Trx) => changeActiveContracts(trx, event, -1),

    // --- social workers --------------------------------------------------------------------------
    SocialWorkerRegistered: async (event: RecordedEvent<SocialWorkerRegisteredData>, trx: Trx) => {
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

    SocialWorkerCertified: async (event: RecordedEvent<SocialWorkerCertifiedData>, trx: Trx) => {
      const row = await socialWorker(trx, event);
      await setSocialWorker(trx, row.social_worker_id, { grade: event.data.grade, certified_on: event.data.certifiedOn, qualified: 1 });
    },

    SocialWorkerEmployed: async (event: RecordedEvent<SocialWorkerEmployedData>, trx: Trx) => {
      const row = await socialWorker(trx, event);
      await setSocialWorker(trx, row.social_worker_id, { employer_organisation_id: event.data.employerOrganisationId });
    },

    SocialWorkerAssigned: async (event: RecordedEvent<SocialWorkerAssignedData>, trx: Trx) => {
      const row = await socialWorker(trx, event);
      const assignments = { ...fromJson<Record<string, number>>(row.assignments), [event.data.projectId]: event.data.hoursPerWeek };
      await setSocialWorker(trx, row.social_worker_id, {
        assignments: toJson(assignments),
        assigned_hours_per_week: event.data.totalHoursPerWeek,
        active_projects: Object.keys(assignments).length,
      });
    },

    SocialWorkerReleased: async (event: RecordedEvent<SocialWorkerReleasedData>, trx: Trx) => {
      const row = await socialWorker(trx, event);
      const { [event.data.projectId]: _released, ...assignments } = fromJson<Record<string, number>>(row.assignments);
      await setSocialWorker(trx, row.social_worker_id, {
        assignments: toJson(assignments),
        assigned_hours_per_week: roundHours(Object.values(assignments).reduce((total, hours) => total + hours, 0)),
        active_projects: Object.keys(assignments).length,
      });
    },

    SocialWorkerDeregistered: async (event: RecordedEvent<SocialWorkerDeregisteredData>, trx: Trx) => {
      const row = await socialWorker(trx, event);
      await setSocialWorker(trx, row.social_worker_id, { status: 'deregistered' });
    },

    // --- volunteers ------------------------------------------------------------------------------
    VolunteerRegistered: async (event: RecordedEvent<VolunteerRegisteredData>, trx: Trx) => {
      const registered = event.data;
      await trx
        .insertInto('volunteers')
        .values({
          volunteer_id: registered.volunteerId,
          person_ref: registered.personRef,
          ...areaColumns(registered.area),
          registered_on: registered.registeredOn,
          status: 'active',
          skills: '[]',
          categories: '[]',
          hours_per_week_declared: 0,
          availability_windows: '[]',
          hours_per_week_assigned: 0,
          hours_per_week_remaining: 0,
          active_assignments: 0,
          hours_logged: 0,
          last_served_on: null,
          registered_at: event.metadata.occurredAt,
        })
        .execute();
    },

    VolunteerSkillsDeclared: async (event: RecordedEvent<VolunteerSkillsDeclaredData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      await setVolunteer(trx, row.volunteer_id, { skills: toJson(event.data.skills), categories: toJson(event.data.categories) });
      await replaceCategories(trx, 'volunteer', row.volunteer_id, event.data.categories);
    },

    VolunteerAvailabilityDeclared: async (event: RecordedEvent<VolunteerAvailabilityDeclaredData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      await setVolunteer(trx, row.volunteer_id, {
        hours_per_week_declared: event.data.hoursPerWeek,
        availability_windows: toJson(event.data.windows),
        hours_per_week_remaining: row.status === 'active' ? Math.max(0, roundHours(event.data.hoursPerWeek - row.hours_per_week_assigned)) : 0,
      });
    },

    VolunteerAssigned: async (event: RecordedEvent<VolunteerAssignedData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      const assigned = event.data;
      await trx
        .insertInto('volunteer_assignments')
        .values({
          assignment_id: assigned.assignmentId,
          volunteer_id: assigned.volunteerId,
          target_kind: assigned.target.kind,
          target_id: assigned.target.kind === 'need' ? assigned.target.needId : assigned.target.projectId,
          hours_per_week: assigned.hoursPerWeek,
          assigned_on: assigned.assignedOn,
          ended_on: null,
          hours_logged: 0,
        })
        .execute();
      const hoursAssigned = roundHours(row.hours_per_week_assigned + assigned.hoursPerWeek);
      await setVolunteer(trx, row.volunteer_id, {
        hours_per_week_assigned: hoursAssigned,
        hours_per_week_remaining: Math.max(0, roundHours(row.hours_per_week_declared - hoursAssigned)),
        active_assignments: row.active_assignments + 1,
      });
    },

    VolunteerAssignmentEnded: async (event: RecordedEvent<VolunteerAssignmentEndedData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      await trx
        .updateTable('volunteer_assignments')
        .set({ ended_on: event.data.endedOn })
        .where('assignment_id', '=', event.data.assignmentId)
        .execute();
      const hoursAssigned = Math.max(0, roundHours(row.hours_per_week_assigned - event.data.hoursPerWeek));
      await setVolunteer(trx, row.volunteer_id, {
        hours_per_week_assigned: hoursAssigned,
        hours_per_week_remaining:
          row.status === 'active' ? Math.max(0, roundHours(row.hours_per_week_declared - hoursAssigned)) : 0,
        active_assignments: Math.max(0, row.active_assignments - 1),
      });
    },

    VolunteerHoursLogged: async (event: RecordedEvent<VolunteerHoursLoggedData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      const logged = event.data;
      const assignment = await trx
        .selectFrom('volunteer_assignments')
        .select('hours_logged')
        .where('assignment_id', '=', logged.assignmentId)
        .executeTakeFirst();
      if (assignment) {
        await trx
          .updateTable('volunteer_assignments')
          .set({ hours_logged: roundHours(assignment.hours_logged + logged.hours) })
          .where('assignment_id', '=', logged.assignmentId)
          .execute();
      }
      await setVolunteer(trx, row.volunteer_id, {
        hours_logged: roundHours(row.hours_logged + logged.hours),
        last_served_on: row.last_served_on === null || logged.servedOn > row.last_served_on ? logged.servedOn : row.last_served_on,
      });
    },

    VolunteerDeregistered: async (event: RecordedEvent<VolunteerDeregisteredData>, trx: Trx) => {
      const row = await volunteer(trx, event);
      await setVolunteer(trx, row.volunteer_id, { status: 'deregistered', hours_per_week_remaining: 0 });
    },

    // --- donations -------------------------------------------------------------------------------
    DonationPledged: async (event: RecordedEvent<DonationPledgedData>, trx: Trx) => {
      const pledged = event.data;
      await trx
        .insertInto('donations')
        .values({
          donation_id: pledged.donationId,
          donor_kind: pledged.donor.kind,
          donor_name: pledged.donor.displayName,
          resource: pledged.resource,
          description: pledged.description,
          ...areaColumns(pledged.area),
          pledged_fen: pledged.amountFen,
          matched_fen: 0,
          disbursed_fen: 0,
          refunded_fen: 0,
          balance_fen: pledged.amountFen,
          earmarked: flag(pledged.earmark !== null),
          earmark_category: pledged.earmark?.category ?? null,
          earmark_district: pledged.earmark?.district ?? null,
          earmark_street: pledged.earmark?.street ?? null,
          earmark_community: pledged.earmark?.community ?? null,
          expires_on: pledged.expiresOn,
          auto_match: flag(pledged.autoMatch !== null),
          status: pledged.amountFen > 0 ? 'open' : 'allocated',
          receipt_number: null,
          receipted_fen: null,
          receipt_voided: 0,
          pledged_at: event.metadata.occurredAt,
        })
        .execute();
    },

    DonationMatched: async (event: RecordedEvent<DonationMatchedData>, trx: Trx) => {
      const match = event.data;
      await trx
        .insertInto('donation_matches')
        .values({
          match_id: match.matchId,
          donation_id: match.donationId,
          target_kind: match.target.kind,
          target_id: targetId(match.target),
          category: targetCategory(match.target),
          ...areaColumns(match.target.area),
          resource: match.resource,
          donor_kind: match.donorKind,
          amount_fen: match.amountFen,
          disbursed_fen: 0,
          automatic: flag(match.automatic),
          released: 0,
          // No business time in the data: the envelope's instant is when the match was made.
          matched_at: event.metadata.occurredAt,
          released_at: null,
        })
        .execute();
      await updateDonation(trx, event, (row) => ({
        matched_fen: Number(row.matched_fen) + match.amountFen,
        balance_fen: match.balanceFen,
      }));
    },

    DonationMatchReleased: async (event: RecordedEvent<DonationMatchReleasedData>, trx: Trx) => {
      const released = event.data;
      await trx
        .updateTable('donation_matches')
        .set({ released: 1, released_at: event.metadata.occurredAt })
        .where('match_id', '=', released.matchId)
        .execute();
      await updateDonation(trx, event, (row) => ({
        matched_fen: Number(row.matched_fen) - released.amountFen,
        balance_fen: released.balanceFen,
      }));
    },

    DonationDisbursed: async (event: RecordedEvent<DonationDisbursedData>, trx: Trx) => {
      const disbursed = event.data;
      await trx
        .updateTable('donation_matches')
        .set({ disbursed_fen: disbursed.disbursedFen })
        .where('match_id', '=', disbursed.matchId)
        .execute();
      await updateDonation(trx, event, (row) => ({ disbursed_fen: Number(row.disbursed_fen) + disbursed.amountFen }));
    },

    DonationReceipted: (event: RecordedEvent<DonationReceiptedData>, trx: Trx) =>
      updateDonation(trx, event, (row) => ({
        receipt_number: event.data.receiptNumber,
        // A v1 receipt did not state its amount: it covered what had not been refunded.
        receipted_fen: event.data.amountFen ?? Number(row.pledged_fen) - Number(row.refunded_fen),
      })),

    DonationReceiptCorrected: (event: RecordedEvent<DonationReceiptCorrectedData>, trx: Trx) =>
      updateDonation(trx, event, () => ({ receipted_fen: event.data.amountFen, receipt_voided: flag(event.data.voided) })),

    DonationRefunded: (event: RecordedEvent<DonationRefundedData>, trx: Trx) =>
      updateDonation(trx, event, (row) => ({
        refunded_fen: Number(row.refunded_fen) + event.data.amountFen,
        balance_fen: event.data.balanceFen,
      })),

    DonationExpired: (event: RecordedEvent<DonationExpiredData>, trx: Trx) =>
      updateDonation(trx, event, () => ({ status: 'expired' })),
  };
}
