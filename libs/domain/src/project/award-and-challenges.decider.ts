/**
 * Between bidding and contract: the award announced (中标结果公示) and challenged (质疑). Any bidder but
 * the winner may challenge it within the standstill period (7 working days by default, counted in
 * Beijing working days, as the purchase law's 质疑期); the bureau answers each challenge: upheld, the
 * award falls and bidding reopens; dismissed, with reasons, the award stands. No contract is signed
 * before the period is over or while a challenge is open (contract-and-staffing.decider.ts).
 */
import { assertMayBid, assertMayTakeStation } from '../organisation/index.js';
import { conflict, forbidden, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { requireWorkingDayCalendar, workingDayPeriodFrom } from '../shared/working-days.js';
import type { AnnounceAwardData, AnswerChallengeData, LodgeChallengeData } from './project.commands.js';
import { CHALLENGE_OUTCOMES, type ProjectEvent } from './project.events.js';
import { isIsoInstant } from './project.rules.js';
import { type AwardState, type DesignedProject, openChallenges } from './project.state.js';
import { blank, isPositiveInteger, type PhaseDecisions } from './project.guards.js';

export const CHALLENGE_TEXT_MAX_LENGTH = 20_000;
/** Longest standstill a setting may ask for: beyond a month the purchase stalls for nothing. */
export const STANDSTILL_MAX_WORKING_DAYS = 30;

const requireText = (text: unknown, required: string, tooLong: string, what: string): string => {
  if (blank(text)) throw invalid(required, `State the ${what}`);
  const trimmed = (text as string).trim();
  if (trimmed.length > CHALLENGE_TEXT_MAX_LENGTH) throw invalid(tooLong, `The ${what} are limited to ${CHALLENGE_TEXT_MAX_LENGTH} characters`);
  return trimmed;
};

const announceAward = (project: DesignedProject, data: AnnounceAwardData, now: Date): ProjectEvent[] => {
  if (project.status === 'designed') throw conflict('PROJECT_NOT_PUBLISHED', 'The project was never published for purchase');
  if (project.status === 'published') {
    throw conflict('BIDDING_STILL_OPEN', 'Close bidding before announcing the award', { deadline: project.bidding?.deadline });
  }
  if (project.award) {
    if (project.award.bidId === data.bidId) return [];
    throw conflict('AWARD_ALREADY_ANNOUNCED', 'Another bid was awarded; a challenge upheld is what cancels an award', { awardedBidId: project.award.bidId });
  }
  if (project.status !== 'bidding_closed') {
    throw conflict('PROJECT_ALREADY_CONTRACTED', `The project is already ${project.status}`, { status: project.status });
  }
  const bid = project.bids.find((candidate) => candidate.bidId === data.bidId);
  if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: data.bidId });
  if (bid.withdrawn) throw conflict('BID_WITHDRAWN', 'The bid was withdrawn', { bidId: data.bidId });
  const bidder = data.bidder;
  if (bidder.organisationId !== bid.organisationId) {
    throw conflict('CONTRACTOR_NOT_BIDDER', 'The award goes to the organisation that made the bid', { bidOrganisationId: bid.organisationId });
  }
  // The award promises the contract: a bidder that could not sign it (rules 5, 7, 11) is not awarded.
  assertMayBid(bidder);
  if (project.stationLevel !== null) {
    assertMayTakeStation(bidder.organisationId, bidder.stationContracts, { district: project.area.district, stationLevel: project.stationLevel });
  }
  const { workingDays, calendar } = data.standstill;
  if (!isPositiveInteger(workingDays) || workingDays > STANDSTILL_MAX_WORKING_DAYS) {
    throw invalid('STANDSTILL_PERIOD_INVALID', `The standstill is 1 to ${STANDSTILL_MAX_WORKING_DAYS} working days`, { workingDays });
  }
  const period = workingDayPeriodFrom(now, workingDays, requireWorkingDayCalendar(calendar));
  return [
    {
      type: 'AwardAnnounced',
      data: {
        projectId: project.projectId,
        bidId: bid.bidId,
        organisationId: bidder.organisationId,
        organisationName: bidder.name,
        priceFen: bid.priceFen,
        area: project.area,
        announcedAt: now.toISOString(),
        standstill: period,
      },
    },
  ];
};

/** The award a challenge is about: announced and not cancelled. */
const requireAward = (project: DesignedProject): AwardState => {
  if (!project.award) {
    throw conflict('NO_AWARD_TO_CHALLENGE', 'No award of this purchase stands to be challenged', { projectId: project.projectId, status: project.status });
  }
  return project.award;
};

const lodgeChallenge = (project: DesignedProject, data: LodgeChallengeData, now: Date): ProjectEvent[] => {
  if (blank(data.challengeId)) throw invalid('CHALLENGE_ID_REQUIRED', 'A challenge needs an id');
  const earlier = project.challenges.find((challenge) => challenge.challengeId === data.challengeId);
  if (earlier) {
    if (earlier.organisationId !== data.organisationId) throw conflict('CHALLENGE_ID_REUSED', 'This challengeId belongs to another organisation', { challengeId: data.challengeId });
    return [];
  }
  const award = requireAward(project);
  // Only a supplier who took part may challenge (政府采购质疑: 参与采购活动的供应商), and not the winner.
  if (!project.bids.some((bid) => bid.organisationId === data.organisationId && !bid.withdrawn)) {
    throw forbidden('NOT_A_BIDDER', 'Only an organisation whose bid stood in this purchase may challenge its award', { organisationId: data.organisationId });
  }
  if (award.organisationId === data.organisationId) {
    throw ruleBroken('AWARDEE_CANNOT_CHALLENGE', 'The winning bidder does not challenge its own award', { awardedBidId: award.bidId });
  }
  if (now.getTime() >= Date.parse(award.standstillEndsAt)) {
    throw conflict('CHALLENGE_PERIOD_OVER', `The standstill period ended with ${award.standstillLastDay}`, {
      standstillLastDay: award.standstillLastDay,
      standstillEndsAt: award.standstillEndsAt,
    });
  }
  const grounds = requireText(data.grounds, 'CHALLENGE_GROUNDS_REQUIRED', 'CHALLENGE_GROUNDS_TOO_LONG', 'grounds of the challenge');
  return [
    {
      type: 'ChallengeLodged',
      data: {
        projectId: project.projectId,
        challengeId: data.challengeId,
        organisationId: data.organisationId,
        awardedBidId: award.bidId,
        grounds,
        area: project.area,
        lodgedAt: now.toISOString(),
      },
    },
  ];
};

const answerChallenge = (project: DesignedProject, data: AnswerChallengeData, now: Date): ProjectEvent[] => {
  const challenge = project.challenges.find((candidate) => candidate.challengeId === data.challengeId);
  if (!challenge) throw notFound('CHALLENGE_NOT_FOUND', 'No such challenge on this project', { challengeId: data.challengeId });
  if (!CHALLENGE_OUTCOMES.includes(data.outcome)) {
    throw invalid('CHALLENGE_OUTCOME_UNKNOWN', `A challenge is ${CHALLENGE_OUTCOMES.join(' or ')}`, { outcome: data.outcome });
  }
  if (challenge.status === data.outcome) return [];
  if (challenge.status !== 'open') {
    throw conflict('CHALLENGE_ALREADY_ANSWERED', `The challenge is already ${challenge.status}`, { challengeId: challenge.challengeId, status: challenge.status });
  }
  const reasons = requireText(data.reasons, 'CHALLENGE_REASONS_REQUIRED', 'CHALLENGE_REASONS_TOO_LONG', 'reasons of the answer');
  const common = { projectId: project.projectId, challengeId: challenge.challengeId, organisationId: challenge.organisationId, reasons, area: project.area };
  if (data.outcome === 'dismissed') {
    if (data.biddingDeadline !== undefined) {
      throw invalid('BIDDING_DEADLINE_NOT_APPLICABLE', 'Bidding reopens only when a challenge is upheld');
    }
    return [{ type: 'ChallengeDismissed', data: { ...common, answeredAt: now.toISOString() } }];
  }
  const deadline = data.biddingDeadline;
  if (deadline === undefined || !isIsoInstant(deadline) || Date.parse(deadline) <= now.getTime()) {
    throw invalid('BIDDING_DEADLINE_INVALID', 'Upholding a challenge reopens bidding: give a deadline, an ISO instant in the future', { biddingDeadline: deadline ?? null });
  }
  // An open challenge keeps its award in place, so the award is there to cancel.
  const award = project.award!;
  return [
    {
      type: 'ChallengeUpheld',
      data: {
        ...common,
        cancelledAward: { bidId: award.bidId, organisationId: award.organisationId },
        lapsedChallengeIds: openChallenges(project).filter((other) => other.challengeId !== challenge.challengeId).map((other) => other.challengeId),
        biddingDeadline: new Date(deadline).toISOString(),
        answeredAt: now.toISOString(),
      },
    },
  ];
};

/** Award and challenges: the award announced, challenged by bidders, each challenge answered by the bureau. */
export const awardAndChallenges: PhaseDecisions<'AnnounceAward' | 'LodgeChallenge' | 'AnswerChallenge'> = {
  AnnounceAward: announceAward,
  LodgeChallenge: lodgeChallenge,
  AnswerChallenge: answerChallenge,
};
