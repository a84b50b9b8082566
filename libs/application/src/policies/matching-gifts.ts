/**
 * 配捐 (issue 13 item 2): every gift (a donation's money matched to a need or project) is told to each
 * matching pool whose window holds the gift's time and whose area holds its target; a released gift
 * is told to the pools that were told of it. The pool's decider decides each one on its own stream
 * (matched, cut by a cap, or left unmatched with a reason), so its balance holds under any race.
 *
 * Durable and idempotent: this runs as a side-effecting projection off the checkpointed log, so a
 * crash between the gift and its match re-delivers the gift (nothing lost); each command carries
 * the gift's eventId as causation (deterministic eventIds) and the pool records a gift once by its
 * key, so a redelivery, or the same gift told twice by two processes, matches nothing twice.
 *
 * Which pools exist and which account pledged each donation are kept in this projection's OWN
 * tables, written in the transaction that moves its checkpoint: they never lag the gift being
 * handled, which a separate read model (another projection, another checkpoint) could.
 */
import {
  beijingWallClockInstant,
  accountOf,
  matchingPoolDecider,
  type DonationMatchedData,
  type DonationMatchReleasedData,
  type DonationPledgedData,
  type MatchingPoolCommand,
  type MatchingPoolPledgedData,
  type PoolGift,
} from '#domain';
import type { HandledCommand, RecordedEvent } from '#event-store';
import { projectionTables, type Projection, type ProjectionLogger } from '#read-models';
import type { Kysely, Transaction } from 'kysely';
import type { CommandService } from '../command-handling/command-service.js';
import { runFollowUp } from './run-follow-up.js';

export const MATCHING_GIFTS = 'matching-gifts';

export interface MatchingGiftsTables {
  matching_gift_pools: { pool_id: string; city: string; district: string; street: string; community: string; categories: string | null; opens_at: string; closes_at: string };
  matching_gift_donors: { donation_id: string; donor_account: string };
  matching_gift_told: { pool_id: string; donation_id: string; match_id: string };
}

const tables = projectionTables<MatchingGiftsTables>(['matching_gift_pools', 'matching_gift_donors', 'matching_gift_told'], async (db) => {
  await db.schema
    .createTable('matching_gift_pools')
    .ifNotExists()
    .addColumn('pool_id', 'text', (c) => c.primaryKey())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('district', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('community', 'text', (c) => c.notNull())
    .addColumn('categories', 'text')
    // UTC instants (ISO, same width): compared as text.
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('matching_gift_pools_by_window').ifNotExists().on('matching_gift_pools').columns(['city', 'closes_at']).execute();
  await db.schema
    .createTable('matching_gift_donors')
    .ifNotExists()
    .addColumn('donation_id', 'text', (c) => c.primaryKey())
    .addColumn('donor_account', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('matching_gift_told')
    .ifNotExists()
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('donation_id', 'text', (c) => c.notNull())
    .addColumn('match_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('matching_gift_told_pk', ['donation_id', 'match_id', 'pool_id'])
    .execute();
});

const POLICY_ACTOR = { id: 'policy:matching-gifts', role: 'system' } as const;

/** Sends one pool one command about a gift, caused by the gift's (or release's) stored event. */
export const tellPool = (commands: Pick<CommandService, 'execute'>, poolId: string, command: MatchingPoolCommand, trigger: Pick<RecordedEvent, 'eventId' | 'metadata'>): Promise<HandledCommand> =>
  commands.execute(matchingPoolDecider, poolId, command, { correlationId: trigger.metadata.correlationId, causationId: trigger.eventId, actor: POLICY_ACTOR });

/**
 * Tells the pool as the policy does: a refusal is logged, a lost race or a store away is retried with
 * backoff (runFollowUp) before it stops the projection at the gift, to be told again after a restart.
 */
export const tellPoolAtLeastOnce = (
  commands: Pick<CommandService, 'execute'>,
  poolId: string,
  command: MatchingPoolCommand,
  trigger: Pick<RecordedEvent, 'eventId' | 'metadata'>,
  logger: ProjectionLogger,
): Promise<void> => runFollowUp(() => tellPool(commands, poolId, command, trigger), logger, { policy: MATCHING_GIFTS, eventId: trigger.eventId, poolId });

/** The gift a DonationMatched is, as a pool sees it. */
export const giftOf = (event: RecordedEvent<DonationMatchedData>, donorAccount: string): PoolGift => ({
  donationId: event.data.donationId,
  matchId: event.data.matchId,
  donorAccount,
  donorKind: event.data.donorKind,
  resource: event.data.resource,
  target: event.data.target,
  amountFen: event.data.amountFen,
  givenAt: event.metadata.occurredAt,
});

/** Pools whose window holds the gift's instant and whose area and categories hold its target (the decider checks all again). */
const poolsFor = async (db: Kysely<MatchingGiftsTables>, gift: PoolGift) => {
  const { area } = gift.target;
  const targetCategories: readonly string[] = gift.target.kind === 'need' ? [gift.target.category] : gift.target.categories;
  const rows = await db
    .selectFrom('matching_gift_pools')
    .select(['pool_id', 'categories'])
    .where('city', '=', area.city)
    .where((eb) => eb.or([eb('district', '=', ''), eb('district', '=', area.district)]))
    .where((eb) => eb.or([eb('street', '=', ''), eb('street', '=', area.street)]))
    .where((eb) => eb.or([eb('community', '=', ''), eb('community', '=', area.community)]))
    .where('opens_at', '<=', gift.givenAt)
    .where('closes_at', '>', gift.givenAt)
    .orderBy('pool_id')
    .execute();
  return rows.filter((row) => row.categories === null || (JSON.parse(row.categories) as string[]).some((category) => targetCategories.includes(category)));
};

type Handled = { MatchingPoolPledged: MatchingPoolPledgedData; DonationPledged: DonationPledgedData; DonationMatched: DonationMatchedData; DonationMatchReleased: DonationMatchReleasedData };

export const matchingGiftsProjection = (commands: Pick<CommandService, 'execute'>, logger: ProjectionLogger): Projection<MatchingGiftsTables, Handled> => ({
  name: MATCHING_GIFTS,
  version: 1,
  sideEffects: true,
  tables,
  on: {
    MatchingPoolPledged: async ({ data }, trx) => {
      const instant = (text: string) => beijingWallClockInstant(text)!.toISOString();
      await trx
        .insertInto('matching_gift_pools')
        .values({
          pool_id: data.poolId,
          ...data.area,
          categories: data.categories ? JSON.stringify(data.categories) : null,
          opens_at: instant(data.opensAt),
          closes_at: instant(data.closesAt),
        })
        .onConflict((conflict) => conflict.column('pool_id').doNothing())
        .execute();
    },
    // One donor is the account that pledged (the same fact the authority rules call the donation's creator).
    DonationPledged: async (event, trx) => {
      await trx
        .insertInto('matching_gift_donors')
        .values({ donation_id: event.data.donationId, donor_account: accountOf(event.metadata.actor) })
        .onConflict((conflict) => conflict.column('donation_id').doNothing())
        .execute();
    },
    DonationMatched: async (event, trx) => {
      if (event.data.resource !== 'money') return;
      const donor = await trx.selectFrom('matching_gift_donors').select('donor_account').where('donation_id', '=', event.data.donationId).executeTakeFirst();
      if (!donor) return;
      const gift = giftOf(event, donor.donor_account);
      for (const { pool_id: poolId } of await poolsFor(trx as Transaction<MatchingGiftsTables>, gift)) {
        await tellPoolAtLeastOnce(commands, poolId, { type: 'MatchGift', data: { poolId, gift } }, event, logger);
        await trx
          .insertInto('matching_gift_told')
          .values({ pool_id: poolId, donation_id: gift.donationId, match_id: gift.matchId })
          .onConflict((conflict) => conflict.columns(['donation_id', 'match_id', 'pool_id']).doNothing())
          .execute();
      }
    },
    DonationMatchReleased: async (event, trx) => {
      const { donationId, matchId } = event.data;
      const told = await trx.selectFrom('matching_gift_told').select('pool_id').where('donation_id', '=', donationId).where('match_id', '=', matchId).execute();
      for (const { pool_id: poolId } of told) {
        const command: MatchingPoolCommand = { type: 'ReverseGiftMatch', data: { poolId, donationId, matchId, reason: '捐赠对接已撤回' } };
        await tellPoolAtLeastOnce(commands, poolId, command, event, logger);
      }
    },
  },
});
