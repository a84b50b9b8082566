import type { DonationMatchedData, DonationMatchReleasedData, GiftMatchedData, GiftMatchReversedData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { flag } from '../shared/columns.js';
import { requireProject, updateProject, type ProjectsTrx } from './project-row.js';

/** A pool's match of a gift to a project (配捐) is money for the project too; reversed, it goes back. */
const poolMoney = async (event: RecordedEvent<GiftMatchedData | GiftMatchReversedData>, trx: ProjectsTrx, fen: number) => {
  const { target } = event.data;
  if (target.kind !== 'project' || fen === 0) return;
  const project = await requireProject(trx, { ...event, data: { projectId: target.projectId } });
  await updateProject(trx, target.projectId, { funding_pool_fen: Number(project.funding_pool_fen) + fen });
};

/** Charity money matched to a project, and given back when a match is released; the pools' matches of those gifts. */
export const onFunding = {
  DonationMatched: async (event: RecordedEvent<DonationMatchedData>, trx: ProjectsTrx) => {
    const match = event.data;
    if (match.target.kind !== 'project') return;
    const projectId = match.target.projectId;
    const project = await requireProject(trx, { ...event, data: { projectId } });
    await trx
      .insertInto('project_fundings')
      .values({
        match_id: match.matchId,
        project_id: projectId,
        donation_id: match.donationId,
        resource: match.resource,
        donor_kind: match.donorKind,
        amount_fen: match.amountFen,
        automatic: flag(match.automatic),
        released: 0,
        // The event carries no business time of its own: the envelope's is the match's.
        matched_at: event.metadata.occurredAt,
      })
      .execute();
    await updateProject(trx, projectId, { funding_matched_fen: Number(project.funding_matched_fen) + match.amountFen });
  },

  DonationMatchReleased: async (event: RecordedEvent<DonationMatchReleasedData>, trx: ProjectsTrx) => {
    const released = event.data;
    if (released.target.kind !== 'project') return;
    const projectId = released.target.projectId;
    const project = await requireProject(trx, { ...event, data: { projectId } });
    await trx.updateTable('project_fundings').set({ released: 1 }).where('match_id', '=', released.matchId).execute();
    await updateProject(trx, projectId, { funding_matched_fen: Number(project.funding_matched_fen) - released.amountFen });
  },

  GiftMatched: (event: RecordedEvent<GiftMatchedData>, trx: ProjectsTrx) => poolMoney(event, trx, event.data.matchFen),
  GiftMatchReversed: (event: RecordedEvent<GiftMatchReversedData>, trx: ProjectsTrx) => poolMoney(event, trx, -event.data.matchFen),
};
