/**
 * The marked flow's community programmes: the register of elders in difficulty (特殊困难老年人: on the
 * register, visited, one leaves) and a venture-philanthropy round (公益创投: opened, applied to, one
 * application withdrawn, a reviewer recused, scored, awarded). References, titles and reviewers are marked.
 */
import { elderDecider, grantRoundDecider } from '#domain';
import { beijingMinute, DAY, HOUR, type MarkedFlow } from './marked-flow-context.js';
import type { MarkedNeedsAndVolunteers } from './marked-flow-needs-and-volunteers.js';
import type { MarkedRegisters } from './marked-flow-registers.js';

export async function visitElders(flow: MarkedFlow, { c1 }: MarkedRegisters, { vol1 }: MarkedNeedsAndVolunteers): Promise<void> {
  const { send, mark, idOf, today } = flow;
  const elder1 = idOf('elder-1');
  const elder2 = idOf('elder-2');
  for (const elderId of [elder1, elder2]) {
    await send(elderDecider, elderId, {
      type: 'RegisterElderInDifficulty',
      data: { elderId, community: await flow.community(c1), beneficiaryRef: mark(`elder-ref-${elderId}`), circumstances: ['living_alone', 'advanced_age'] },
    });
  }
  await send(elderDecider, elder1, {
    type: 'RecordHomeVisit',
    data: { visitId: idOf('visit-1'), visitedOn: today(), visitor: { kind: 'committee_member', ref: mark('visitor-account') }, outcome: 'concern' },
  });
  await send(elderDecider, elder2, {
    type: 'RecordHomeVisit',
    data: { visitId: idOf('visit-2'), visitedOn: today(), visitor: { kind: 'volunteer', ref: vol1 }, outcome: 'not_met' },
  });
  await send(elderDecider, elder2, { type: 'RemoveElderInDifficulty', data: { reason: 'moved_away' } });
}

export async function runGrantRound(flow: MarkedFlow, { c1, area1, org1, org4 }: MarkedRegisters): Promise<void> {
  const { send, mark, idOf, advance } = flow;
  const round1 = idOf('grant-round-1');
  await send(grantRoundDecider, round1, {
    type: 'OpenGrantRound',
    data: {
      roundId: round1,
      title: mark('grant-round-title'),
      funder: { kind: 'civil_affairs_bureau', name: mark('grant-funder-name') },
      area: area1,
      criteria: [{ name: mark('grant-criterion-1'), points: 60 }, { name: mark('grant-criterion-2'), points: 40 }],
      budgetFen: 1_000_000,
      passingScore: 60,
      applicationDeadline: beijingMinute(flow.later(DAY)),
      reviewDeadline: beijingMinute(flow.later(3 * DAY)),
    },
  });
  const reviewerAccount = mark('grant-reviewer-account');
  await send(grantRoundDecider, round1, { type: 'AppointGrantReviewer', data: { roundId: round1, reviewerAccount, declaredTies: [mark('grant-declared-tie')] } });
  for (const [applicationId, organisationId] of [[idOf('grant-app-1'), org1], [idOf('grant-app-2'), org4]] as const) {
    await send(grantRoundDecider, round1, {
      type: 'SubmitGrantApplication',
      data: {
        roundId: round1,
        applicationId,
        organisation: await flow.organisation(organisationId),
        design: {
          title: mark(`grant-project-title-${applicationId}`),
          category: 'elderly_care',
          summary: mark(`grant-project-summary-${applicationId}`),
          beneficiaries: 30,
          budgetLines: [{ item: mark(`grant-budget-item-${applicationId}`), amountFen: 400_000 }],
        },
        communities: [await flow.community(c1)],
      },
    }, 'social_organisation');
  }
  await send(grantRoundDecider, round1, { type: 'WithdrawGrantApplication', data: { roundId: round1, applicationId: idOf('grant-app-2'), reason: mark('grant-withdrawal-reason') } }, 'social_organisation');
  advance(DAY + HOUR);
  await send(grantRoundDecider, round1, { type: 'CloseGrantApplications', data: { roundId: round1 } });
  // A second reviewer stands aside from the application (回避): the one remaining review is then all it needs.
  const recusingAccount = mark('grant-recusing-reviewer-account');
  await send(grantRoundDecider, round1, { type: 'AppointGrantReviewer', data: { roundId: round1, reviewerAccount: recusingAccount, declaredTies: [] } });
  await send(grantRoundDecider, round1, { type: 'RecuseGrantReviewer', data: { roundId: round1, applicationId: idOf('grant-app-1'), reviewerAccount: recusingAccount, reason: 'kinship' } }, 'social_worker');
  await send(grantRoundDecider, round1, {
    type: 'ScoreGrantApplication',
    data: {
      roundId: round1,
      applicationId: idOf('grant-app-1'),
      reviewer: { account: reviewerAccount, organisationId: null, employerOrganisationId: null },
      scores: [{ criterionId: 'c1', score: 50 }, { criterionId: 'c2', score: 30 }],
    },
  }, 'social_worker');
  await send(grantRoundDecider, round1, { type: 'AwardGrantRound', data: { roundId: round1 } });
}
