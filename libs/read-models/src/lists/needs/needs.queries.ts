import { notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf, fromJson, numberOrNull } from '../shared/columns.js';
import { listPage, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { NEEDS_LIST, type NeedMatchRow, type NeedRow } from './needs.tables.js';

export interface NeedListItem {
  needId: string;
  communityId: string;
  area: Area;
  title: string;
  category: string;
  urgency: string;
  status: string;
  beneficiaries: number;
  hoursPerWeek: number | null;
  amountFen: number | null;
  listedAt: string;
  /** The listing or the latest reconfirmation (需求复核): how fresh the need is. */
  lastConfirmedAt: string;
  /** 需求失效: not reconfirmed within NEED_STALE_AFTER_DAYS (NeedMarkedStale); out of matching until reconfirmed. */
  stale: boolean;
  markedStaleAt: string | null;
  firstMatchedAt: string | null;
  /** Seconds from listing to first match; null while unmatched. */
  timeToFirstMatchSeconds: number | null;
  matches: number;
  /** Resources' money matched to the need (donations; goods and venue time at their appraised value), fen. */
  matchedAmountFen: number;
  /** 配捐: what matching pools gave for the gifts to the need (less reversals), fen. */
  poolMatchedFen: number;
  /** The need's funding: matchedAmountFen + poolMatchedFen, fen. */
  fundedFen: number;
  matchedHoursPerWeek: number;
  coveringProjectIds: string[];
  fulfilledAt: string | null;
  withdrawn: boolean;
}

export interface NeedMatchItem {
  matchId: string;
  needId: string;
  resource: { kind: string; id: string };
  amountFen: number | null;
  hoursPerWeek: number | null;
  firstMatch: boolean;
  category: string;
  area: Area;
  listedAt: string;
  matchedAt: string;
}

export interface NeedDetail extends NeedListItem {
  description: string;
  /** Pseudonymous; resolve through the vault only for users allowed to see the person. */
  beneficiaryRef: string;
  requiredSkills: string[];
  window: { from: string; to: string } | null;
  source: string;
  verifiedAt: string | null;
  coveredAt: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  matchList: NeedMatchItem[];
}

export interface NeedsFilter {
  category?: string;
  status?: string;
  urgency?: string;
  /** true: only stale needs; false: only fresh ones. */
  stale?: boolean;
}

export interface NeedMatchesFilter {
  needId?: string;
  resourceKind?: string;
  resourceId?: string;
  category?: string;
}

const needsList: ListShape<ReadModelTables, 'needs', NeedsFilter, NeedListItem> = {
  table: 'needs',
  projections: [NEEDS_LIST],
  order: { list: 'needs', sort: 'listed_at', id: 'need_id', direction: 'desc' },
  filters: { category: 'category', status: 'status', urgency: 'urgency', stale: (select, stale) => select.where('stale', '=', stale ? 1 : 0) },
  toItem: toNeedItem,
  asOf: true,
};

const needMatchesList: ListShape<ReadModelTables, 'need_matches', NeedMatchesFilter, NeedMatchItem> = {
  table: 'need_matches',
  projections: [NEEDS_LIST],
  order: { list: 'need-matches', sort: 'matched_at', id: 'match_id', direction: 'desc' },
  filters: { needId: 'need_id', resourceKind: 'resource_kind', resourceId: 'resource_id', category: 'category' },
  toItem: toNeedMatchItem,
};

/** 居民需求清单: needs and their matches with resources, newest first. */
export const needsQueries = (reads: ReadSide<ReadModelTables>) => ({
  needs(query: ListQuery<NeedsFilter> = {}): Promise<Page<NeedListItem>> {
    return listPage(reads, needsList, query);
  },

  async need(needId: string, consistency: Consistency = {}): Promise<NeedDetail> {
    await reads.consistent(consistency, [NEEDS_LIST]);
    const row = await reads.db.selectFrom('needs').selectAll().where('need_id', '=', needId).executeTakeFirst();
    if (!row) throw notFound('NEED_NOT_FOUND', 'No such need', { needId });
    const matches = await reads.db.selectFrom('need_matches').selectAll().where('need_id', '=', needId).orderBy('matched_at').orderBy('match_id').execute();
    return {
      ...toNeedItem(row),
      description: row.description,
      beneficiaryRef: row.beneficiary_ref,
      requiredSkills: fromJson<string[]>(row.required_skills),
      window: row.window_from && row.window_to ? { from: row.window_from, to: row.window_to } : null,
      source: row.source,
      verifiedAt: row.verified_at,
      coveredAt: row.covered_at,
      withdrawnAt: row.withdrawn_at,
      withdrawalReason: row.withdrawal_reason,
      matchList: matches.map(toNeedMatchItem),
    };
  },

  /**
   * Open needs, not yet marked stale, last confirmed before `confirmedBefore` (ISO instant), oldest
   * first: what the freshness clock marks stale. Each mark is checked again by the need itself.
   */
  async needsDueStale(confirmedBefore: string, limit: number): Promise<string[]> {
    const rows = await reads.db
      .selectFrom('needs')
      .select('need_id')
      .where('status', 'not in', ['fulfilled', 'withdrawn'])
      .where('stale', '=', 0)
      .where('last_confirmed_at', '<', confirmedBefore)
      .orderBy('last_confirmed_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.need_id);
  },

  /** Matches of needs with resources, newest first; filter by need, resource, area or category. */
  needMatches(query: ListQuery<NeedMatchesFilter> = {}): Promise<Page<NeedMatchItem>> {
    return listPage(reads, needMatchesList, query);
  },

  async needMatch(matchId: string, consistency: Consistency = {}): Promise<NeedMatchItem> {
    await reads.consistent(consistency, [NEEDS_LIST]);
    const row = await reads.db.selectFrom('need_matches').selectAll().where('match_id', '=', matchId).executeTakeFirst();
    if (!row) throw notFound('MATCH_NOT_FOUND', 'No such match', { matchId });
    return toNeedMatchItem(row);
  },
});

export type NeedsQueries = ReturnType<typeof needsQueries>;

function toNeedItem(row: NeedRow): NeedListItem {
  return {
    needId: row.need_id,
    communityId: row.community_id,
    area: areaOf(row),
    title: row.title,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    beneficiaries: row.beneficiaries,
    hoursPerWeek: row.hours_per_week,
    amountFen: numberOrNull(row.amount_fen),
    listedAt: row.listed_at,
    lastConfirmedAt: row.last_confirmed_at,
    stale: row.stale === 1,
    markedStaleAt: row.marked_stale_at,
    firstMatchedAt: row.first_matched_at,
    timeToFirstMatchSeconds: numberOrNull(row.first_match_seconds),
    matches: row.matches_count,
    matchedAmountFen: Number(row.matched_amount_fen),
    poolMatchedFen: Number(row.pool_matched_fen),
    fundedFen: Number(row.matched_amount_fen) + Number(row.pool_matched_fen),
    matchedHoursPerWeek: row.matched_hours_per_week,
    coveringProjectIds: fromJson<string[]>(row.project_ids),
    fulfilledAt: row.fulfilled_at,
    withdrawn: row.withdrawn === 1,
  };
}

function toNeedMatchItem(row: NeedMatchRow): NeedMatchItem {
  return {
    matchId: row.match_id,
    needId: row.need_id,
    resource: { kind: row.resource_kind, id: row.resource_id },
    amountFen: numberOrNull(row.amount_fen),
    hoursPerWeek: row.hours_per_week,
    firstMatch: row.first_match === 1,
    category: row.category,
    area: areaOf(row),
    listedAt: row.listed_at,
    matchedAt: row.matched_at,
  };
}

/** A need as the notice board shows it (readers who may not see it in full): the list item, without the description, beneficiary reference, source or matches. */
export const needPublicForm = (detail: NeedDetail): NeedListItem => {
  const { description: _d, beneficiaryRef: _b, requiredSkills: _r, window: _w, source: _s, verifiedAt: _v, coveredAt: _c, withdrawnAt: _wa, withdrawalReason: _wr, matchList: _m, ...item } = detail;
  return item;
};
