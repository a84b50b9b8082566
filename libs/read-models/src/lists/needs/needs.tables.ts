import { projectionTables } from '../../framework/projection.js';
import { addAreaColumns, type AreaColumns } from '../shared/columns.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const NEEDS_LIST = 'needs-list';

/** 居民需求清单: one row per need, one row per match. */
export interface NeedsListTables {
  needs: NeedRow;
  need_matches: NeedMatchRow;
}

export type NeedListStatus = 'listed' | 'verified' | 'matched' | 'covered' | 'fulfilled' | 'withdrawn';

export interface NeedRow extends AreaColumns {
  need_id: string;
  community_id: string;
  title: string;
  description: string;
  category: string;
  urgency: string;
  /** 1 low .. 4 critical: sortable. */
  urgency_rank: number;
  status: NeedListStatus;
  verified: number;
  /** Pseudonymous; the vault resolves it for those allowed to see the person. */
  beneficiary_ref: string;
  beneficiaries: number;
  required_skills: string;
  hours_per_week: number | null;
  amount_fen: number | null;
  window_from: string | null;
  window_to: string | null;
  source: string;
  listed_at: string;
  /** When the committee last said the need still stands: its listing, then each reconfirmation (需求复核). */
  last_confirmed_at: string;
  /** 1 while marked stale (NeedMarkedStale) and not reconfirmed since. */
  stale: number;
  marked_stale_at: string | null;
  verified_at: string | null;
  matches_count: number;
  first_matched_at: string | null;
  /** Time from listing to first match: the indicator's raw figure. */
  first_match_seconds: number | null;
  matched_amount_fen: number;
  /** 配捐: what matching pools gave to the need for its gifts (GiftMatched less GiftMatchReversed). */
  pool_matched_fen: number;
  matched_hours_per_week: number;
  /** JSON array of the projects that cover the need, in covering order. */
  project_ids: string;
  covered_at: string | null;
  fulfilled_at: string | null;
  withdrawn: number;
  withdrawn_at: string | null;
  withdrawal_reason: string | null;
}

export interface NeedMatchRow extends AreaColumns {
  match_id: string;
  need_id: string;
  resource_kind: string;
  resource_id: string;
  amount_fen: number | null;
  hours_per_week: number | null;
  first_match: number;
  category: string;
  listed_at: string;
  matched_at: string;
}

export const needsListTables = projectionTables<NeedsListTables>(['needs', 'need_matches'], async (db) => {
  await addAreaColumns(
    db.schema
      .createTable('needs')
      .ifNotExists()
      .addColumn('need_id', 'text', (c) => c.primaryKey())
      .addColumn('community_id', 'text', (c) => c.notNull()),
  )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('urgency_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .addColumn('beneficiary_ref', 'text', (c) => c.notNull())
    .addColumn('beneficiaries', 'integer', (c) => c.notNull())
    .addColumn('required_skills', 'text', (c) => c.notNull())
    .addColumn('hours_per_week', 'double precision')
    .addColumn('amount_fen', 'bigint')
    .addColumn('window_from', 'text')
    .addColumn('window_to', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('listed_at', 'text', (c) => c.notNull())
    .addColumn('last_confirmed_at', 'text', (c) => c.notNull())
    .addColumn('stale', 'integer', (c) => c.notNull())
    .addColumn('marked_stale_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('matches_count', 'integer', (c) => c.notNull())
    .addColumn('first_matched_at', 'text')
    .addColumn('first_match_seconds', 'bigint')
    .addColumn('matched_amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('pool_matched_fen', 'bigint', (c) => c.notNull())
    .addColumn('matched_hours_per_week', 'double precision', (c) => c.notNull())
    .addColumn('project_ids', 'text', (c) => c.notNull())
    .addColumn('covered_at', 'text')
    .addColumn('fulfilled_at', 'text')
    .addColumn('withdrawn', 'integer', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .addColumn('withdrawal_reason', 'text')
    .execute();
  await db.schema.createIndex('needs_by_listing').ifNotExists().on('needs').columns(['listed_at', 'need_id']).execute();
  await db.schema.createIndex('needs_by_district').ifNotExists().on('needs').columns(['district', 'status']).execute();
  await db.schema.createIndex('needs_by_street').ifNotExists().on('needs').columns(['street', 'status']).execute();
  await db.schema.createIndex('needs_by_community').ifNotExists().on('needs').columns(['community', 'status']).execute();
  await db.schema.createIndex('needs_by_category').ifNotExists().on('needs').columns(['category', 'status']).execute();

  await addAreaColumns(
    db.schema
      .createTable('need_matches')
      .ifNotExists()
      .addColumn('match_id', 'text', (c) => c.primaryKey())
      .addColumn('need_id', 'text', (c) => c.notNull())
      .addColumn('resource_kind', 'text', (c) => c.notNull())
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint')
      .addColumn('hours_per_week', 'double precision')
      .addColumn('first_match', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('listed_at', 'text', (c) => c.notNull())
      .addColumn('matched_at', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('need_matches_by_need').ifNotExists().on('need_matches').columns(['need_id', 'matched_at']).execute();
  await db.schema
    .createIndex('need_matches_by_resource')
    .ifNotExists()
    .on('need_matches')
    .columns(['resource_kind', 'resource_id'])
    .execute();
  // Handlers read by primary key only: a rebuild builds every other index after its replay.
}, { handlerIndexes: [] });
