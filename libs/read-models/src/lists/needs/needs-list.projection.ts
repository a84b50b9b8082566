import type { Transaction } from 'kysely';
import type {
  NeedCoveredByProjectData,
  NeedFulfilledData,
  NeedListedData,
  NeedMatchedData,
  NeedVerifiedData,
  NeedWithdrawnData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { projectionTables, type Projection } from '../../framework/projection.js';
import { addAreaColumns, areaColumns, flag, fromJson, secondsBetween, toJson, type AreaColumns } from '../shared/columns.js';

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
  verified_at: string | null;
  matches_count: number;
  first_matched_at: string | null;
  /** Time from listing to first match: the indicator's raw figure. */
  first_match_seconds: number | null;
  matched_amount_fen: number;
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

export interface NeedsListEvents {
  NeedListed: NeedListedData;
  NeedVerified: NeedVerifiedData;
  NeedMatched: NeedMatchedData;
  NeedCoveredByProject: NeedCoveredByProjectData;
  NeedFulfilled: NeedFulfilledData;
  NeedWithdrawn: NeedWithdrawnData;
}

const URGENCY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3, critical: 4 };

type Trx = Transaction<NeedsListTables>;

/** The open status shows the furthest step reached, as the need aggregate does. */
const openStatus = (need: Pick<NeedRow, 'verified' | 'matches_count' | 'project_ids'>): NeedListStatus => {
  if (fromJson<string[]>(need.project_ids).length > 0) return 'covered';
  if (need.matches_count > 0) return 'matched';
  return need.verified ? 'verified' : 'listed';
};

async function updateNeed(trx: Trx, event: RecordedEvent<{ needId: string }>, change: (need: NeedRow) => Partial<NeedRow>) {
  const need = await trx.selectFrom('needs').selectAll().where('need_id', '=', event.data.needId).executeTakeFirst();
  if (!need) throw new Error(`${event.type} for need ${event.data.needId}, which was never listed`);
  const patch = change(need);
  const changed = { ...need, ...patch };
  const status = changed.status === 'fulfilled' || changed.status === 'withdrawn' ? changed.status : openStatus(changed);
  await trx
    .updateTable('needs')
    .set({ ...patch, status })
    .where('need_id', '=', need.need_id)
    .execute();
}

export class NeedsListProjection implements Projection<NeedsListTables, NeedsListEvents> {
  readonly name = 'needs-list';
  readonly version = 1;

  readonly tables = projectionTables<NeedsListTables>(['needs', 'need_matches'], async (db) => {
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
      .addColumn('verified_at', 'text')
      .addColumn('matches_count', 'integer', (c) => c.notNull())
      .addColumn('first_matched_at', 'text')
      .addColumn('first_match_seconds', 'bigint')
      .addColumn('matched_amount_fen', 'bigint', (c) => c.notNull())
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
  });

  readonly on = {
    NeedListed: async (event: RecordedEvent<NeedListedData>, trx: Trx) => {
      const need = event.data;
      await trx
        .insertInto('needs')
        .values({
          need_id: need.needId,
          community_id: need.communityId,
          ...areaColumns(need.area),
          title: need.title,
          description: need.description,
          category: need.category,
          urgency: need.urgency,
          urgency_rank: URGENCY_RANK[need.urgency] ?? 0,
          status: 'listed',
          verified: 0,
          beneficiary_ref: need.beneficiaryRef,
          beneficiaries: need.beneficiaries,
          required_skills: toJson(need.requiredSkills),
          hours_per_week: need.hoursPerWeek,
          amount_fen: need.amountFen,
          window_from: need.window?.from ?? null,
          window_to: need.window?.to ?? null,
          source: need.source,
          listed_at: need.listedAt,
          verified_at: null,
          matches_count: 0,
          first_matched_at: null,
          first_match_seconds: null,
          matched_amount_fen: 0,
          matched_hours_per_week: 0,
          project_ids: '[]',
          covered_at: null,
          fulfilled_at: null,
          withdrawn: 0,
          withdrawn_at: null,
          withdrawal_reason: null,
        })
        .execute();
    },

    NeedVerified: (event: RecordedEvent<NeedVerifiedData>, trx: Trx) =>
      updateNeed(trx, event, () => ({ verified: flag(true), verified_at: event.data.verifiedAt })),

    NeedMatched: async (event: RecordedEvent<NeedMatchedData>, trx: Trx) => {
      const match = event.data;
      await trx
        .insertInto('need_matches')
        .values({
          match_id: match.matchId,
          need_id: match.needId,
          resource_kind: match.resource.kind,
          resource_id: match.resource.id,
          amount_fen: match.amountFen,
          hours_per_week: match.hoursPerWeek,
          first_match: flag(match.firstMatch),
          category: match.category,
          ...areaColumns(match.area),
          listed_at: match.listedAt,
          matched_at: match.matchedAt,
        })
        .execute();
      await updateNeed(trx, event, (need) => ({
        matches_count: need.matches_count + 1,
        matched_amount_fen: Number(need.matched_amount_fen) + (match.amountFen ?? 0),
        matched_hours_per_week: need.matched_hours_per_week + (match.hoursPerWeek ?? 0),
        ...(need.first_matched_at === null
          ? { first_matched_at: match.matchedAt, first_match_seconds: secondsBetween(match.listedAt, match.matchedAt) }
          : {}),
      }));
    },

    NeedCoveredByProject: (event: RecordedEvent<NeedCoveredByProjectData>, trx: Trx) =>
      updateNeed(trx, event, (need) => ({
        project_ids: toJson([...fromJson<string[]>(need.project_ids), event.data.projectId]),
        covered_at: need.covered_at ?? event.data.coveredAt,
      })),

    NeedFulfilled: (event: RecordedEvent<NeedFulfilledData>, trx: Trx) =>
      updateNeed(trx, event, () => ({ status: 'fulfilled', fulfilled_at: event.data.fulfilledAt })),

    NeedWithdrawn: (event: RecordedEvent<NeedWithdrawnData>, trx: Trx) =>
      updateNeed(trx, event, () => ({
        status: 'withdrawn',
        withdrawn: flag(true),
        withdrawn_at: event.data.withdrawnAt,
        withdrawal_reason: event.data.reason,
      })),
  };
}
