/**
 * A project's second phase: the purchase contract signed with the awarded bidder once the award's standstill is over (rule 4: terms; rule 5:
 * one organisation never holds both station levels of a district; rules 7, 11: standing), its staff
 * taken on and released (rule 6: the contractor's own), confirmed on post (rule 1: 3 staff, two thirds
 * qualified; rule 3: within a month). All from seed 004.
 */
import { assertMayBid, assertMayTakeStation } from '../organisation/index.js';
import { isRecord } from '../shared/command-shape.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { addMonths } from '../shared/calendar.js';
import type { AwardContractData, AssignProjectStaffData, ReleaseProjectStaffData, ConfirmStaffOnPostData } from './project.commands.js';
import type { ProjectEvent } from './project.events.js';
import { DEFAULT_CONTRACT_MONTHS, isStationStaffed, missingContractTerms, requireContractorsOwnStaff, STAFF_ON_POST_MONTHS, STATION_MIN_STAFF } from './project.rules.js';
import { type DesignedProject, openChallenges } from './project.state.js';
import { isPositiveInteger, blank, isStation, requireActiveContract, type PhaseDecisions } from './project.guards.js';

/** The contract is signed for the bid awarded, once its standstill is over and no challenge is open (质疑期). */
const requireStandstillOver = (project: DesignedProject, bidId: string, now: Date): void => {
  const award = project.award!;
  if (award.bidId !== bidId) throw conflict('BID_NOT_AWARDED', 'The contract is signed with the bid awarded', { bidId, awardedBidId: award.bidId });
  const open = openChallenges(project);
  if (open.length > 0) {
    throw conflict('CHALLENGE_OPEN', 'A challenge of the award awaits the answer of the bureau', { challengeIds: open.map((challenge) => challenge.challengeId) });
  }
  if (now.getTime() < Date.parse(award.standstillEndsAt)) {
    throw conflict('STANDSTILL_PERIOD_RUNNING', `Bidders may challenge the award until the end of ${award.standstillLastDay}`, {
      standstillLastDay: award.standstillLastDay,
      standstillEndsAt: award.standstillEndsAt,
    });
  }
};

const awardContract = (project: DesignedProject, data: AwardContractData, now: Date): ProjectEvent[] => {
  if (project.status === 'designed') throw conflict('PROJECT_NOT_PUBLISHED', 'The project was never published for purchase');
  if (project.status === 'published') {
    throw conflict('BIDDING_STILL_OPEN', 'Close bidding before awarding the contract', { deadline: project.bidding?.deadline });
  }
  if (project.status === 'bidding_closed') {
    throw conflict('AWARD_NOT_ANNOUNCED', 'Announce the award first: bidders may challenge it within the standstill period', { projectId: project.projectId });
  }
  if (project.status !== 'awarded' && project.status !== 'challenged') {
    throw conflict('PROJECT_ALREADY_CONTRACTED', `The project is already ${project.status}`, { status: project.status });
  }
  const bid = project.bids.find((candidate) => candidate.bidId === data.bidId);
  if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: data.bidId });
  if (bid.withdrawn) throw conflict('BID_WITHDRAWN', 'The bid was withdrawn', { bidId: data.bidId });
  requireStandstillOver(project, data.bidId, now);
  const contractor = data.contractor;
  if (contractor.organisationId !== bid.organisationId) {
    throw conflict('CONTRACTOR_NOT_BIDDER', 'The contract goes to the organisation that made the bid', {
      bidOrganisationId: bid.organisationId,
      contractorOrganisationId: contractor.organisationId,
    });
  }
  // Standing can change between bid and award: a deregistered organisation is never contracted.
  assertMayBid(contractor);
  if (project.stationLevel !== null) {
    assertMayTakeStation(contractor.organisationId, contractor.stationContracts, { district: project.area.district, stationLevel: project.stationLevel });
  }

  // Terms that are not an object state nothing: rule 4 then names every missing term.
  const terms = isRecord(data.contract as unknown) ? data.contract : {};
  const missing = missingContractTerms(terms);
  if (missing.length > 0) {
    throw ruleBroken('CONTRACT_TERMS_INCOMPLETE', `The contract must state ${missing.join(', ')}`, { rule: 4, missing });
  }
  const termMonths = terms.termMonths ?? DEFAULT_CONTRACT_MONTHS;
  if (!isPositiveInteger(termMonths)) throw invalid('CONTRACT_TERM_INVALID', 'The term is a whole number of months', { termMonths });
  const priceFen = terms.priceFen!;
  if (!isPositiveInteger(priceFen)) throw invalid('CONTRACT_PRICE_INVALID', 'The price is a positive whole number of fen', { priceFen });
  if (priceFen > project.budgetFen) {
    throw ruleBroken('CONTRACT_EXCEEDS_BUDGET', 'The contract price exceeds the project budget', { budgetFen: project.budgetFen, priceFen });
  }

  return [
    {
      type: 'OrganisationContracted',
      data: {
        projectId: project.projectId,
        bidId: bid.bidId,
        organisationId: contractor.organisationId,
        organisationName: contractor.name,
        area: project.area,
        kind: project.kind,
        stationLevel: project.stationLevel,
        categories: project.categories,
        needIds: project.needIds,
        contract: {
          content: terms.content!.trim(),
          termMonths,
          quantity: terms.quantity!.trim(),
          quality: terms.quality!.trim(),
          priceFen,
          settlementMethod: terms.settlementMethod!.trim(),
        },
        signedAt: now.toISOString(),
        staffOnPostDeadline: addMonths(now, STAFF_ON_POST_MONTHS).toISOString(),
        endsAt: addMonths(now, termMonths).toISOString(),
      },
    },
  ];
};


const assignStaff = (project: DesignedProject, data: AssignProjectStaffData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  const socialWorker = data.socialWorker;
  if (Object.hasOwn(contract.staff, socialWorker.socialWorkerId)) return [];
  if (socialWorker.status !== 'active') {
    throw conflict('SOCIAL_WORKER_DEREGISTERED', 'A deregistered social worker cannot be assigned', {
      socialWorkerId: socialWorker.socialWorkerId,
    });
  }
  requireContractorsOwnStaff(contract.organisationId, socialWorker);
  return [
    {
      type: 'ProjectStaffAssigned',
      data: {
        projectId: project.projectId,
        socialWorkerId: socialWorker.socialWorkerId,
        organisationId: contract.organisationId,
        qualified: socialWorker.qualified,
        grade: socialWorker.grade,
        assignedAt: now.toISOString(),
      },
    },
  ];
};

const releaseStaff = (project: DesignedProject, data: ReleaseProjectStaffData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  const { socialWorkerId } = data;
  if (!Object.hasOwn(contract.staff, socialWorkerId)) {
    throw conflict('STAFF_NOT_ASSIGNED', 'The social worker is not assigned to this project', { socialWorkerIds: [socialWorkerId] });
  }
  if (blank(data.reason)) throw invalid('RELEASE_REASON_REQUIRED', 'Say why the social worker leaves the project');
  const remaining = Object.entries(contract.staff).filter(([id]) => id !== socialWorkerId);
  return [
    {
      type: 'ProjectStaffReleased',
      data: {
        projectId: project.projectId,
        socialWorkerId,
        reason: data.reason.trim(),
        remainingStaff: remaining.length,
        remainingQualified: remaining.filter(([, qualified]) => qualified).length,
        releasedAt: now.toISOString(),
      },
    },
  ];
};

const confirmStaffOnPost = (project: DesignedProject, data: ConfirmStaffOnPostData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  if (contract.staffOnPostAt) return [];
  if (now.getTime() > Date.parse(contract.staffOnPostDeadline)) {
    throw ruleBroken('STAFF_ON_POST_DEADLINE_MISSED', 'Staff had to be on post within one month of signing; the bureau may terminate', {
      rule: 3,
      deadline: contract.staffOnPostDeadline,
    });
  }
  const socialWorkerIds = Object.keys(contract.staff);
  const qualified = socialWorkerIds.filter((id) => contract.staff[id]).length;
  if (isStation(project) && !isStationStaffed(socialWorkerIds.length, qualified)) {
    throw ruleBroken('STATION_UNDERSTAFFED', 'A station needs at least 3 staff, two thirds of them qualified', {
      rule: 1,
      staff: socialWorkerIds.length,
      qualified,
      minimumStaff: STATION_MIN_STAFF,
    });
  }
  if (socialWorkerIds.length === 0) throw conflict('NO_STAFF_ASSIGNED', 'Assign staff before confirming them on post');
  return [
    {
      type: 'StaffOnPostConfirmed',
      data: {
        projectId: project.projectId,
        socialWorkerIds,
        staff: socialWorkerIds.length,
        qualified,
        deadline: contract.staffOnPostDeadline,
        confirmedAt: now.toISOString(),
      },
    },
  ];
};

/** Contract and staffing: the contract signed (rules 4, 5, 7, 11), staff taken on and released (rule 6), on post (rules 1, 3). */
export const contractAndStaffing: PhaseDecisions<'AwardContract' | 'AssignProjectStaff' | 'ReleaseProjectStaff' | 'ConfirmStaffOnPost'> = {
  AwardContract: awardContract,
  AssignProjectStaff: assignStaff,
  ReleaseProjectStaff: releaseStaff,
  ConfirmStaffOnPost: confirmStaffOnPost,
};
