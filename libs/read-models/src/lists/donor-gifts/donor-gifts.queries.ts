import type { Consistency, ReadSide } from '../shared/list-query.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { DONOR_GIFTS } from './donor-gifts.projection.js';

export interface DonorGiftsQueries {
  /** The donation ids an account pledged, oldest first (at most `limit`, default 500). */
  donationsPledgedBy(actorId: string, options?: Consistency & { limit?: number }): Promise<string[]>;
}

export const donorGiftsQueries = (reads: ReadSide<ReadModelTables>): DonorGiftsQueries => ({
  async donationsPledgedBy(actorId, options = {}) {
    await reads.consistent(options, [DONOR_GIFTS]);
    const rows = await reads.db
      .selectFrom('donor_gifts')
      .select('donation_id')
      .where('donor_actor_id', '=', actorId)
      .orderBy('position')
      .limit(options.limit ?? 500)
      .execute();
    return rows.map((row) => row.donation_id);
  },
});
