import type { Transaction } from 'kysely';
import { accountOf, type DonationPledgedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { type Projection, projectionTables } from '../../framework/projection.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const DONOR_GIFTS = 'donor-gifts';

/**
 * Which donations each account pledged (the donor's own view of its gifts, issue 12 item 4). The
 * pledging account is the authenticated actor of the pledge's metadata: the same fact the authority
 * rules read as the donation's creator, so "mine" here and "mine" when acting never disagree.
 */
export interface DonorGiftsTables {
  donor_gifts: DonorGiftRow;
}

export interface DonorGiftRow {
  /** The token subject that pledged. */
  donor_actor_id: string;
  donation_id: string;
  /** Global position of the pledge: the view lists gifts in the order given. */
  position: number;
}

export const donorGiftsTables = projectionTables<DonorGiftsTables>(['donor_gifts'], async (db) => {
  await db.schema
    .createTable('donor_gifts')
    .ifNotExists()
    .addColumn('donation_id', 'text', (c) => c.primaryKey())
    .addColumn('donor_actor_id', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('donor_gifts_by_donor').ifNotExists().on('donor_gifts').columns(['donor_actor_id', 'position']).execute();
  // Handlers read by primary key only: a rebuild builds every other index after its replay.
}, { handlerIndexes: [] });

export class DonorGiftsProjection implements Projection<DonorGiftsTables, { DonationPledged: DonationPledgedData }> {
  readonly name = DONOR_GIFTS;
  // 2: the pledging account is issuer-qualified (accountOf), as ownership is everywhere else.
  readonly version = 2;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/).
  readonly writeBehind = true;
  readonly tables = donorGiftsTables;

  readonly on = {
    DonationPledged: async (event: RecordedEvent<DonationPledgedData>, trx: Transaction<DonorGiftsTables>) => {
      await trx
        .insertInto('donor_gifts')
        .values({ donation_id: event.data.donationId, donor_actor_id: accountOf(event.metadata.actor), position: event.position })
        .onConflict((conflict) => conflict.column('donation_id').doNothing())
        .execute();
    },
  };
}
