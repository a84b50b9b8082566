import type { GrantRoundAwardedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { areaColumns } from '../shared/columns.js';
import type { ResourcesTrx } from './resource-rows.js';

/** 公益创投 grants on the resources list: each award of a round is a funding resource of its funder, earmarked to its project. */
export const onGrants = {
  GrantRoundAwarded: async ({ data, metadata }: RecordedEvent<GrantRoundAwardedData>, trx: ResourcesTrx) => {
    if (data.awards.length === 0) return;
    await trx
      .insertInto('grants')
      .values(
        data.awards.map((award) => ({
          grant_id: `${data.roundId}:${award.applicationId}`,
          round_id: data.roundId,
          round_title: data.title,
          funder_kind: data.funder.kind,
          funder_name: data.funder.name,
          application_id: award.applicationId,
          organisation_id: award.organisationId,
          organisation_name: award.organisationName,
          project_title: award.projectTitle,
          category: award.category,
          amount_fen: award.amountFen,
          ...areaColumns(award.area),
          awarded_at: metadata.occurredAt,
        })),
      )
      .onConflict((conflict) => conflict.column('grant_id').doNothing())
      .execute();
  },
};
