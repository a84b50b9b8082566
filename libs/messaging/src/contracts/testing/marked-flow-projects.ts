/**
 * The marked flow's purchases of services: one project designed for a need, bought, staffed, delivered,
 * rated, reported on, evaluated and completed; a second one whose award is challenged twice (upheld,
 * then dismissed) before its contract is signed and terminated. Every text the bidders and the bureau
 * write is marked.
 */
import { needDecider, organisationDecider, projectDecider, socialWorkerDecider, donationDecider } from '#domain';
import { DAY, type MarkedFlow } from './marked-flow-context.js';
import type { MarkedDonations } from './marked-flow-donations.js';
import type { MarkedNeedsAndVolunteers } from './marked-flow-needs-and-volunteers.js';
import type { MarkedRegisters } from './marked-flow-registers.js';

export async function buyAndRunProjects(
  flow: MarkedFlow,
  { c1, area1, org1, org4, sw1, sw2, sw3 }: MarkedRegisters,
  { n1, n3, vol1 }: MarkedNeedsAndVolunteers,
  { d1 }: MarkedDonations,
): Promise<void> {
  const { send, mark, idOf, today, advance, organisation } = flow;

  // --- a service project: designed, bought, staffed, delivered, rated, evaluated, completed ---------
  const p1 = idOf('proj-1');
  const p2 = idOf('proj-2');
  const design = (projectId: string, needIds: string[]) =>
    send(projectDecider, projectId, {
      type: 'DesignProject',
      data: {
        projectId,
        title: mark(`project-title-${projectId}`),
        area: area1,
        kind: 'service_project',
        categories: ['elderly_care'],
        needIds,
        budgetFen: 400_000,
        period: { start: today(), months: 12 },
        requirements: mark(`project-requirements-${projectId}`),
        serviceItems: [{ name: mark(`service-item-${projectId}`), category: 'elderly_care' }],
      },
    });
  const buy = async (projectId: string, bidId: string) => {
    await send(projectDecider, projectId, {
      type: 'PublishProjectForPurchase',
      data: { deadline: flow.later(2 * DAY).toISOString(), eligibility: { description: mark(`eligibility-${projectId}`), minimumGrade: 0 } },
    });
    await send(projectDecider, projectId, {
      type: 'SubmitBid',
      data: { bidId, bidder: await organisation(org1), priceFen: 380_000, proposal: mark(`proposal-${bidId}`) },
    });
  };
  const standstill = { workingDays: 7, calendar: { holidays: [], adjustedWorkingDays: [] } };
  const announce = async (projectId: string, bidId: string) => {
    await send(projectDecider, projectId, { type: 'CloseBidding', data: {} });
    await send(projectDecider, projectId, { type: 'AnnounceAward', data: { bidId, bidder: await organisation(org1), standstill } });
  };
  const award = async (projectId: string, bidId: string, options: { announced?: boolean } = {}) => {
    if (!options.announced) await announce(projectId, bidId);
    // Past the standstill: seven working days are at most eleven calendar days after the announcement.
    advance(12 * DAY);
    await send(projectDecider, projectId, {
      type: 'AwardContract',
      data: {
        bidId,
        contractor: await organisation(org1),
        contract: {
          content: mark(`contract-content-${projectId}`),
          termMonths: 12,
          quantity: mark(`contract-quantity-${projectId}`),
          quality: mark(`contract-quality-${projectId}`),
          priceFen: 380_000,
          settlementMethod: mark(`settlement-${projectId}`),
        },
      },
    });
  };
  await design(p1, [n1]);
  await send(needDecider, n1, { type: 'CoverNeedByProject', data: { project: await flow.project(p1) } });
  await buy(p1, idOf('bid-1'));
  await send(projectDecider, p1, {
    type: 'SubmitBid',
    data: { bidId: idOf('bid-2'), bidder: await organisation(org4), priceFen: 390_000, proposal: mark('proposal-bid-2') },
  });
  await send(projectDecider, p1, { type: 'WithdrawBid', data: { bidId: idOf('bid-2') } });
  advance(3 * DAY);
  await award(p1, idOf('bid-1'));
  await send(organisationDecider, org1, { type: 'RecordStationContract', data: { organisationId: org1, projectId: p1, district: 'SM', stationLevel: 'street' } });
  await send(organisationDecider, org1, {
    type: 'ReleaseStationContract',
    data: { organisationId: org1, projectId: p1, reason: mark('station-release-reason') },
  });
  for (const socialWorkerId of [sw1, sw2, sw3]) {
    await send(projectDecider, p1, { type: 'AssignProjectStaff', data: { socialWorker: await flow.socialWorker(socialWorkerId) } });
    await send(socialWorkerDecider, socialWorkerId, { type: 'AssignSocialWorker', data: { socialWorkerId, project: await flow.project(p1), hoursPerWeek: 10 } });
  }
  await send(projectDecider, p1, { type: 'ReleaseProjectStaff', data: { socialWorkerId: sw3, reason: mark('staff-release-reason') } });
  await send(socialWorkerDecider, sw3, { type: 'ReleaseSocialWorker', data: { socialWorkerId: sw3, projectId: p1, reason: mark('social-worker-release-reason') } });
  await send(projectDecider, p1, { type: 'ConfirmStaffOnPost', data: {} });
  await send(donationDecider, d1, {
    type: 'MatchDonation',
    data: { donationId: d1, matchId: idOf('match-2'), target: { kind: 'project', projectId: p1, categories: ['elderly_care'], area: area1 }, amountFen: 100_000 },
  });
  await send(donationDecider, d1, { type: 'ReleaseDonationMatch', data: { donationId: d1, matchId: idOf('match-2'), reason: mark('match-release-reason') } });
  advance(DAY);
  await send(projectDecider, p1, {
    type: 'DeliverService',
    data: {
      deliveryId: idOf('del-1'),
      deliveredBy: { organisationId: org1, socialWorkerIds: [sw1, sw2], volunteerIds: [vol1] },
      hoursBySocialWorker: { [sw1]: 3, [sw2]: 2.5 },
      category: 'elderly_care',
      serviceItem: { name: mark('delivered-service-item') },
      hours: 3,
      beneficiaries: 4,
      community: await flow.community(c1),
      deliveredOn: today(),
    },
  });
  await send(projectDecider, p1, { type: 'RateService', data: { ratingId: idOf('rate-1'), deliveryId: idOf('del-1'), rating: 'good', score: 5, comment: mark('rating-comment') } });
  await send(projectDecider, p1, { type: 'RateService', data: { ratingId: idOf('rate-2'), rating: 'bad', score: 2, comment: mark('rating-comment-2') } });
  await send(projectDecider, p1, {
    type: 'FileReport',
    data: { reportId: idOf('rep-1'), kind: 'monthly_brief', period: today().slice(0, 7), summary: mark('monthly-summary') },
  });
  await send(projectDecider, p1, { type: 'FileReport', data: { reportId: idOf('rep-2'), kind: 'mid_term', period: mark('mid-term-span'), summary: mark('mid-term-summary') } });
  await send(projectDecider, p1, { type: 'FileReport', data: { reportId: idOf('rep-3'), kind: 'final', period: mark('final-span'), summary: mark('final-summary') } });
  await send(projectDecider, p1, { type: 'EvaluateContract', data: { year: Number(today().slice(0, 4)), grade: 'good', score: 86 } });
  await send(projectDecider, p1, { type: 'CompleteProject', data: {} });
  await send(needDecider, n1, { type: 'FulfilNeed', data: { note: mark('fulfilment-note') } });

  // --- a second project whose contract the bureau terminates --------------------------------------
  await design(p2, [n3]);
  await buy(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'SubmitBid', data: { bidId: idOf('bid-4'), bidder: await organisation(org4), priceFen: 390_000, proposal: mark('proposal-bid-4') } });
  advance(3 * DAY);
  // 质疑: the losing bidder challenges; upheld, bidding reopens; the second award is challenged again and the challenge dismissed.
  await announce(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'LodgeChallenge', data: { challengeId: idOf('challenge-1'), organisationId: org4, grounds: mark('challenge-grounds-1') } });
  await send(projectDecider, p2, {
    type: 'AnswerChallenge',
    data: { challengeId: idOf('challenge-1'), outcome: 'upheld', reasons: mark('challenge-upheld-reasons'), biddingDeadline: flow.later(2 * DAY).toISOString() },
  });
  advance(3 * DAY);
  await announce(p2, idOf('bid-3'));
  await send(projectDecider, p2, { type: 'LodgeChallenge', data: { challengeId: idOf('challenge-2'), organisationId: org4, grounds: mark('challenge-grounds-2') } });
  await send(projectDecider, p2, { type: 'AnswerChallenge', data: { challengeId: idOf('challenge-2'), outcome: 'dismissed', reasons: mark('challenge-dismissed-reasons') } });
  await award(p2, idOf('bid-3'), { announced: true });
  await send(projectDecider, p2, { type: 'TerminateContract', data: { reason: mark('termination-reason') } });
}
