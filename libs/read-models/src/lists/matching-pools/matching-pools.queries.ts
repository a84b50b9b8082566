import type { Area } from '#domain';
import type { ReadModelTables } from '../read-model-tables.js';
import { ADMINISTRATIVE_LEVELS, areaOf } from '../shared/columns.js';
import type { Consistency, ReadSide, RowScope } from '../shared/list-query.js';
import { MATCHING_POOLS, type MatchingPoolGiftRow, type MatchingPoolRow } from './matching-pools.projection.js';

export interface MatchingPoolItem {
  poolId: string;
  sponsor: { kind: string; name: string };
  /** Empty levels: the pool matches gifts anywhere below the levels it names. */
  area: Area;
  categories: string[] | null;
  ratio: { gift: number; match: number };
  perDonorCapFen: number;
  perTargetCapFen: number;
  opensAt: string;
  closesAt: string;
  /** UTC instant the sponsor closed the pool early; null otherwise. */
  closedAt: string | null;
  pledgedFen: number;
  balanceFen: number;
  matchedFen: number;
  gifts: { matched: number; unmatched: number; reversed: number };
}

export interface PoolGiftItem {
  poolId: string;
  donationId: string;
  matchId: string;
  target: { kind: string; id: string };
  giftFen: number;
  outcome: MatchingPoolGiftRow['outcome'];
  matchFen: number;
  limitedBy: string | null;
  reason: string | null;
  givenAt: string;
}

export interface MatchingPoolsQueries {
  /** Pools that apply to somewhere in the reader's scope (a district pool shows to its communities), newest first. */
  matchingPools(options: Consistency & { scope?: RowScope; limit?: number }): Promise<MatchingPoolItem[]>;
  /** What each pool made of a donation's gifts (its trail). */
  poolGiftsOfDonation(donationId: string, options?: Consistency): Promise<PoolGiftItem[]>;
}

const toItem = (row: MatchingPoolRow): MatchingPoolItem => ({
  poolId: row.pool_id,
  sponsor: { kind: row.sponsor_kind, name: row.sponsor_name },
  area: areaOf(row),
  categories: row.categories === null ? null : (JSON.parse(row.categories) as string[]),
  ratio: { gift: Number(row.ratio_gift), match: Number(row.ratio_match) },
  perDonorCapFen: Number(row.per_donor_cap_fen),
  perTargetCapFen: Number(row.per_target_cap_fen),
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  closedAt: row.closed_at,
  pledgedFen: Number(row.pledged_fen),
  balanceFen: Number(row.balance_fen),
  matchedFen: Number(row.pledged_fen) - Number(row.balance_fen),
  gifts: { matched: Number(row.gifts_matched), unmatched: Number(row.gifts_unmatched), reversed: Number(row.gifts_reversed) },
});

export const matchingPoolsQueries = (reads: ReadSide<ReadModelTables>): MatchingPoolsQueries => ({
  async matchingPools({ scope = {}, limit = 200, ...consistency }) {
    await reads.consistent(consistency, [MATCHING_POOLS]);
    if (scope.nothing || scope.owner) return [];
    let query = reads.db.selectFrom('matching_pools').selectAll();
    for (const level of ADMINISTRATIVE_LEVELS) {
      const code = scope.within?.[level];
      // The pool names this level as the reader's, or leaves it open (it reaches the reader's area).
      if (code) query = query.where((eb) => eb.or([eb(level, '=', code), eb(level, '=', '')]));
    }
    const rows = await query.orderBy('position', 'desc').limit(Math.min(Math.max(limit, 1), 500)).execute();
    return rows.map(toItem);
  },

  async poolGiftsOfDonation(donationId, consistency = {}) {
    await reads.consistent(consistency, [MATCHING_POOLS]);
    const rows = await reads.db.selectFrom('matching_pool_gifts').selectAll().where('donation_id', '=', donationId).orderBy('position').execute();
    return rows.map((row) => ({
      poolId: row.pool_id,
      donationId: row.donation_id,
      matchId: row.match_id,
      target: { kind: row.target_kind, id: row.target_id },
      giftFen: Number(row.gift_fen),
      outcome: row.outcome,
      matchFen: Number(row.match_fen),
      limitedBy: row.limited_by,
      reason: row.reason,
      givenAt: row.given_at,
    }));
  },
});
