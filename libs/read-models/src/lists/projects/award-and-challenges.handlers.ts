import type { AwardAnnouncedData, ChallengeDismissedData, ChallengeLodgedData, ChallengeUpheldData } from '#domain';
import type { RecordedEvent } from '#event-store';
import { requireProject, updateProject, type ProjectsTrx } from './project-row.js';

/** A project's award columns while no award stands: before the first, and after one is cancelled. */
export const NO_AWARD = {
  award_bid_id: null,
  award_organisation_id: null,
  award_organisation_name: null,
  award_price_fen: null,
  awarded_at: null,
  standstill_last_day: null,
  standstill_ends_at: null,
} as const;

/** Records the bureau's answer on the challenge. */
async function answered(trx: ProjectsTrx, answer: { projectId: string; challengeId: string; answeredAt: string; reasons: string }, status: 'upheld' | 'dismissed'): Promise<void> {
  await trx
    .updateTable('project_challenges')
    .set({ status, answered_at: answer.answeredAt, reasons: answer.reasons })
    .where('project_id', '=', answer.projectId)
    .where('challenge_id', '=', answer.challengeId)
    .execute();
}

/** Open challenges left after an answer: the status falls back to 'awarded' (公示期) when none is left. */
async function afterAnswer(trx: ProjectsTrx, projectId: string): Promise<void> {
  const open = await trx.selectFrom('project_challenges').select('challenge_id').where('project_id', '=', projectId).where('status', '=', 'open').execute();
  await updateProject(trx, projectId, { challenges_open: open.length, status: open.length > 0 ? 'challenged' : 'awarded' });
}

/** The award announced (公示期), challenged (质疑中) and each challenge answered. */
export const onAwardAndChallenges = {
  AwardAnnounced: async (event: RecordedEvent<AwardAnnouncedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    const award = event.data;
    await trx.updateTable('project_bids').set({ status: 'awarded' }).where('bid_id', '=', award.bidId).execute();
    await updateProject(trx, award.projectId, {
      status: 'awarded',
      award_bid_id: award.bidId,
      award_organisation_id: award.organisationId,
      award_organisation_name: award.organisationName,
      award_price_fen: award.priceFen,
      awarded_at: award.announcedAt,
      standstill_last_day: award.standstill.lastDay,
      standstill_ends_at: award.standstill.endsAt,
    });
  },

  ChallengeLodged: async (event: RecordedEvent<ChallengeLodgedData>, trx: ProjectsTrx) => {
    const project = await requireProject(trx, event);
    const challenge = event.data;
    await trx
      .insertInto('project_challenges')
      .values({
        challenge_id: challenge.challengeId,
        project_id: challenge.projectId,
        organisation_id: challenge.organisationId,
        awarded_bid_id: challenge.awardedBidId,
        grounds: challenge.grounds,
        status: 'open',
        lodged_at: challenge.lodgedAt,
        answered_at: null,
        reasons: null,
      })
      .execute();
    await updateProject(trx, challenge.projectId, { challenges_lodged: project.challenges_lodged + 1, challenges_open: project.challenges_open + 1, status: 'challenged' });
  },

  ChallengeDismissed: async (event: RecordedEvent<ChallengeDismissedData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    await answered(trx, event.data, 'dismissed');
    await afterAnswer(trx, event.data.projectId);
  },

  /** The award falls and bidding reopens: the standing bids stand again, the award's columns empty. */
  ChallengeUpheld: async (event: RecordedEvent<ChallengeUpheldData>, trx: ProjectsTrx) => {
    await requireProject(trx, event);
    const answer = event.data;
    await answered(trx, answer, 'upheld');
    if (answer.lapsedChallengeIds.length > 0) {
      await trx
        .updateTable('project_challenges')
        .set({ status: 'lapsed', answered_at: answer.answeredAt })
        .where('project_id', '=', answer.projectId)
        .where('challenge_id', 'in', answer.lapsedChallengeIds)
        .execute();
    }
    await trx.updateTable('project_bids').set({ status: 'standing' }).where('bid_id', '=', answer.cancelledAward.bidId).execute();
    await updateProject(trx, answer.projectId, {
      status: 'published',
      bid_deadline: answer.biddingDeadline,
      bidding_closed_at: null,
      ...NO_AWARD,
      challenges_open: 0,
    });
  },
};
