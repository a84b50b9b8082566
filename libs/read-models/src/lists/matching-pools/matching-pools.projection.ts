import { sql, type Transaction } from 'kysely';
import type { DonationTarget, GiftLeftUnmatchedData, GiftMatchedData, GiftMatchReversedData, MatchingPoolClosedData, MatchingPoolPledgedData, MatchingPoolToppedUpData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { type Projection, projectionTables } from '../../framework/projection.js';
import { addAreaColumns, type AreaColumns, areaColumns, toJson } from '../shared/columns.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const MATCHING_POOLS = 'matching-pools';

/** 配捐: each pool with its balance and usage, and each gift it was told of with the outcome. */
export interface MatchingPoolsTables {
  matching_pools: MatchingPoolRow;
  matching_pool_gifts: MatchingPoolGiftRow;
}

export interface MatchingPoolRow extends AreaColumns {
  pool_id: string;
  sponsor_kind: string;
  sponsor_name: string;
  /** JSON list, or null for any category. */
  categories: string | null;
  ratio_gift: number;
  ratio_match: number;
  per_donor_cap_fen: number;
  per_target_cap_fen: number;
  /** Beijing wall clock 'YYYY-MM-DDTHH:mm'. */
  opens_at: string;
  closes_at: string;
  /** UTC instant the sponsor closed the pool early; null otherwise. */
  closed_at: string | null;
  pledged_fen: number;
  balance_fen: number;
  gifts_matched: number;
  gifts_unmatched: number;
  gifts_reversed: number;
  position: number;
}

export interface MatchingPoolGiftRow {
  pool_id: string;
  donation_id: string;
  match_id: string;
  target_kind: string;
  target_id: string;
  gift_fen: number;
  outcome: 'matched' | 'unmatched' | 'reversed';
  /** What the pool gave (kept after a reversal, which says it was given back). */
  match_fen: number;
  limited_by: string | null;
  reason: string | null;
  given_at: string;
  position: number;
}

export const matchingPoolsTables = projectionTables<MatchingPoolsTables>(['matching_pools', 'matching_pool_gifts'], async (db) => {
  await addAreaColumns(db.schema.createTable('matching_pools').ifNotExists().addColumn('pool_id', 'text', (c) => c.primaryKey()))
    .addColumn('sponsor_kind', 'text', (c) => c.notNull())
    .addColumn('sponsor_name', 'text', (c) => c.notNull())
    .addColumn('categories', 'text')
    .addColumn('ratio_gift', 'integer', (c) => c.notNull())
    .addColumn('ratio_match', 'integer', (c) => c.notNull())
    .addColumn('per_donor_cap_fen', 'bigint', (c) => c.notNull())
    .addColumn('per_target_cap_fen', 'bigint', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('pledged_fen', 'bigint', (c) => c.notNull())
    .addColumn('balance_fen', 'bigint', (c) => c.notNull())
    .addColumn('gifts_matched', 'integer', (c) => c.notNull())
    .addColumn('gifts_unmatched', 'integer', (c) => c.notNull())
    .addColumn('gifts_reversed', 'integer', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('matching_pools_by_area').ifNotExists().on('matching_pools').columns(['city', 'district', 'position']).execute();
  await db.schema
    .createTable('matching_pool_gifts')
    .ifNotExists()
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('donation_id', 'text', (c) => c.notNull())
    .addColumn('match_id', 'text', (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('gift_fen', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('match_fen', 'bigint', (c) => c.notNull())
    .addColumn('limited_by', 'text')
    .addColumn('reason', 'text')
    .addColumn('given_at', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('matching_pool_gifts_pk', ['pool_id', 'donation_id', 'match_id'])
    .execute();
  await db.schema.createIndex('matching_pool_gifts_by_donation').ifNotExists().on('matching_pool_gifts').columns(['donation_id', 'position']).execute();
  // Handlers read by primary key only: a rebuild builds every other index after its replay.
}, { handlerIndexes: [] });

const targetIdOf = (target: DonationTarget): string => (target.kind === 'need' ? target.needId : target.projectId);

type Events = {
  MatchingPoolPledged: MatchingPoolPledgedData;
  GiftMatched: GiftMatchedData;
  GiftLeftUnmatched: GiftLeftUnmatchedData;
  GiftMatchReversed: GiftMatchReversedData;
  MatchingPoolToppedUp: MatchingPoolToppedUpData;
  MatchingPoolClosed: MatchingPoolClosedData;
};
type Trx = Transaction<MatchingPoolsTables>;

export class MatchingPoolsProjection implements Projection<MatchingPoolsTables, Events> {
  readonly name = MATCHING_POOLS;
  // 2: closed_at (MatchingPoolClosed), top-ups (MatchingPoolToppedUp).
  readonly version = 2;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/).
  readonly writeBehind = true;
  readonly tables = matchingPoolsTables;

  readonly on = {
    MatchingPoolPledged: async ({ data, position }: RecordedEvent<MatchingPoolPledgedData>, trx: Trx) => {
      await trx
        .insertInto('matching_pools')
        .values({
          pool_id: data.poolId,
          sponsor_kind: data.sponsor.kind,
          sponsor_name: data.sponsor.displayName,
          ...areaColumns(data.area),
          categories: data.categories ? toJson(data.categories) : null,
          ratio_gift: data.ratio.gift,
          ratio_match: data.ratio.match,
          per_donor_cap_fen: data.perDonorCapFen,
          per_target_cap_fen: data.perTargetCapFen,
          opens_at: data.opensAt,
          closes_at: data.closesAt,
          closed_at: null,
          pledged_fen: data.pledgedFen,
          balance_fen: data.pledgedFen,
          gifts_matched: 0,
          gifts_unmatched: 0,
          gifts_reversed: 0,
          position,
        })
        .onConflict((conflict) => conflict.column('pool_id').doNothing())
        .execute();
    },
    GiftMatched: async ({ data, position }: RecordedEvent<GiftMatchedData>, trx: Trx) => {
      await insertGift(trx, data, position, { outcome: 'matched', match_fen: data.matchFen, limited_by: data.limitedBy, reason: null });
      await trx
        .updateTable('matching_pools')
        .set({ balance_fen: data.balanceFen, gifts_matched: sql`gifts_matched + 1` })
        .where('pool_id', '=', data.poolId)
        .execute();
    },
    MatchingPoolToppedUp: async ({ data }: RecordedEvent<MatchingPoolToppedUpData>, trx: Trx) => {
      await trx.updateTable('matching_pools').set({ pledged_fen: data.pledgedFen, balance_fen: data.balanceFen }).where('pool_id', '=', data.poolId).execute();
    },
    MatchingPoolClosed: async ({ data }: RecordedEvent<MatchingPoolClosedData>, trx: Trx) => {
      await trx.updateTable('matching_pools').set({ closed_at: data.closedAt }).where('pool_id', '=', data.poolId).execute();
    },
    GiftLeftUnmatched: async ({ data, position }: RecordedEvent<GiftLeftUnmatchedData>, trx: Trx) => {
      await insertGift(trx, data, position, { outcome: 'unmatched', match_fen: 0, limited_by: null, reason: data.reason });
      await trx.updateTable('matching_pools').set({ gifts_unmatched: sql`gifts_unmatched + 1` }).where('pool_id', '=', data.poolId).execute();
    },
    GiftMatchReversed: async ({ data }: RecordedEvent<GiftMatchReversedData>, trx: Trx) => {
      await trx
        .updateTable('matching_pool_gifts')
        .set({ outcome: 'reversed' })
        .where('pool_id', '=', data.poolId)
        .where('donation_id', '=', data.donationId)
        .where('match_id', '=', data.matchId)
        .execute();
      await trx
        .updateTable('matching_pools')
        .set({ balance_fen: data.balanceFen, gifts_matched: sql`gifts_matched - 1`, gifts_reversed: sql`gifts_reversed + 1` })
        .where('pool_id', '=', data.poolId)
        .execute();
    },
  };
}

const insertGift = (
  trx: Trx,
  data: Pick<GiftMatchedData, 'poolId' | 'donationId' | 'matchId' | 'target' | 'giftFen' | 'givenAt'>,
  position: number,
  outcome: Pick<MatchingPoolGiftRow, 'outcome' | 'match_fen' | 'limited_by' | 'reason'>,
) =>
  trx
    .insertInto('matching_pool_gifts')
    .values({
      pool_id: data.poolId,
      donation_id: data.donationId,
      match_id: data.matchId,
      target_kind: data.target.kind,
      target_id: targetIdOf(data.target),
      gift_fen: data.giftFen,
      given_at: data.givenAt,
      position,
      ...outcome,
    })
    .onConflict((conflict) => conflict.columns(['pool_id', 'donation_id', 'match_id']).doNothing())
    .execute();
