import { notFound, type Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf } from '../shared/columns.js';
import { listPage, whenTrue, type Consistency, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type DonationMatchRow, type DonationRow } from './resources.tables.js';

export interface DonationItem {
  donationId: string;
  donor: { kind: string; name: string };
  resource: string;
  description: string;
  area: Area;
  pledgedFen: number;
  matchedFen: number;
  disbursedFen: number;
  refundedFen: number;
  /** Unallocated balance. */
  balanceFen: number;
  earmark: { category: string | null; district: string | null; street: string | null; community: string | null } | null;
  status: string;
  expiresOn: string | null;
  autoMatch: boolean;
  pledgedAt: string;
}

export interface DonationMatchItem {
  matchId: string;
  donationId: string;
  target: { kind: string; id: string };
  category: string;
  area: Area;
  amountFen: number;
  disbursedFen: number;
  automatic: boolean;
  released: boolean;
  matchedAt: string;
}

export interface DonationDetail extends DonationItem {
  receiptNumber: string | null;
  /** Fen the receipt states now: refunds of receipted money correct it (DonationReceiptCorrected). null: not receipted. */
  receiptedFen: number | null;
  /** True when a refund took back everything the receipt stated. */
  receiptVoided: boolean;
  matches: DonationMatchItem[];
}

export interface DonationsFilter {
  status?: string;
  resource?: string;
  category?: string;
  withBalance?: boolean;
}

export interface DonationMatchesFilter {
  donationId?: string;
  targetKind?: string;
  targetId?: string;
  category?: string;
}

const donationsList: ListShape<ReadModelTables, 'donations', DonationsFilter, DonationItem> = {
  table: 'donations',
  projections: [RESOURCES_LIST],
  order: { list: 'donations', sort: 'pledged_at', id: 'donation_id', direction: 'desc' },
  filters: {
    status: 'status',
    resource: 'resource',
    // The earmark's category: an unearmarked donation serves any category.
    category: (select, category) => select.where((eb) => eb.or([eb('earmark_category', 'is', null), eb('earmark_category', '=', category)])),
    withBalance: whenTrue((select) => select.where('balance_fen', '>', 0)),
  },
  toItem: toDonationItem,
  asOf: true,
};

const donationMatchesList: ListShape<ReadModelTables, 'donation_matches', DonationMatchesFilter, DonationMatchItem> = {
  table: 'donation_matches',
  projections: [RESOURCES_LIST],
  order: { list: 'donation-matches', sort: 'matched_at', id: 'match_id', direction: 'desc' },
  filters: { donationId: 'donation_id', targetKind: 'target_kind', targetId: 'target_id', category: 'category' },
  toItem: toDonationMatchItem,
};

/** Donations with their unallocated balance (venue time is the venues list), and their matches. */
export const donationsQueries = (reads: ReadSide<ReadModelTables>) => ({
  /** Donations with their unallocated balance; `category` matches the earmark (unearmarked donations match any). */
  donations(query: ListQuery<DonationsFilter> = {}): Promise<Page<DonationItem>> {
    return listPage(reads, donationsList, query);
  },

  /** The venues list: venue time donated (场地), as pledged donations of resource venue_time. */
  venues(query: ListQuery<Omit<DonationsFilter, 'resource'>> = {}): Promise<Page<DonationItem>> {
    return listPage(reads, donationsList, { ...query, resource: 'venue_time' });
  },

  async donation(donationId: string, consistency: Consistency = {}): Promise<DonationDetail> {
    await reads.consistent(consistency, [RESOURCES_LIST]);
    const row = await reads.db.selectFrom('donations').selectAll().where('donation_id', '=', donationId).executeTakeFirst();
    if (!row) throw notFound('DONATION_NOT_FOUND', 'No such donation', { donationId });
    const matches = await reads.db
      .selectFrom('donation_matches')
      .selectAll()
      .where('donation_id', '=', donationId)
      .orderBy('matched_at')
      .orderBy('match_id')
      .execute();
    return {
      ...toDonationItem(row),
      receiptNumber: row.receipt_number,
      receiptedFen: row.receipted_fen === null ? null : Number(row.receipted_fen),
      receiptVoided: row.receipt_voided === 1,
      matches: matches.map(toDonationMatchItem),
    };
  },

  donationMatches(query: ListQuery<DonationMatchesFilter> = {}): Promise<Page<DonationMatchItem>> {
    return listPage(reads, donationMatchesList, query);
  },

  async donationMatch(matchId: string, consistency: Consistency = {}): Promise<DonationMatchItem> {
    await reads.consistent(consistency, [RESOURCES_LIST]);
    const row = await reads.db.selectFrom('donation_matches').selectAll().where('match_id', '=', matchId).executeTakeFirst();
    if (!row) throw notFound('DONATION_MATCH_NOT_FOUND', 'No such donation match', { matchId });
    return toDonationMatchItem(row);
  },
});

export type DonationsQueries = ReturnType<typeof donationsQueries>;

function toDonationItem(row: DonationRow): DonationItem {
  return {
    donationId: row.donation_id,
    donor: { kind: row.donor_kind, name: row.donor_name },
    resource: row.resource,
    description: row.description,
    area: areaOf(row),
    pledgedFen: Number(row.pledged_fen),
    matchedFen: Number(row.matched_fen),
    disbursedFen: Number(row.disbursed_fen),
    refundedFen: Number(row.refunded_fen),
    balanceFen: Number(row.balance_fen),
    earmark:
      row.earmarked === 1
        ? { category: row.earmark_category, district: row.earmark_district, street: row.earmark_street, community: row.earmark_community }
        : null,
    status: row.status,
    expiresOn: row.expires_on,
    autoMatch: row.auto_match === 1,
    pledgedAt: row.pledged_at,
  };
}

function toDonationMatchItem(row: DonationMatchRow): DonationMatchItem {
  return {
    matchId: row.match_id,
    donationId: row.donation_id,
    target: { kind: row.target_kind, id: row.target_id },
    category: row.category,
    area: areaOf(row),
    amountFen: Number(row.amount_fen),
    disbursedFen: Number(row.disbursed_fen),
    automatic: row.automatic === 1,
    released: row.released === 1,
    matchedAt: row.matched_at,
  };
}

/** A donation as the notice board shows it: the list item (a resident donor as 匿名), without the receipt or the matches. */
export const donationPublicForm = (detail: DonationDetail): DonationItem => {
  const { receiptNumber: _n, receiptedFen: _f, receiptVoided: _v, matches: _m, ...item } = detail;
  return item;
};
