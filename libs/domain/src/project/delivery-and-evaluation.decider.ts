/**
 * A project's third phase, under a contract in force: services delivered and logged by the week (rule 2:
 * 24 h in the communities; rule 6: only the contractor; rule 8: no street-government matters), reports
 * (rule 10), residents' ratings (好差评), the annual evaluation that ends an unqualified contract (rule 9),
 * termination and completion. All from seed 004.
 */
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireRecord } from '../shared/command-shape.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { chinaDateOf, chinaMonthOf, chinaYearOf, mondayOf } from '../shared/calendar.js';
import type { DeliverServiceData, FileReportData, RateServiceData, EvaluateContractData, TerminateContractData, CompleteProjectData } from './project.commands.js';
import { type ContractEvaluated, type ContractTerminated, EVALUATION_GRADES, type ProjectEvent, REPORT_KINDS, SERVICE_RATINGS, TERMINATED_BY_EVALUATION } from './project.events.js';
import { HOURS_IN_DAY, HOURS_IN_WEEK, isIsoDate, isMonth, isNotAStationService } from './project.rules.js';
import { type ContractState, type DesignedProject, hasDelivery, residentRatingKey, weeklyHoursOf } from './project.state.js';
import { figureProblems, filedFigures } from './report-figures.js';
import { accountOf, type DecisionContext } from '../shared/decider.js';
import { blank, isStation, requireActiveContract, withinArea, REPORT_SUMMARY_MAX_LENGTH, RATING_COMMENT_MAX_LENGTH, type PhaseDecisions } from './project.guards.js';

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
  const fromFacts = data.fromFacts ?? [];
  const problems = figureProblems(data.figures ?? [], fromFacts);
  if (problems.length > 0) throw invalid('REPORT_FIGURES_INVALID', 'Every filed figure names a drafted figure once, with a sound value in its unit', { problems });
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
        figures: filedFigures(data.figures ?? [], fromFacts),
        filedAt: now.toISOString(),
      },
    },
  ];
};

/** 好差评: one resident rates one delivery once (a committee or office records the ratings it collected, any number). */
const rateService = (project: DesignedProject, data: RateServiceData, now: Date, actor: DecisionContext['actor']): ProjectEvent[] => {
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
  const residentRater = actor.role === 'resident' ? accountOf(actor) : null;
  if (residentRater !== null && contract.residentRatings.has(residentRatingKey(data.deliveryId ?? null, residentRater))) {
    throw conflict('SERVICE_ALREADY_RATED', 'A resident rates a delivered service once', { projectId: project.projectId, deliveryId: data.deliveryId ?? null });
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
        residentRater,
      },
    },
  ];
};

const terminated = (project: DesignedProject, contract: ContractState, reason: string, now: Date): ContractTerminated => ({
  type: 'ContractTerminated',
  data: { projectId: project.projectId, organisationId: contract.organisationId, reason, area: project.area, terminatedAt: now.toISOString() },
});


const evaluateContract = (project: DesignedProject, data: EvaluateContractData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  const { year, grade, score } = data;
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
};

const terminateContract = (project: DesignedProject, data: TerminateContractData, now: Date): ProjectEvent[] => {
  const contract = requireActiveContract(project);
  if (blank(data.reason)) throw invalid('TERMINATION_REASON_REQUIRED', 'Say why the contract is terminated');
  return [terminated(project, contract, data.reason.trim(), now)];
};

const completeProject = (project: DesignedProject, data: CompleteProjectData, now: Date): ProjectEvent[] => {
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
};

/** Delivery and evaluation: services logged (rules 2, 6, 8), reports (rule 10), ratings, annual evaluation (rule 9), the end. */
export const deliveryAndEvaluation: PhaseDecisions<'DeliverService' | 'FileReport' | 'RateService' | 'EvaluateContract' | 'TerminateContract' | 'CompleteProject'> = {
  DeliverService: deliverService,
  FileReport: fileReport,
  RateService: rateService,
  EvaluateContract: evaluateContract,
  TerminateContract: terminateContract,
  CompleteProject: completeProject,
};
