/**
 * A project's first phase: designed for needs, published for purchase, bid on (rules 7, 11), bidding
 * closed at the deadline. Rule 8 (seed 004) keeps confidential and administrative matters out of a station.
 */
import { assertMayBid } from '../organisation/index.js';
import { isRecord, requireArea, requireList, requireRecord } from '../shared/command-shape.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { type Area, SERVICE_CATEGORIES } from '../shared/values.js';
import type { DesignProjectData, PublishProjectForPurchaseData, SubmitBidData, WithdrawBidData, CloseBiddingData } from './project.commands.js';
import { PROJECT_KINDS, type ProjectEvent, STATION_LEVELS, type StationLevel } from './project.events.js';
import { DEFAULT_CONTRACT_MONTHS, isIsoDate, isIsoInstant, isNotAStationService } from './project.rules.js';
import type { DesignedProject, ProjectState } from './project.state.js';
import { isPositiveInteger, blank, standingBids, requireOpenBidding, PROJECT_TITLE_MAX_LENGTH, PROPOSAL_MAX_LENGTH, type PhaseDecisions } from './project.guards.js';

const validateArea = (given: Area, stationLevel: StationLevel | null): Area => {
  const area = requireArea('PROJECT_AREA_INVALID', given, ['city', 'district']);
  const fail = (reason: string) => invalid('PROJECT_AREA_INVALID', reason, { area });
  if (!blank(area.community) && blank(area.street)) throw fail('A community-level project names its street too');
  // One station per street (seed 004), one general station per district.
  if (stationLevel === 'street' && (blank(area.street) || !blank(area.community))) {
    throw fail("A street station's scope is its street: street set, community ''");
  }
  if (stationLevel === 'general' && (!blank(area.street) || !blank(area.community))) {
    throw fail("A district general station's scope is its district: street and community ''");
  }
  return area;
};

export const designProject = (data: DesignProjectData, state: ProjectState, now: Date): ProjectEvent[] => {
  if (state.status !== 'absent') {
    throw conflict('PROJECT_ALREADY_EXISTS', 'A project with this id is already designed', { projectId: data.projectId });
  }
  if (blank(data.title)) throw invalid('PROJECT_TITLE_REQUIRED', 'A project needs a title');
  const title = data.title.trim();
  if (title.length > PROJECT_TITLE_MAX_LENGTH) {
    throw invalid('PROJECT_TITLE_TOO_LONG', `The title is limited to ${PROJECT_TITLE_MAX_LENGTH} characters`);
  }
  if (!PROJECT_KINDS.includes(data.kind)) throw invalid('PROJECT_KIND_UNKNOWN', `Unknown project kind ${data.kind}`);
  const station = data.kind === 'social_work_station';
  if (station && (data.stationLevel == null || !STATION_LEVELS.includes(data.stationLevel))) {
    throw invalid('STATION_LEVEL_REQUIRED', "A social-work station is a district 'general' station or a 'street' station");
  }
  // JSON clients may send null for 'no level'.
  if (!station && data.stationLevel != null) {
    throw invalid('STATION_LEVEL_NOT_APPLICABLE', 'Only a social-work station has a station level');
  }
  const stationLevel = station ? data.stationLevel! : null;
  const area = validateArea(data.area, stationLevel);

  const categories = [...new Set(requireList('PROJECT_CATEGORIES_REQUIRED', data.categories, 'Categories'))];
  if (categories.length === 0) throw invalid('PROJECT_CATEGORIES_REQUIRED', 'A project serves at least one category');
  const unknown = categories.find((category) => !Object.hasOwn(SERVICE_CATEGORIES, category));
  if (unknown !== undefined) throw invalid('UNKNOWN_SERVICE_CATEGORY', `Unknown service category ${unknown}`, { category: unknown });
  if (!isPositiveInteger(data.budgetFen)) {
    throw invalid('PROJECT_BUDGET_INVALID', 'The budget is a positive whole number of fen', { budgetFen: data.budgetFen });
  }
  const period = requireRecord('PROJECT_PERIOD_INVALID', data.period, 'The period');
  const months = period.months ?? DEFAULT_CONTRACT_MONTHS;
  if (!isIsoDate(period.start) || !isPositiveInteger(months)) {
    throw invalid('PROJECT_PERIOD_INVALID', 'The period starts on an ISO date and lasts whole months', { period: data.period });
  }
  const serviceItems = requireList('SERVICE_ITEMS_REQUIRED', data.serviceItems, 'Service items');
  if (serviceItems.length === 0) throw invalid('SERVICE_ITEMS_REQUIRED', 'A project lists the services it buys');
  const badItem = serviceItems.find((item) => !isRecord(item as unknown) || blank(item.name) || !categories.includes(item.category));
  if (badItem) {
    throw invalid('SERVICE_ITEM_INVALID', "Each service item has a name and one of the project's categories", { item: badItem });
  }
  if (station) {
    const excluded = data.serviceItems.filter(isNotAStationService).map((item) => item.name);
    if (excluded.length > 0) {
      throw ruleBroken('NOT_A_STATION_SERVICE', 'Confidential matters and administrative acts of the street government are not station services', {
        rule: 8,
        items: excluded,
      });
    }
  }
  const needIds = [...new Set(requireList('PROJECT_NEED_IDS_INVALID', data.needIds, 'Need ids').filter((needId) => !blank(needId)))];
  const requirements = data.requirements ?? '';
  if (typeof requirements !== 'string') throw invalid('PROJECT_REQUIREMENTS_INVALID', 'The requirements are text');

  return [
    {
      type: 'ProjectDesigned',
      data: {
        projectId: data.projectId,
        title,
        area,
        kind: data.kind,
        stationLevel,
        categories,
        needIds,
        budgetFen: data.budgetFen,
        period: { start: period.start, months },
        requirements: requirements.trim(),
        serviceItems: serviceItems.map((item) => ({
          name: item.name.trim(),
          category: item.category,
          confidential: item.confidential === true,
          administrativeAct: item.administrativeAct === true,
        })),
        designedAt: now.toISOString(),
      },
    },
  ];
};

const publishForPurchase = (project: DesignedProject, data: PublishProjectForPurchaseData, now: Date): ProjectEvent[] => {
  // A tender that closed without a standing bid (流标) may be published again.
  const failedTender = project.status === 'bidding_closed' && standingBids(project).length === 0;
  if (project.status !== 'designed' && !failedTender) {
    throw conflict('PROJECT_ALREADY_PUBLISHED', `The project is already ${project.status}`, { status: project.status });
  }
  if (!isIsoInstant(data.deadline) || Date.parse(data.deadline) <= now.getTime()) {
    throw invalid('BIDDING_DEADLINE_INVALID', 'The deadline is an ISO instant in the future', { deadline: data.deadline });
  }
  const eligibility = requireRecord('ELIGIBILITY_REQUIRED', data.eligibility, 'The eligibility conditions');
  if (blank(eligibility.description)) {
    throw invalid('ELIGIBILITY_REQUIRED', 'Publish the conditions contractors must meet (承接主体条件)');
  }
  const minimumGrade = eligibility.minimumGrade ?? 0;
  if (!Number.isInteger(minimumGrade) || minimumGrade < 0 || minimumGrade > 5) {
    throw invalid('ELIGIBILITY_INVALID', 'The minimum grade is 0 (any) to 5 (5A)', { minimumGrade });
  }
  return [
    {
      type: 'ProjectPublishedForPurchase',
      data: {
        projectId: project.projectId,
        deadline: new Date(data.deadline).toISOString(),
        eligibility: { description: eligibility.description.trim(), minimumGrade },
        publishedAt: now.toISOString(),
      },
    },
  ];
};

const submitBid = (project: DesignedProject, data: SubmitBidData, now: Date): ProjectEvent[] => {
  const bidding = requireOpenBidding(project, now);
  const bidder = data.bidder;
  const earlier = project.bids.find((bid) => bid.bidId === data.bidId);
  if (earlier) {
    if (earlier.organisationId !== bidder.organisationId) {
      throw conflict('BID_ID_REUSED', 'This bidId belongs to another organisation', { bidId: data.bidId });
    }
    if (earlier.withdrawn) throw conflict('BID_WITHDRAWN', 'This bid was withdrawn; submit a new one', { bidId: data.bidId });
    return [];
  }
  assertMayBid(bidder);
  if (bidder.grade < bidding.minimumGrade) {
    throw ruleBroken('BIDDER_GRADE_TOO_LOW', `This purchase requires an organisation graded ${bidding.minimumGrade}A or better`, {
      minimumGrade: bidding.minimumGrade,
      grade: bidder.grade,
    });
  }
  const standing = standingBids(project).find((bid) => bid.organisationId === bidder.organisationId);
  if (standing) {
    throw conflict('BID_ALREADY_SUBMITTED', 'The organisation already has a standing bid; withdraw it first', { bidId: standing.bidId });
  }
  if (!isPositiveInteger(data.priceFen)) throw invalid('BID_PRICE_INVALID', 'A price is a positive whole number of fen');
  if (data.priceFen > project.budgetFen) {
    throw ruleBroken('BID_EXCEEDS_BUDGET', 'The price exceeds the project budget', { budgetFen: project.budgetFen, priceFen: data.priceFen });
  }
  if (blank(data.proposal)) throw invalid('BID_PROPOSAL_REQUIRED', 'A bid comes with a proposal');
  if (data.proposal.length > PROPOSAL_MAX_LENGTH) {
    throw invalid('BID_PROPOSAL_TOO_LONG', `The proposal is limited to ${PROPOSAL_MAX_LENGTH} characters`);
  }
  return [
    {
      type: 'BidSubmitted',
      data: {
        projectId: project.projectId,
        bidId: data.bidId,
        organisationId: bidder.organisationId,
        organisationKind: bidder.kind,
        priceFen: data.priceFen,
        proposal: data.proposal,
        submittedAt: now.toISOString(),
      },
    },
  ];
};


const withdrawBid = (project: DesignedProject, data: WithdrawBidData, now: Date): ProjectEvent[] => {
  requireOpenBidding(project, now);
  const bid = project.bids.find((candidate) => candidate.bidId === data.bidId);
  if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: data.bidId });
  if (bid.withdrawn) return [];
  return [
    {
      type: 'BidWithdrawn',
      data: { projectId: project.projectId, bidId: bid.bidId, organisationId: bid.organisationId, withdrawnAt: now.toISOString() },
    },
  ];
};

const closeBidding = (project: DesignedProject, data: CloseBiddingData, now: Date): ProjectEvent[] => {
  if (project.status === 'designed') throw conflict('PROJECT_NOT_PUBLISHED', 'The project was never published for purchase');
  if (project.status !== 'published' || !project.bidding) return [];
  // Closing before the published deadline would shut out bidders who relied on it (公平).
  if (now.getTime() < Date.parse(project.bidding.deadline)) {
    throw conflict('BIDDING_STILL_OPEN', 'Bidding closes at the published deadline', { deadline: project.bidding.deadline });
  }
  return [
    {
      type: 'BiddingClosed',
      data: { projectId: project.projectId, bidIds: standingBids(project).map((bid) => bid.bidId), closedAt: now.toISOString() },
    },
  ];
};

/** Design and purchase (政府购买服务): published for purchase, bids submitted and withdrawn, bidding closed. */
export const designAndPurchase: PhaseDecisions<'PublishProjectForPurchase' | 'SubmitBid' | 'WithdrawBid' | 'CloseBidding'> = {
  PublishProjectForPurchase: publishForPurchase,
  SubmitBid: submitBid,
  WithdrawBid: withdrawBid,
  CloseBidding: closeBidding,
};
