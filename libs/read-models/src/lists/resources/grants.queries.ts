import type { Area } from '#domain';
import type { Page } from '../../framework/cursor.js';
import type { ReadModelTables } from '../read-model-tables.js';
import { areaOf } from '../shared/columns.js';
import { listPage, type ListQuery, type ListShape, type ReadSide } from '../shared/list-query.js';
import { RESOURCES_LIST, type GrantRow } from './resources.tables.js';

/** A 公益创投 grant on the resources list: money of a funder, earmarked to one funded project. */
export interface GrantItem {
  grantId: string;
  round: { roundId: string; title: string };
  funder: { kind: string; name: string };
  /** The funded application, which is the project's design (立项). */
  earmark: { applicationId: string; projectTitle: string; category: string };
  organisation: { organisationId: string; name: string };
  amountFen: number;
  /** Where the project serves. */
  area: Area;
  awardedAt: string;
}

export interface GrantsFilter {
  roundId?: string;
  organisationId?: string;
  category?: string;
}

const toItem = (row: GrantRow): GrantItem => ({
  grantId: row.grant_id,
  round: { roundId: row.round_id, title: row.round_title },
  funder: { kind: row.funder_kind, name: row.funder_name },
  earmark: { applicationId: row.application_id, projectTitle: row.project_title, category: row.category },
  organisation: { organisationId: row.organisation_id, name: row.organisation_name },
  amountFen: Number(row.amount_fen),
  area: areaOf(row),
  awardedAt: row.awarded_at,
});

const grantsList: ListShape<ReadModelTables, 'grants', GrantsFilter, GrantItem> = {
  table: 'grants',
  projections: [RESOURCES_LIST],
  order: { list: 'grants', sort: 'awarded_at', id: 'grant_id', direction: 'desc' },
  owners: { organisation: 'organisation_id' },
  filters: { roundId: 'round_id', organisationId: 'organisation_id', category: 'category' },
  toItem,
};

export const grantsQueries = (reads: ReadSide<ReadModelTables>) => ({
  /** 服务资源清单: the grants 公益创投 rounds awarded, newest first. */
  grants(query: ListQuery<GrantsFilter> = {}): Promise<Page<GrantItem>> {
    return listPage(reads, grantsList, query);
  },
});

export type GrantsQueries = ReturnType<typeof grantsQueries>;
