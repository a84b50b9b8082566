import { describe, it } from '@jest/globals';
import type { OrganisationFacts } from '../shared/facts.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import { NO_HOLIDAYS } from '../shared/working-days.js';
import type { AnswerChallengeData, ContractTermsInput, ProjectCommand } from './project.commands.js';
import { projectDecider } from './project.decider.js';
import type { AwardAnnouncedData, ChallengeUpheldData, ProjectEvent } from './project.events.js';

/**
 * 中标公示与质疑 (issue 13 item 3): the award, its standstill in Beijing working days, challenges by
 * bidders, the bureau's answers, and the contract refused until the period ran and no challenge is open.
 */
const spec = DeciderSpecification.for(projectDecider);
const at = (iso: string) => ({ now: new Date(iso) });

const area = { city: '370100', district: '370102', street: '370102001', community: 'community-lianhua' };
const bidder = (organisationId: string, name: string): OrganisationFacts => ({
  organisationId, name, kind: 'social_organisation', budgetFunded: false, status: 'registered', latestInspection: 'passed', grade: 3, district: '370102', stationContracts: [],
});
const winner = bidder('org-a', '泉心社会工作服务中心');
const rival = bidder('org-b', '明湖社工');
const outsider = bidder('org-c', '未投标机构');

const history: ProjectEvent[] = [
  {
    type: 'ProjectDesigned',
    data: {
      projectId: 'p-1', title: '莲花社区独居老人关爱项目', area, kind: 'service_project', stationLevel: null, categories: ['elderly_care'], needIds: [],
      budgetFen: 20_000_000, period: { start: '2027-01-01', months: 12 }, requirements: '每周探访', serviceItems: [{ name: '探访', category: 'elderly_care', confidential: false, administrativeAct: false }],
      designedAt: '2026-11-01T02:00:00.000Z',
    },
  },
  { type: 'ProjectPublishedForPurchase', data: { projectId: 'p-1', deadline: '2026-11-20T09:00:00.000Z', eligibility: { description: '依法登记', minimumGrade: 0 }, publishedAt: '2026-11-02T02:00:00.000Z' } },
  ...[winner, rival, outsider].map((organisation, index): ProjectEvent => ({
    type: 'BidSubmitted',
    data: { projectId: 'p-1', bidId: `bid-${index + 1}`, organisationId: organisation.organisationId, organisationKind: organisation.kind, priceFen: 18_000_000 + index, proposal: '方案', submittedAt: '2026-11-10T02:00:00.000Z' },
  })),
  { type: 'BidWithdrawn', data: { projectId: 'p-1', bidId: 'bid-3', organisationId: 'org-c', withdrawnAt: '2026-11-11T02:00:00.000Z' } },
  { type: 'BiddingClosed', data: { projectId: 'p-1', bidIds: ['bid-1', 'bid-2'], closedAt: '2026-11-20T10:00:00.000Z' } },
];

// Announced Friday 27 November 2026, 10:00 Beijing: seven working days end with Tuesday 8 December.
const ANNOUNCED = '2026-11-27T02:00:00.000Z';
const LAST_MINUTE = '2026-12-08T15:59:59.999Z';
const PERIOD_OVER = '2026-12-08T16:00:00.000Z';
const standstillSetting = { workingDays: 7, calendar: NO_HOLIDAYS };
const announce = (bidId = 'bid-1', organisation = winner, standstill = standstillSetting): ProjectCommand => ({ type: 'AnnounceAward', data: { bidId, bidder: organisation, standstill } });
const awardAnnounced = (overrides: Partial<AwardAnnouncedData> = {}): ProjectEvent => ({
  type: 'AwardAnnounced',
  data: {
    projectId: 'p-1', bidId: 'bid-1', organisationId: 'org-a', organisationName: '泉心社会工作服务中心', priceFen: 18_000_000, area, announcedAt: ANNOUNCED,
    standstill: { workingDays: 7, lastDay: '2026-12-08', endsAt: PERIOD_OVER },
    ...overrides,
  },
});
const awarded = [...history, awardAnnounced()];

const lodge = (challengeId = 'ch-1', organisationId = 'org-b', grounds = '评分未按公告标准执行'): ProjectCommand => ({ type: 'LodgeChallenge', data: { challengeId, organisationId, grounds } });
const lodged = (challengeId = 'ch-1', organisationId = 'org-b', lodgedAt = '2026-12-01T02:00:00.000Z'): ProjectEvent => ({
  type: 'ChallengeLodged', data: { projectId: 'p-1', challengeId, organisationId, awardedBidId: 'bid-1', grounds: '评分未按公告标准执行', area, lodgedAt },
});
const answer = (data: Partial<AnswerChallengeData> = {}): ProjectCommand => ({ type: 'AnswerChallenge', data: { challengeId: 'ch-1', outcome: 'dismissed', reasons: '评分符合公告标准', ...data } });
const ANSWERED = '2026-12-10T02:00:00.000Z';
const REOPENED_UNTIL = '2026-12-31T09:00:00.000Z';
const upheld = (overrides: Partial<ChallengeUpheldData> = {}): ProjectEvent => ({
  type: 'ChallengeUpheld',
  data: {
    projectId: 'p-1', challengeId: 'ch-1', organisationId: 'org-b', reasons: '评分有误', area, cancelledAward: { bidId: 'bid-1', organisationId: 'org-a' },
    lapsedChallengeIds: [], biddingDeadline: REOPENED_UNTIL, answeredAt: ANSWERED, ...overrides,
  },
});
const dismissed: ProjectEvent = { type: 'ChallengeDismissed', data: { projectId: 'p-1', challengeId: 'ch-1', organisationId: 'org-b', reasons: '评分符合公告标准', area, answeredAt: ANSWERED } };

const terms: ContractTermsInput = { content: '独居老人探访', quantity: '每周 1 次', quality: '满意度 90%', priceFen: 18_000_000, settlementMethod: '按季度' };
const sign = (bidId = 'bid-1'): ProjectCommand => ({ type: 'AwardContract', data: { bidId, contractor: winner, contract: terms } });

describe('AnnounceAward (中标结果公示)', () => {
  it('announces the award with its standstill: Friday + 7 working days, over the weekend, ends with Tuesday of the week after next', () => {
    spec.given(history).when(announce(), at(ANNOUNCED)).then([awardAnnounced()]);
  });
  it('counts the public holidays and adjusted working days of the setting', () => {
    const nationalDay = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], adjustedWorkingDays: ['2026-10-10'] };
    spec
      .given(history)
      .when(announce('bid-1', winner, { workingDays: 7, calendar: nationalDay }), at('2026-09-29T02:00:00.000Z'))
      .then([awardAnnounced({ announcedAt: '2026-09-29T02:00:00.000Z', standstill: { workingDays: 7, lastDay: '2026-10-14', endsAt: '2026-10-14T16:00:00.000Z' } })]);
  });
  it('records nothing when the same bid is announced again; another bid is refused', () => {
    spec.given(awarded).when(announce()).then([]);
    spec.given(awarded).when(announce('bid-2', rival)).thenThrows('AWARD_ALREADY_ANNOUNCED', { awardedBidId: 'bid-1' });
  });
  it('refuses while bidding is open, a withdrawn bid, an organisation no longer in good standing', () => {
    spec.given(history.slice(0, 3)).when(announce(), at('2026-11-05T02:00:00.000Z')).thenThrows('BIDDING_STILL_OPEN');
    spec.given(history).when(announce('bid-3', outsider)).thenThrows('BID_WITHDRAWN');
    spec.given(history).when(announce('bid-1', { ...winner, latestInspection: 'failed' })).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
  });
  it('refuses a standstill setting outside 1-30 working days', () => {
    spec.given(history).when(announce('bid-1', winner, { workingDays: 0, calendar: NO_HOLIDAYS })).thenThrows('STANDSTILL_PERIOD_INVALID');
  });
});

describe('LodgeChallenge (质疑)', () => {
  it('a bidder whose bid stood challenges the award within the period', () => {
    spec.given(awarded).when(lodge(), at('2026-12-01T02:00:00.000Z')).then([lodged()]);
  });
  it('is still in time at the last minute of the last working day, Beijing time', () => {
    spec.given(awarded).when(lodge(), at(LAST_MINUTE)).then([lodged('ch-1', 'org-b', LAST_MINUTE)]);
  });
  it('is refused from midnight Beijing time after the last day', () => {
    spec.given(awarded).when(lodge(), at(PERIOD_OVER)).thenThrows('CHALLENGE_PERIOD_OVER', { standstillLastDay: '2026-12-08' });
  });
  it('only a bidder of this purchase challenges: not an outsider, not a bidder that withdrew, not the winner', () => {
    spec.given(awarded).when(lodge('ch-1', 'org-z'), at(ANNOUNCED)).thenThrows('NOT_A_BIDDER');
    spec.given(awarded).when(lodge('ch-1', 'org-c'), at(ANNOUNCED)).thenThrows('NOT_A_BIDDER');
    spec.given(awarded).when(lodge('ch-1', 'org-a'), at(ANNOUNCED)).thenThrows('AWARDEE_CANNOT_CHALLENGE');
  });
  it('needs grounds, an award to challenge, and records a re-sent challenge once', () => {
    spec.given(awarded).when(lodge('ch-1', 'org-b', '  '), at(ANNOUNCED)).thenThrows('CHALLENGE_GROUNDS_REQUIRED');
    spec.given(history).when(lodge(), at(ANNOUNCED)).thenThrows('NO_AWARD_TO_CHALLENGE');
    spec.given([...awarded, lodged()]).when(lodge(), at(ANNOUNCED)).then([]);
  });
});

describe('AwardContract during the standstill (质疑期)', () => {
  const signed = (signedAt: string, staffOnPostDeadline = '2027-01-08T16:00:00.000Z', endsAt = '2029-12-08T16:00:00.000Z'): ProjectEvent => ({
    type: 'OrganisationContracted',
    data: {
      projectId: 'p-1', bidId: 'bid-1', organisationId: 'org-a', organisationName: '泉心社会工作服务中心', area, kind: 'service_project', stationLevel: null, categories: ['elderly_care'], needIds: [],
      contract: { content: '独居老人探访', termMonths: 36, quantity: '每周 1 次', quality: '满意度 90%', priceFen: 18_000_000, settlementMethod: '按季度' },
      signedAt, staffOnPostDeadline, endsAt,
    },
  });
  it('is refused before an award is announced', () => {
    spec.given(history).when(sign(), at(PERIOD_OVER)).thenThrows('AWARD_NOT_ANNOUNCED');
  });
  it('is refused while the period runs, up to its last minute', () => {
    spec.given(awarded).when(sign(), at(LAST_MINUTE)).thenThrows('STANDSTILL_PERIOD_RUNNING', { standstillLastDay: '2026-12-08', standstillEndsAt: PERIOD_OVER });
  });
  it('is signed once the period ran without a challenge', () => {
    spec.given(awarded).when(sign(), at(PERIOD_OVER)).then([signed(PERIOD_OVER)]);
  });
  it('is refused while a challenge is open, even after the period', () => {
    spec.given([...awarded, lodged()]).when(sign(), at(ANSWERED)).thenThrows('CHALLENGE_OPEN', { challengeIds: ['ch-1'] });
  });
  it('is signed after the challenge is dismissed', () => {
    spec.given([...awarded, lodged(), dismissed]).when(sign(), at(ANSWERED)).then([signed(ANSWERED, '2027-01-10T02:00:00.000Z', '2029-12-10T02:00:00.000Z')]);
  });
  it('is signed only with the bid awarded', () => {
    spec.given(awarded).when({ type: 'AwardContract', data: { bidId: 'bid-2', contractor: rival, contract: terms } }, at(PERIOD_OVER)).thenThrows('BID_NOT_AWARDED');
  });
});

describe('AnswerChallenge (答复质疑)', () => {
  it('dismissed with reasons: the award stands', () => {
    spec.given([...awarded, lodged()]).when(answer(), at(ANSWERED)).then([dismissed]);
  });
  it('upheld: the award is cancelled, bidding reopens until the deadline given, other open challenges lapse with the award', () => {
    spec
      .given([...awarded, lodged(), lodged('ch-2', 'org-b', '2026-12-02T02:00:00.000Z')])
      .when(answer({ outcome: 'upheld', reasons: '评分有误', biddingDeadline: '2027-01-01T01:00:00+08:00' }), at(ANSWERED))
      .then([upheld({ lapsedChallengeIds: ['ch-2'], biddingDeadline: '2026-12-31T17:00:00.000Z' })]);
  });
  it('upheld needs a future deadline; dismissed takes none', () => {
    spec.given([...awarded, lodged()]).when(answer({ outcome: 'upheld' }), at(ANSWERED)).thenThrows('BIDDING_DEADLINE_INVALID');
    spec.given([...awarded, lodged()]).when(answer({ outcome: 'upheld', biddingDeadline: '2026-12-01T00:00:00Z' }), at(ANSWERED)).thenThrows('BIDDING_DEADLINE_INVALID');
    spec.given([...awarded, lodged()]).when(answer({ biddingDeadline: REOPENED_UNTIL }), at(ANSWERED)).thenThrows('BIDDING_DEADLINE_NOT_APPLICABLE');
  });
  it('needs reasons; an unknown challenge is not found; an answer is given once', () => {
    spec.given([...awarded, lodged()]).when(answer({ reasons: ' ' }), at(ANSWERED)).thenThrows('CHALLENGE_REASONS_REQUIRED');
    spec.given([...awarded, lodged()]).when(answer({ challengeId: 'ch-x' }), at(ANSWERED)).thenThrows('CHALLENGE_NOT_FOUND');
    spec.given([...awarded, lodged(), dismissed]).when(answer(), at(ANSWERED)).then([]);
    spec.given([...awarded, lodged(), dismissed]).when(answer({ outcome: 'upheld', biddingDeadline: REOPENED_UNTIL }), at(ANSWERED)).thenThrows('CHALLENGE_ALREADY_ANSWERED');
  });
});

describe('after a challenge is upheld: bidding reopens', () => {
  const reopened = [...awarded, lodged(), upheld()];
  it('existing bids stand: a new organisation may bid, a standing bidder may withdraw', () => {
    spec
      .given(reopened)
      .when({ type: 'SubmitBid', data: { bidId: 'bid-4', bidder: bidder('org-d', '新机构'), priceFen: 17_000_000, proposal: '新方案' } }, at('2026-12-15T02:00:00.000Z'))
      .then([{ type: 'BidSubmitted', data: { projectId: 'p-1', bidId: 'bid-4', organisationId: 'org-d', organisationKind: 'social_organisation', priceFen: 17_000_000, proposal: '新方案', submittedAt: '2026-12-15T02:00:00.000Z' } }]);
    spec
      .given(reopened)
      .when({ type: 'WithdrawBid', data: { bidId: 'bid-2' } }, at('2026-12-15T02:00:00.000Z'))
      .then([{ type: 'BidWithdrawn', data: { projectId: 'p-1', bidId: 'bid-2', organisationId: 'org-b', withdrawnAt: '2026-12-15T02:00:00.000Z' } }]);
  });
  it('closes at the new deadline with every bid still standing, the one whose award fell included, and a new award starts a new standstill', () => {
    spec
      .given(reopened)
      .when({ type: 'CloseBidding', data: {} }, at('2026-12-31T10:00:00.000Z'))
      .then([{ type: 'BiddingClosed', data: { projectId: 'p-1', bidIds: ['bid-1', 'bid-2'], closedAt: '2026-12-31T10:00:00.000Z' } }]);
    const closedAgain: ProjectEvent = { type: 'BiddingClosed', data: { projectId: 'p-1', bidIds: ['bid-1', 'bid-2'], closedAt: '2026-12-31T10:00:00.000Z' } };
    spec
      .given([...reopened, closedAgain])
      .when(announce('bid-2', rival), at('2027-01-04T02:00:00.000Z'))
      .then([awardAnnounced({ bidId: 'bid-2', organisationId: 'org-b', organisationName: '明湖社工', priceFen: 18_000_001, announcedAt: '2027-01-04T02:00:00.000Z', standstill: { workingDays: 7, lastDay: '2027-01-13', endsAt: '2027-01-13T16:00:00.000Z' } })]);
  });
  it('no contract is signed on the cancelled award', () => {
    spec.given(reopened).when(sign(), at(ANSWERED)).thenThrows('BIDDING_STILL_OPEN');
  });
});
