import { sql, type Transaction } from 'kysely';
import type {
  GrantApplicationScoredData, GrantApplicationsClosedData, GrantApplicationSubmittedData, GrantApplicationWithdrawnData, GrantReviewerAppointedData,
  GrantRoundAwardedData, GrantRoundOpenedData,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import { type Projection, projectionTables } from '../../framework/projection.js';
import { addAreaColumns, type AreaColumns, areaColumns } from '../shared/columns.js';

/** The projection's name: its checkpoint's key, and what read-your-writes waits for. */
export const GRANT_ROUNDS = 'grant-rounds';

/** 公益创投: each round with its budget, deadlines and counts; the round's detail reads its stream. */
export interface GrantRoundsTables {
  grant_rounds: GrantRoundRow;
}

export interface GrantRoundRow extends AreaColumns {
  round_id: string;
  title: string;
  funder_kind: string;
  funder_name: string;
  budget_fen: number;
  passing_score: number;
  /** Beijing wall clock 'YYYY-MM-DDTHH:mm'. */
  application_deadline: string;
  review_deadline: string;
  status: 'open' | 'closed' | 'awarded';
  /** Standing applications (withdrawn ones leave). */
  applications: number;
  reviewers: number;
  scores: number;
  funded: number;
  awarded_fen: number;
  opened_at: string;
  position: number;
}

export const grantRoundsTables = projectionTables<GrantRoundsTables>(['grant_rounds'], async (db) => {
  await addAreaColumns(db.schema.createTable('grant_rounds').ifNotExists().addColumn('round_id', 'text', (c) => c.primaryKey()))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('funder_kind', 'text', (c) => c.notNull())
    .addColumn('funder_name', 'text', (c) => c.notNull())
    .addColumn('budget_fen', 'bigint', (c) => c.notNull())
    .addColumn('passing_score', 'integer', (c) => c.notNull())
    .addColumn('application_deadline', 'text', (c) => c.notNull())
    .addColumn('review_deadline', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applications', 'integer', (c) => c.notNull())
    .addColumn('reviewers', 'integer', (c) => c.notNull())
    .addColumn('scores', 'integer', (c) => c.notNull())
    .addColumn('funded', 'integer', (c) => c.notNull())
    .addColumn('awarded_fen', 'bigint', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('grant_rounds_by_area').ifNotExists().on('grant_rounds').columns(['city', 'district', 'opened_at']).execute();
  // Handlers read by primary key only: a rebuild builds every other index after its replay.
}, { handlerIndexes: [] });

type Events = {
  GrantRoundOpened: GrantRoundOpenedData;
  GrantReviewerAppointed: GrantReviewerAppointedData;
  GrantApplicationSubmitted: GrantApplicationSubmittedData;
  GrantApplicationWithdrawn: GrantApplicationWithdrawnData;
  GrantApplicationsClosed: GrantApplicationsClosedData;
  GrantApplicationScored: GrantApplicationScoredData;
  GrantRoundAwarded: GrantRoundAwardedData;
};
type Trx = Transaction<GrantRoundsTables>;

type Counts = 'applications' | 'reviewers' | 'scores' | 'funded' | 'awarded_fen';
const update = async (trx: Trx, roundId: string, patch: Partial<Record<Counts, number | ReturnType<typeof sql>>> & { status?: GrantRoundRow['status'] }): Promise<void> => {
  await trx.updateTable('grant_rounds').set(patch as never).where('round_id', '=', roundId).execute();
};

export class GrantRoundsProjection implements Projection<GrantRoundsTables, Events> {
  readonly name = GRANT_ROUNDS;
  readonly version = 1;
  // Handlers write only through their transaction: batches keep the rows in memory (framework/write-behind/);
  // the counters' sql`…` updates make the batch flush the table first.
  readonly writeBehind = true;
  readonly tables = grantRoundsTables;

  readonly on = {
    GrantRoundOpened: async ({ data, position, metadata }: RecordedEvent<GrantRoundOpenedData>, trx: Trx) => {
      await trx
        .insertInto('grant_rounds')
        .values({
          round_id: data.roundId,
          title: data.title,
          funder_kind: data.funder.kind,
          funder_name: data.funder.name,
          ...areaColumns(data.area),
          budget_fen: data.budgetFen,
          passing_score: data.passingScore,
          application_deadline: data.applicationDeadline,
          review_deadline: data.reviewDeadline,
          status: 'open',
          applications: 0,
          reviewers: 0,
          scores: 0,
          funded: 0,
          awarded_fen: 0,
          opened_at: metadata.occurredAt,
          position,
        })
        .onConflict((conflict) => conflict.column('round_id').doNothing())
        .execute();
    },
    GrantReviewerAppointed: ({ data }: RecordedEvent<GrantReviewerAppointedData>, trx: Trx) => update(trx, data.roundId, { reviewers: data.reviewerNumber }),
    GrantApplicationSubmitted: ({ data }: RecordedEvent<GrantApplicationSubmittedData>, trx: Trx) => update(trx, data.roundId, { applications: sql`applications + 1` }),
    GrantApplicationWithdrawn: ({ data }: RecordedEvent<GrantApplicationWithdrawnData>, trx: Trx) => update(trx, data.roundId, { applications: sql`applications - 1` }),
    GrantApplicationsClosed: ({ data }: RecordedEvent<GrantApplicationsClosedData>, trx: Trx) => update(trx, data.roundId, { status: 'closed', applications: data.applications }),
    GrantApplicationScored: ({ data }: RecordedEvent<GrantApplicationScoredData>, trx: Trx) => update(trx, data.roundId, { scores: sql`scores + 1` }),
    GrantRoundAwarded: ({ data }: RecordedEvent<GrantRoundAwardedData>, trx: Trx) =>
      update(trx, data.roundId, { status: 'awarded', funded: data.awards.length, awarded_fen: data.awardedFen }),
  };
}
