import { projectionTables } from '../../framework/projection.js';
import { addAreaColumns } from '../shared/columns.js';
import type { ResourcesListTables } from './resources.tables.js';

/** The resources list's tables and indexes, portable across SQLite and PostgreSQL. */
export const resourcesListTables = projectionTables<ResourcesListTables>(
  [
    'communities',
    'organisations',
    'social_workers',
    'volunteers',
    'volunteer_assignments',
    'volunteer_hour_entries',
    'resource_categories',
    'donations',
    'donation_matches',
    'elders',
    'home_visits',
    'grants',
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
      .addColumn('hours_flagged', 'double precision', (c) => c.notNull())
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
      .createTable('volunteer_hour_entries')
      .ifNotExists()
      .addColumn('volunteer_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('assignment_id', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('hours', 'double precision', (c) => c.notNull())
      .addColumn('served_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('flagged', 'integer', (c) => c.notNull())
      .addColumn('logged_by_id', 'text')
      .addColumn('logged_by_role', 'text')
      .addColumn('logged_at', 'text', (c) => c.notNull())
      .addColumn('decided_by_id', 'text')
      .addColumn('decided_by_role', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decline_reason', 'text')
      .addPrimaryKeyConstraint('volunteer_hour_entries_pk', ['volunteer_id', 'source', 'entry_id'])
      .execute();
    // The hours counted for a project by date: the hours-before-evaluation indicator.
    await db.schema.createIndex('volunteer_hour_entries_by_target').ifNotExists().on('volunteer_hour_entries').columns(['target_kind', 'target_id', 'served_on']).execute();

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
      // The donor's pseudonymous vault reference (never shown): erasure finds the donation's area by it.
      .addColumn('donor_ref', 'text')
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

    await addAreaColumns(
      db.schema
        .createTable('elders')
        .ifNotExists()
        .addColumn('elder_id', 'text', (c) => c.primaryKey())
        .addColumn('person_ref', 'text', (c) => c.notNull())
        .addColumn('circumstances', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text'),
    ).execute();
    await db.schema.createIndex('elders_by_area').ifNotExists().on('elders').columns(['district', 'street', 'community']).execute();

    await addAreaColumns(
      db.schema
        .createTable('home_visits')
        .ifNotExists()
        .addColumn('visit_id', 'text', (c) => c.primaryKey())
        .addColumn('elder_id', 'text', (c) => c.notNull())
        .addColumn('visited_on', 'text', (c) => c.notNull())
        .addColumn('visit_month', 'text', (c) => c.notNull())
        .addColumn('met', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('visitor_kind', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull()),
    ).execute();
    // The monthly rate asks: which elders were seen in month M.
    await db.schema.createIndex('home_visits_by_month').ifNotExists().on('home_visits').columns(['visit_month', 'elder_id']).execute();

    await addAreaColumns(
      db.schema
        .createTable('grants')
        .ifNotExists()
        .addColumn('grant_id', 'text', (c) => c.primaryKey())
        .addColumn('round_id', 'text', (c) => c.notNull())
        .addColumn('round_title', 'text', (c) => c.notNull())
        .addColumn('funder_kind', 'text', (c) => c.notNull())
        .addColumn('funder_name', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('organisation_name', 'text', (c) => c.notNull())
        .addColumn('project_title', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('awarded_at', 'text', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('grants_by_area').ifNotExists().on('grants').columns(['district', 'street', 'community']).execute();
  },
  // Handlers read by primary key (or a prefix of it) only: a rebuild builds every other index after its replay.
  { handlerIndexes: [] },
);
