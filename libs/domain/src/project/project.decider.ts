/**
 * A project bought through government purchase of services (政府购买服务):
 * designed -> published for purchase -> bids submitted / withdrawn -> bidding closed ->
 * organisation contracted -> staff assigned and confirmed on post -> services delivered,
 * reports filed, ratings and annual evaluations -> completed, or contract terminated.
 */
import { assertMayBid, assertMayTakeStation } from '../organisation/index.js';
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireList, requireRecord } from '../shared/command-shape.js';
import type { DecisionContext, Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { ProjectFacts } from '../shared/facts.js';
import { addMonths, chinaDateOf, chinaMonthOf, chinaYearOf, mondayOf } from '../shared/calendar.js';
import { type Area, SERVICE_CATEGORIES } from '../shared/values.js';
import type {
  AwardContractData,
  DeliverServiceData,
  DesignProjectData,
  FileReportData,
  ProjectCommand,
  PublishProjectForPurchaseData,
  RateServiceData,
  SubmitBidData,
} from './project.commands.js';
import {
  type ContractEvaluated,
  type ContractTerminated,
  EVALUATION_GRADES,
  PROJECT_KINDS,
  type ProjectEvent,
  REPORT_KINDS,
  SERVICE_RATINGS,
  STATION_LEVELS,
  type StationLevel,
  TERMINATED_BY_EVALUATION,
} from './project.events.js';
import {
  DEFAULT_CONTRACT_MONTHS,
  HOURS_IN_DAY,
  HOURS_IN_WEEK,
  isIsoDate,
  isIsoInstant,
  isMonth,
  isNotAStationService,
  isStationStaffed,
  missingContractTerms,
  requireContractorsOwnStaff,
  STAFF_ON_POST_MONTHS,
  STATION_MIN_STAFF,
} from './project.rules.js';
import {
  type Bid,
  type ContractState,
  type DesignedProject,
  evolveProject,
  hasDelivery,
  type ProjectState,
  weeklyHoursOf,
} from './project.state.js';

export const PROJECT_TITLE_MAX_LENGTH = 200;
export const PROPOSAL_MAX_LENGTH = 20_000;
export const REPORT_SUMMARY_MAX_LENGTH = 20_000;
export const RATING_COMMENT_MAX_LENGTH = 500;

const isPositiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
const blank = (text: unknown): boolean => !hasText(text);
const isStation = (project: DesignedProject): boolean => project.kind === 'social_work_station';
const standingBids = (project: DesignedProject): Bid[] => project.bids.filter((bid) => !bid.withdrawn);

const requireProject = (state: ProjectState): DesignedProject => {
  if (state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', 'No such project');
  return state;
};

const requireActiveContract = (project: DesignedProject): ContractState => {
  if (project.status !== 'contracted' || !project.contract) {
    throw conflict('CONTRACT_NOT_ACTIVE', `The project has no contract in force (it is ${project.status})`, {
      projectId: project.projectId,
      status: project.status,
    });
  }
  return project.contract;
};

/** Bids are taken only between publication and the deadline. */
const requireOpenBidding = (project: DesignedProject, now: Date): { deadline: string; minimumGrade: number } => {
  if (project.status === 'designed') {
    throw conflict('PROJECT_NOT_PUBLISHED', 'The project is not published for purchase yet', { projectId: project.projectId });
  }
  if (project.status !== 'published' || !project.bidding || now.getTime() > Date.parse(project.bidding.deadline)) {
    throw conflict('BIDDING_CLOSED', 'Bidding on this project is closed', {
      projectId: project.projectId,
      deadline: project.bidding?.deadline ?? null,
    });
  }
  return project.bidding;
};

/** Returns the project's scope: city and district always, street and community as deep as it reaches. */
/** Does `place` (a community's whole area) lie in `scope` (a project's area, '' for the levels it spans)? */
const withinArea = (place: Area, scope: Area): boolean =>
  (['city', 'district', 'street', 'community'] as const).every((level) => blank(scope[level]) || scope[level] === place[level]);

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

const designProject = (data: DesignProjectData, state: ProjectState, now: Date): ProjectEvent[] => {
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

const awardContract = (project: DesignedProject, data: AwardContractData, now: Date): ProjectEvent[] => {
  if (project.status === 'designed') throw conflict('PROJECT_NOT_PUBLISHED', 'The project was never published for purchase');
  if (project.status === 'published') {
    throw conflict('BIDDING_STILL_OPEN', 'Close bidding before awarding the contract', { deadline: project.bidding?.deadline });
  }
  if (project.status !== 'bidding_closed') {
    throw conflict('PROJECT_ALREADY_CONTRACTED', `The project is already ${project.status}`, { status: project.status });
  }
  const bid = project.bids.find((candidate) => candidate.bidId === data.bidId);
  if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: data.bidId });
  if (bid.withdrawn) throw conflict('BID_WITHDRAWN', 'The bid was withdrawn', { bidId: data.bidId });
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

/** Hours per person: everyone named served the whole `hours` unless the command says otherwise. */
const hoursPerPerson = (
  ids: readonly string[],
  given: Readonly<Record<string, number>> | undefined,
  hours: number,
): Record<string, number> => {
  if (given === undefined || given === null) return Object.fromEntries(ids.map((id) => [id, hours]));
  const keys = Object.keys(given);
  const consistent =
    isRecord(given as unknown) &&
    keys.length === ids.length &&
    ids.every((id) => Object.hasOwn(given, id)) &&
    keys.every((id) => Number.isFinite(given[id]) && given[id]! > 0 && given[id]! <= hours);
  if (!consistent) {
    throw invalid('DELIVERY_HOURS_INCONSISTENT', 'Give hours for exactly the people named, each within the length of the service', {
      rule: 2,
      people: ids,
      given,
      hours,
    });
  }
  return Object.fromEntries(ids.map((id) => [id, given[id]!]));
};

const deliverService = (project: DesignedProject, data: DeliverServiceData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  if (hasDelivery(contract, data.deliveryId)) return [];

  // What the log says, checked first: these are the caller's mistakes whatever the project's state.
  if (blank(data.deliveryId)) throw invalid('DELIVERY_ID_REQUIRED', 'A delivery needs an id');
  if (!isRecord(data.serviceItem as unknown) || blank(data.serviceItem.name)) throw invalid('SERVICE_ITEM_REQUIRED', 'Name the service item delivered');
  const community = requireRecord('COMMUNITY_REQUIRED', data.community, 'The community served');
  if (blank(community.communityId)) throw invalid('COMMUNITY_REQUIRED', 'Name the community served');
  // Filed where it happened: street totals add up to the district even for a district-wide project.
  const area = requireArea('AREA_INVALID', community.area, EVERY_LEVEL);
  const deliveredBy = isRecord(data.deliveredBy as unknown) ? data.deliveredBy : { organisationId: '', socialWorkerIds: [], volunteerIds: [] };
  const idsOf = (ids: readonly string[]): string[] => (Array.isArray(ids) ? [...new Set(ids.filter(hasText))] : []);
  const socialWorkerIds = idsOf(deliveredBy.socialWorkerIds);
  const volunteerIds = idsOf(deliveredBy.volunteerIds);
  if (socialWorkerIds.length + volunteerIds.length === 0) {
    throw invalid('DELIVERED_BY_NOBODY', 'Name the social workers or volunteers who delivered the service');
  }
  if (!isIsoDate(data.deliveredOn) || data.deliveredOn > chinaDateOf(now)) {
    throw invalid('DELIVERY_DATE_INVALID', 'The delivery date is an ISO date, not in the future', { deliveredOn: data.deliveredOn });
  }
  const weekOf = mondayOf(data.deliveredOn);
  if (data.weekOf !== undefined && data.weekOf !== weekOf) {
    throw invalid('WEEK_OF_INVALID', 'weekOf is the Monday of the week the delivery date falls in', { expected: weekOf, weekOf: data.weekOf });
  }
  const maxHours = data.weekOf === undefined ? HOURS_IN_DAY : HOURS_IN_WEEK;
  if (!Number.isFinite(data.hours) || data.hours <= 0 || data.hours > maxHours) {
    throw invalid('DELIVERY_HOURS_INVALID', `A ${data.weekOf === undefined ? 'day' : 'weekly'} log has between 0 and ${maxHours} hours`, {
      hours: data.hours,
      max: maxHours,
    });
  }
  if (!Number.isSafeInteger(data.beneficiaries) || data.beneficiaries < 0) {
    throw invalid('DELIVERY_BENEFICIARIES_INVALID', 'Beneficiaries is a count', { beneficiaries: data.beneficiaries });
  }
  const hoursBySocialWorker = hoursPerPerson(socialWorkerIds, data.hoursBySocialWorker, data.hours);
  const hoursByVolunteer = hoursPerPerson(volunteerIds, data.hoursByVolunteer, data.hours);

  // Then the contract's rules.
  if (isStation(project) && !contract.staffOnPostAt) {
    throw conflict('STAFF_NOT_ON_POST', 'A station delivers services once its staff are confirmed on post');
  }
  if (deliveredBy.organisationId !== contract.organisationId) {
    throw ruleBroken('SUBCONTRACTING_FORBIDDEN', 'Only the contracted organisation delivers the service', {
      rule: 6,
      contractorOrganisationId: contract.organisationId,
      organisationId: deliveredBy.organisationId,
    });
  }
  if (isStation(project) && isNotAStationService(data.serviceItem)) {
    throw ruleBroken('NOT_A_STATION_SERVICE', 'Confidential matters and administrative acts of the street government are not station services', {
      rule: 8,
      items: [data.serviceItem.name],
    });
  }
  if (!project.categories.includes(data.category)) {
    throw ruleBroken('SERVICE_CATEGORY_NOT_CONTRACTED', 'The project was not bought for this category of service', {
      category: data.category,
      categories: project.categories,
    });
  }
  if (!withinArea(area, project.area)) {
    throw ruleBroken('COMMUNITY_OUTSIDE_PROJECT_AREA', "The community lies outside the project's area", {
      communityId: community.communityId,
      communityArea: area,
      projectArea: project.area,
    });
  }
  const notAssigned = socialWorkerIds.filter((id) => !Object.hasOwn(contract.staff, id));
  if (notAssigned.length > 0) {
    throw conflict('STAFF_NOT_ASSIGNED', 'Only social workers assigned to the project log hours on it', { socialWorkerIds: notAssigned });
  }
  const signedOn = chinaDateOf(new Date(contract.signedAt));
  const endsOn = chinaDateOf(new Date(contract.endsAt));
  if (data.deliveredOn < signedOn || data.deliveredOn > endsOn) {
    throw conflict('DELIVERY_OUTSIDE_CONTRACT_TERM', 'The delivery date is outside the contract term', { signedOn, endsOn });
  }
  const week = weeklyHoursOf(contract, weekOf);
  const overbooked = socialWorkerIds.find((id) => (week[id] ?? 0) + hoursBySocialWorker[id]! > HOURS_IN_WEEK);
  if (overbooked !== undefined) {
    // More than a week's hours would make the rule 2 check meaningless.
    throw invalid('WEEKLY_HOURS_EXCEEDED', 'A social worker cannot log more hours than a week has', {
      rule: 2,
      socialWorkerId: overbooked,
      weekOf,
      alreadyLogged: week[overbooked] ?? 0,
    });
  }

  return [
    {
      type: 'ServiceDelivered',
      data: {
        projectId: project.projectId,
        deliveryId: data.deliveryId,
        projectKind: project.kind,
        organisationId: contract.organisationId,
        socialWorkerIds,
        volunteerIds,
        hoursBySocialWorker,
        hoursByVolunteer,
        category: data.category,
        serviceItem: data.serviceItem.name.trim(),
        hours: data.hours,
        beneficiaries: data.beneficiaries,
        communityId: community.communityId,
        area,
        deliveredOn: data.deliveredOn,
        weekOf,
      },
    },
  ];
};

const fileReport = (project: DesignedProject, data: FileReportData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  if (contract.reportIds.has(data.reportId)) return [];
  if (!REPORT_KINDS.includes(data.kind)) throw invalid('REPORT_KIND_UNKNOWN', `Unknown report kind ${data.kind}`);
  if (blank(data.summary)) throw invalid('REPORT_SUMMARY_REQUIRED', 'A report has a summary');
  if (data.summary.length > REPORT_SUMMARY_MAX_LENGTH) {
    throw invalid('REPORT_SUMMARY_TOO_LONG', `The summary is limited to ${REPORT_SUMMARY_MAX_LENGTH} characters`);
  }
  const period = data.period.trim();
  if (data.kind === 'monthly_brief') {
    const firstMonth = chinaMonthOf(new Date(contract.signedAt));
    const lastMonth = chinaMonthOf(new Date(Date.parse(contract.endsAt) - 1));
    if (!isMonth(period) || period < firstMonth || period > lastMonth || period > chinaMonthOf(now)) {
      throw invalid('REPORT_PERIOD_INVALID', 'A monthly brief covers one month (YYYY-MM) of the contract, up to this one', {
        period,
        firstMonth,
        lastMonth,
      });
    }
  } else if (period.length === 0) {
    throw invalid('REPORT_PERIOD_INVALID', 'Say which span the report covers', { period });
  }
  const alreadyFiled =
    data.kind === 'monthly_brief' ? contract.monthlyBriefs.has(period) : data.kind === 'mid_term' ? contract.midTermFiled : contract.finalFiled;
  if (alreadyFiled) throw conflict('REPORT_ALREADY_FILED', `The ${data.kind} report is already filed`, { kind: data.kind, period });
  return [
    {
      type: 'ReportFiled',
      data: {
        projectId: project.projectId,
        reportId: data.reportId,
        organisationId: contract.organisationId,
        kind: data.kind,
        period,
        summary: data.summary.trim(),
        filedAt: now.toISOString(),
      },
    },
  ];
};

const rateService = (project: DesignedProject, data: RateServiceData, now: Date): ProjectEvent[] => {
  const contract = project.contract;
  if (!contract || contract.deliveries === 0) {
    throw conflict('NO_SERVICE_DELIVERED', 'Residents rate a project once it has delivered a service', { projectId: project.projectId });
  }
  if (contract.ratingIds.some((ratingId) => ratingId === data.ratingId)) return [];
  if (data.deliveryId !== undefined && !hasDelivery(contract, data.deliveryId)) {
    throw notFound('DELIVERY_NOT_FOUND', 'No such delivery on this project', { deliveryId: data.deliveryId });
  }
  if (!SERVICE_RATINGS.includes(data.rating)) throw invalid('RATING_INVALID', "A rating is 'good' or 'bad' (好差评)");
  if (!Number.isInteger(data.score) || data.score < 1 || data.score > 5) {
    throw invalid('RATING_SCORE_INVALID', 'A score is a whole number from 1 to 5', { score: data.score });
  }
  const comment = data.comment?.trim() || null;
  if (comment !== null && comment.length > RATING_COMMENT_MAX_LENGTH) {
    throw invalid('RATING_COMMENT_TOO_LONG', `A comment is limited to ${RATING_COMMENT_MAX_LENGTH} characters`);
  }
  return [
    {
      type: 'ServiceRated',
      data: {
        projectId: project.projectId,
        ratingId: data.ratingId,
        deliveryId: data.deliveryId ?? null,
        organisationId: contract.organisationId,
        rating: data.rating,
        score: data.score,
        comment,
        area: project.area,
        ratedAt: now.toISOString(),
      },
    },
  ];
};

const terminated = (project: DesignedProject, contract: ContractState, reason: string, now: Date): ContractTerminated => ({
  type: 'ContractTerminated',
  data: { projectId: project.projectId, organisationId: contract.organisationId, reason, area: project.area, terminatedAt: now.toISOString() },
});

const decide = (command: ProjectCommand, state: ProjectState, context: DecisionContext): ProjectEvent[] => {
  const now = context.now;
  if (command.type === 'DesignProject') return designProject(command.data, state, now);
  const project = requireProject(state);

  switch (command.type) {
    case 'PublishProjectForPurchase':
      return publishForPurchase(project, command.data, now);

    case 'SubmitBid':
      return submitBid(project, command.data, now);

    case 'WithdrawBid': {
      requireOpenBidding(project, now);
      const bid = project.bids.find((candidate) => candidate.bidId === command.data.bidId);
      if (!bid) throw notFound('BID_NOT_FOUND', 'No such bid on this project', { bidId: command.data.bidId });
      if (bid.withdrawn) return [];
      return [
        {
          type: 'BidWithdrawn',
          data: { projectId: project.projectId, bidId: bid.bidId, organisationId: bid.organisationId, withdrawnAt: now.toISOString() },
        },
      ];
    }

    case 'CloseBidding': {
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
    }

    case 'AwardContract':
      return awardContract(project, command.data, now);

    case 'AssignProjectStaff': {
      const contract = requireActiveContract(project);
      const socialWorker = command.data.socialWorker;
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
    }

    case 'ReleaseProjectStaff': {
      const contract = requireActiveContract(project);
      const { socialWorkerId } = command.data;
      if (!Object.hasOwn(contract.staff, socialWorkerId)) {
        throw conflict('STAFF_NOT_ASSIGNED', 'The social worker is not assigned to this project', { socialWorkerIds: [socialWorkerId] });
      }
      if (blank(command.data.reason)) throw invalid('RELEASE_REASON_REQUIRED', 'Say why the social worker leaves the project');
      const remaining = Object.entries(contract.staff).filter(([id]) => id !== socialWorkerId);
      return [
        {
          type: 'ProjectStaffReleased',
          data: {
            projectId: project.projectId,
            socialWorkerId,
            reason: command.data.reason.trim(),
            remainingStaff: remaining.length,
            remainingQualified: remaining.filter(([, qualified]) => qualified).length,
            releasedAt: now.toISOString(),
          },
        },
      ];
    }

    case 'ConfirmStaffOnPost': {
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
    }

    case 'DeliverService':
      return deliverService(project, command.data, now);

    case 'FileReport':
      return fileReport(project, command.data, now);

    case 'RateService':
      return rateService(project, command.data, now);

    case 'EvaluateContract': {
      const contract = requireActiveContract(project);
      const { year, grade, score } = command.data;
      if (!EVALUATION_GRADES.includes(grade)) throw invalid('EVALUATION_GRADE_UNKNOWN', `Unknown grade ${grade}`);
      if (!Number.isFinite(score) || score < 0 || score > 100) {
        throw invalid('EVALUATION_SCORE_INVALID', 'A score is from 0 to 100', { score });
      }
      const firstYear = chinaYearOf(new Date(contract.signedAt));
      if (!Number.isInteger(year) || year < firstYear || year > chinaYearOf(now)) {
        throw invalid('EVALUATION_YEAR_INVALID', 'Evaluate a year of the contract that has begun', { year, firstYear });
      }
      if (contract.evaluatedYears.includes(year)) {
        throw conflict('CONTRACT_ALREADY_EVALUATED', `The contract was already evaluated for ${year}`, { year });
      }
      const continues = grade !== 'unqualified';
      const evaluated: ContractEvaluated = {
        type: 'ContractEvaluated',
        data: {
          projectId: project.projectId,
          organisationId: contract.organisationId,
          year,
          grade,
          score,
          continues,
          evaluatedAt: now.toISOString(),
        },
      };
      // Rule 9: an unqualified year ends the contract; qualified or better continues it.
      return continues ? [evaluated] : [evaluated, terminated(project, contract, TERMINATED_BY_EVALUATION, now)];
    }

    case 'TerminateContract': {
      const contract = requireActiveContract(project);
      if (blank(command.data.reason)) throw invalid('TERMINATION_REASON_REQUIRED', 'Say why the contract is terminated');
      return [terminated(project, contract, command.data.reason.trim(), now)];
    }

    case 'CompleteProject': {
      const contract = requireActiveContract(project);
      const missing = [...(contract.midTermFiled ? [] : ['mid_term']), ...(contract.finalFiled ? [] : ['final'])];
      if (missing.length > 0) {
        throw ruleBroken('REPORTS_MISSING', 'A project completes once its mid-term and final reports are filed', { rule: 10, missing });
      }
      return [
        {
          type: 'ProjectCompleted',
          data: {
            projectId: project.projectId,
            organisationId: contract.organisationId,
            area: project.area,
            deliveries: contract.deliveries,
            deliveredHours: contract.deliveredHours,
            beneficiariesServed: contract.beneficiariesServed,
            completedAt: now.toISOString(),
          },
        },
      ];
    }
  }
};

export const projectDecider: Decider<ProjectState, ProjectCommand, ProjectEvent> = {
  streamPrefix: 'project',
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve: evolveProject,
};

/** What other aggregates and the matcher may rely on; a handler asking about a missing project gets a 404. */
export function toProjectFacts(state: ProjectState): ProjectFacts {
  const project = requireProject(state);
  return {
    projectId: project.projectId,
    status: project.status,
    categories: project.categories,
    area: project.area,
    contractorOrganisationId: project.contract?.organisationId ?? null,
  };
}
