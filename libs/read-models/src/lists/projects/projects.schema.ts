import { projectionTables } from '../../framework/projection.js';
import { addAreaColumns } from '../shared/columns.js';
import type { ProjectsListTables } from './projects.tables.js';

/** The projects list's tables and indexes, portable across SQLite and PostgreSQL. */
export const projectsListTables = projectionTables<ProjectsListTables>(
  [
    'projects',
    'project_categories',
    'project_bids',
    'project_staff',
    'project_deliveries',
    'station_weekly_hours',
    'project_ratings',
    'project_reports',
    'project_evaluations',
    'project_fundings',
    'project_challenges',
  ],
  async (db) => {
    await addAreaColumns(
      db.schema
        .createTable('projects')
        .ifNotExists()
        .addColumn('project_id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull()),
    )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('station_level', 'text')
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('need_ids', 'text', (c) => c.notNull())
      .addColumn('budget_fen', 'bigint', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_months', 'integer', (c) => c.notNull())
      .addColumn('requirements', 'text', (c) => c.notNull())
      .addColumn('designed_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('bid_deadline', 'text')
      .addColumn('minimum_grade', 'integer')
      .addColumn('bids_submitted', 'integer', (c) => c.notNull())
      .addColumn('bids_withdrawn', 'integer', (c) => c.notNull())
      .addColumn('bidding_closed_at', 'text')
      .addColumn('award_bid_id', 'text')
      .addColumn('award_organisation_id', 'text')
      .addColumn('award_organisation_name', 'text')
      .addColumn('award_price_fen', 'bigint')
      .addColumn('awarded_at', 'text')
      .addColumn('standstill_last_day', 'text')
      .addColumn('standstill_ends_at', 'text')
      .addColumn('challenges_lodged', 'integer', (c) => c.notNull())
      .addColumn('challenges_open', 'integer', (c) => c.notNull())
      .addColumn('contract_bid_id', 'text')
      .addColumn('contractor_organisation_id', 'text')
      .addColumn('contractor_name', 'text')
      .addColumn('contract_price_fen', 'bigint')
      .addColumn('contract_term_months', 'integer')
      .addColumn('settlement_method', 'text')
      .addColumn('signed_at', 'text')
      .addColumn('staff_on_post_deadline', 'text')
      .addColumn('ends_at', 'text')
      .addColumn('staff_on_post_at', 'text')
      .addColumn('staff_count', 'integer', (c) => c.notNull())
      .addColumn('staff_qualified', 'integer', (c) => c.notNull())
      .addColumn('funding_matched_fen', 'bigint', (c) => c.notNull())
      .addColumn('funding_pool_fen', 'bigint', (c) => c.notNull())
      .addColumn('deliveries_count', 'integer', (c) => c.notNull())
      .addColumn('delivered_hours', 'double precision', (c) => c.notNull())
      .addColumn('social_worker_hours', 'double precision', (c) => c.notNull())
      .addColumn('volunteer_hours', 'double precision', (c) => c.notNull())
      .addColumn('beneficiaries_served', 'integer', (c) => c.notNull())
      .addColumn('ratings_good', 'integer', (c) => c.notNull())
      .addColumn('ratings_bad', 'integer', (c) => c.notNull())
      .addColumn('ratings_count', 'integer', (c) => c.notNull())
      .addColumn('score_sum', 'double precision', (c) => c.notNull())
      .addColumn('reports_filed', 'integer', (c) => c.notNull())
      .addColumn('monthly_briefs_filed', 'integer', (c) => c.notNull())
      .addColumn('mid_term_filed', 'integer', (c) => c.notNull())
      .addColumn('final_filed', 'integer', (c) => c.notNull())
      .addColumn('latest_evaluation_year', 'integer')
      .addColumn('latest_evaluation_grade', 'text')
      .addColumn('latest_evaluation_score', 'double precision')
      .addColumn('terminated_at', 'text')
      .addColumn('termination_reason', 'text')
      .addColumn('completed_at', 'text')
      .execute();
    await db.schema.createIndex('projects_by_design').ifNotExists().on('projects').columns(['designed_at', 'project_id']).execute();
    await db.schema.createIndex('projects_by_district').ifNotExists().on('projects').columns(['district', 'status']).execute();
    await db.schema.createIndex('projects_by_street').ifNotExists().on('projects').columns(['street', 'status']).execute();
    await db.schema.createIndex('projects_by_community').ifNotExists().on('projects').columns(['community', 'status']).execute();
    await db.schema.createIndex('projects_by_standstill_end').ifNotExists().on('projects').columns(['standstill_ends_at']).execute();
    await db.schema.createIndex('projects_by_contractor').ifNotExists().on('projects').columns(['contractor_organisation_id']).execute();

    await db.schema
      .createTable('project_categories')
      .ifNotExists()
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_categories_pk', ['project_id', 'category'])
      .execute();
    await db.schema.createIndex('project_categories_by_category').ifNotExists().on('project_categories').columns(['category']).execute();

    await db.schema
      .createTable('project_bids')
      .ifNotExists()
      .addColumn('bid_id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('organisation_kind', 'text', (c) => c.notNull())
      .addColumn('price_fen', 'bigint', (c) => c.notNull())
      .addColumn('proposal', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('withdrawn_at', 'text')
      .execute();
    await db.schema.createIndex('project_bids_by_project').ifNotExists().on('project_bids').columns(['project_id', 'submitted_at']).execute();
    await db.schema.createIndex('project_bids_by_organisation').ifNotExists().on('project_bids').columns(['organisation_id']).execute();

    await db.schema
      .createTable('project_staff')
      .ifNotExists()
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('social_worker_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('qualified', 'integer', (c) => c.notNull())
      .addColumn('grade', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('assigned_at', 'text', (c) => c.notNull())
      .addColumn('released_at', 'text')
      .addColumn('release_reason', 'text')
      .addPrimaryKeyConstraint('project_staff_pk', ['project_id', 'social_worker_id'])
      .execute();

    await addAreaColumns(
      db.schema
        .createTable('project_deliveries')
        .ifNotExists()
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('project_kind', 'text', (c) => c.notNull())
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('community_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('service_item', 'text', (c) => c.notNull())
        .addColumn('hours', 'double precision', (c) => c.notNull())
        .addColumn('social_worker_hours', 'double precision', (c) => c.notNull())
        .addColumn('volunteer_hours', 'double precision', (c) => c.notNull())
        .addColumn('social_workers', 'integer', (c) => c.notNull())
        .addColumn('volunteers', 'integer', (c) => c.notNull())
        .addColumn('beneficiaries', 'integer', (c) => c.notNull())
        .addColumn('delivered_on', 'text', (c) => c.notNull())
        .addColumn('week_of', 'text', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('project_deliveries_by_project').ifNotExists().on('project_deliveries').columns(['project_id', 'delivered_on']).execute();
    await db.schema.createIndex('project_deliveries_by_district').ifNotExists().on('project_deliveries').columns(['district', 'street', 'community']).execute();

    await db.schema
      .createTable('station_weekly_hours')
      .ifNotExists()
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('social_worker_id', 'text', (c) => c.notNull())
      .addColumn('week_of', 'text', (c) => c.notNull())
      .addColumn('hours', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('station_weekly_hours_pk', ['project_id', 'week_of', 'social_worker_id'])
      .execute();

    await addAreaColumns(
      db.schema
        .createTable('project_ratings')
        .ifNotExists()
        .addColumn('rating_id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text')
        .addColumn('organisation_id', 'text', (c) => c.notNull())
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('rated_at', 'text', (c) => c.notNull()),
    ).execute();
    await db.schema.createIndex('project_ratings_by_district').ifNotExists().on('project_ratings').columns(['district', 'street', 'community']).execute();

    await db.schema
      .createTable('project_reports')
      .ifNotExists()
      .addColumn('report_id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('filed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_reports_by_project').ifNotExists().on('project_reports').columns(['project_id', 'filed_at']).execute();

    await db.schema
      .createTable('project_evaluations')
      .ifNotExists()
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('grade', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('continues', 'integer', (c) => c.notNull())
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_evaluations_pk', ['project_id', 'year'])
      .execute();

    await db.schema
      .createTable('project_fundings')
      .ifNotExists()
      .addColumn('match_id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('donation_id', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('donor_kind', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('automatic', 'integer', (c) => c.notNull())
      .addColumn('released', 'integer', (c) => c.notNull())
      .addColumn('matched_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('project_fundings_by_project').ifNotExists().on('project_fundings').columns(['project_id']).execute();
    await db.schema
      .createTable('project_challenges')
      .ifNotExists()
      .addColumn('challenge_id', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('awarded_bid_id', 'text', (c) => c.notNull())
      .addColumn('grounds', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('lodged_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addColumn('reasons', 'text')
      .addPrimaryKeyConstraint('project_challenges_pk', ['project_id', 'challenge_id'])
      .execute();
  },
  // ProjectContracted marks the project's other standing bids lost by project_id: that index stays during a rebuild's replay.
  { handlerIndexes: ['project_bids_by_project'] },
);
