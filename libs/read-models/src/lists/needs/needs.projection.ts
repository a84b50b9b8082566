import type { Transaction } from 'kysely';
import type {
  GiftMatchedData,
  GiftMatchReversedData,
  NeedCoveredByProjectData,
  NeedFulfilledData,
  NeedListedData,
  NeedMarkedStaleData,
  NeedMatchedData,
  NeedReconfirmedData,
  NeedVerifiedData,
  NeedWithdrawnData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../../framework/projection.js';
import { areaColumns, flag, fromJson, secondsBetween, toJson } from '../shared/columns.js';
import { NEEDS_LIST, needsListTables, type NeedListStatus, type NeedRow, type NeedsListTables } from './needs.tables.js';

/** The facts the needs list follows, by type. */
export interface NeedsListEvents {
  NeedListed: NeedListedData;
  NeedVerified: NeedVerifiedData;
  NeedReconfirmed: NeedReconfirmedData;
  NeedMarkedStale: NeedMarkedStaleData;
  NeedMatched: NeedMatchedData;
  NeedCoveredByProject: NeedCoveredByProjectData;
  NeedFulfilled: NeedFulfilledData;
  NeedWithdrawn: NeedWithdrawnData;
  GiftMatched: GiftMatchedData;
  GiftMatchReversed: GiftMatchReversedData;
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

/** Adds (or, reversed, takes back) a pool's match to the need it went to; a match to a project is the projects list's. */
async function poolMoney(trx: Trx, event: RecordedEvent<GiftMatchedData | GiftMatchReversedData>, fen: number) {
  const { target } = event.data;
  if (target.kind !== 'need' || fen === 0) return;
  await updateNeed(trx, { ...event, data: { needId: target.needId } }, (need) => ({ pool_matched_fen: Number(need.pool_matched_fen) + fen }));
}

export class NeedsListProjection implements Projection<NeedsListTables, NeedsListEvents> {
  readonly name = NEEDS_LIST;
  // 2: last_confirmed_at (NeedReconfirmed). 3: stale, marked_stale_at (NeedMarkedStale).
  // 4: pool_matched_fen (配捐 given to the need: GiftMatched, GiftMatchReversed).
  readonly version = 4;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/).
  readonly writeBehind = true;

  readonly tables = needsListTables;

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
          last_confirmed_at: need.listedAt,
          stale: 0,
          marked_stale_at: null,
          verified_at: null,
          matches_count: 0,
          first_matched_at: null,
          first_match_seconds: null,
          matched_amount_fen: 0,
          pool_matched_fen: 0,
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

    NeedReconfirmed: (event: RecordedEvent<NeedReconfirmedData>, trx: Trx) =>
      updateNeed(trx, event, () => ({ last_confirmed_at: event.data.reconfirmedAt, stale: 0, marked_stale_at: null })),

    NeedMarkedStale: (event: RecordedEvent<NeedMarkedStaleData>, trx: Trx) =>
      updateNeed(trx, event, () => ({ stale: 1, marked_stale_at: event.data.markedStaleAt })),

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

    // A pool's match of a gift to a need is money for the need as much as the gift: its funding shows both.
    GiftMatched: (event: RecordedEvent<GiftMatchedData>, trx: Trx) => poolMoney(trx, event, event.data.matchFen),
    GiftMatchReversed: (event: RecordedEvent<GiftMatchReversedData>, trx: Trx) => poolMoney(trx, event, -event.data.matchFen),

    NeedWithdrawn: (event: RecordedEvent<NeedWithdrawnData>, trx: Trx) =>
      updateNeed(trx, event, () => ({
        status: 'withdrawn',
        withdrawn: flag(true),
        withdrawn_at: event.data.withdrawnAt,
        withdrawal_reason: event.data.reason,
      })),
  };
}
