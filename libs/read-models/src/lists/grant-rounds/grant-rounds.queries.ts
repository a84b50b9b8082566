import type { Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf } from '../shared/columns.js';
import { listPage, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { GRANT_ROUNDS, type GrantRoundRow } from './grant-rounds.projection.js';

export interface GrantRoundItem {
  roundId: string;
  title: string;
  funder: { kind: string; name: string };
  /** Empty levels: the round takes applications from anywhere below the levels it names. */
  area: Area;
  budgetFen: number;
  passingScore: number;
  applicationDeadline: string;
  reviewDeadline: string;
  status: GrantRoundRow['status'];
  applications: number;
  reviewers: number;
  scores: number;
  funded: number;
  awardedFen: number;
  openedAt: string;
}

export interface GrantRoundsFilter {
  status?: string;
  funderKind?: string;
}

const toItem = (row: GrantRoundRow): GrantRoundItem => ({
  roundId: row.round_id,
  title: row.title,
  funder: { kind: row.funder_kind, name: row.funder_name },
  area: areaOf(row),
  budgetFen: Number(row.budget_fen),
  passingScore: Number(row.passing_score),
  applicationDeadline: row.application_deadline,
  reviewDeadline: row.review_deadline,
  status: row.status,
  applications: Number(row.applications),
  reviewers: Number(row.reviewers),
  scores: Number(row.scores),
  funded: Number(row.funded),
  awardedFen: Number(row.awarded_fen),
  openedAt: row.opened_at,
});

const grantRoundsList: ListShape<ReadModelTables, 'grant_rounds', GrantRoundsFilter, GrantRoundItem> = {
  table: 'grant_rounds',
  projections: [GRANT_ROUNDS],
  order: { list: 'grant-rounds', sort: 'opened_at', id: 'round_id', direction: 'desc' },
  filters: { status: 'status', funderKind: 'funder_kind' },
  toItem,
};

export const grantRoundsQueries = (reads: ReadSide<ReadModelTables>) => ({
  /** 公益创投 rounds, newest first. */
  grantRounds(query: ListQuery<GrantRoundsFilter> = {}): Promise<Page<GrantRoundItem>> {
    return listPage(reads, grantRoundsList, query);
  },
});

export type GrantRoundsQueries = ReturnType<typeof grantRoundsQueries>;
