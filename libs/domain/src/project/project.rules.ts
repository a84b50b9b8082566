/**
 * The Jinan social-work station rules (seed 004, DOMAIN.md rules 1-4, 6, 8, 10) as pure functions.
 * They count in the Beijing calendar of shared/calendar.ts.
 */
import { ruleBroken } from '../shared/domain-error.js';
import type { SocialWorkerFacts } from '../shared/facts.js';
import { addMonths, chinaDateOf, chinaMonthEnd, chinaMonthOf, mondayOf, nextMonth } from '../shared/calendar.js';
import type { IsoDate, IsoInstant } from '../shared/values.js';
import type { ContractTermsInput, DeliveredServiceItem } from './project.commands.js';
import { type ProjectState, weeklyHoursOf } from './project.state.js';
import type { ContractTerms, ReportKind } from './project.events.js';

/** Rule 1: a station has at least 3 staff... */
export const STATION_MIN_STAFF = 3;
/** Rule 2: station staff serve at least 24 hours a week in the communities. */
export const STATION_WEEKLY_HOURS = 24;
/** Rule 3: staff are on post within 1 month of signing. */
export const STAFF_ON_POST_MONTHS = 1;
/** Rule 4: a purchase contract runs 3 years unless stated. */
export const DEFAULT_CONTRACT_MONTHS = 36;
export const HOURS_IN_DAY = 24;
export const HOURS_IN_WEEK = 168;

/** Rule 1: ...and at least two thirds of them qualified (integers, so 2 of 3 passes exactly). */
export const isStationStaffed = (staff: number, qualified: number): boolean =>
  staff >= STATION_MIN_STAFF && qualified * 3 >= staff * 2;

/** Rule 4: the terms a contract must state; the term is never missing because it defaults to 36 months. */
export const missingContractTerms = (terms: ContractTermsInput): (keyof ContractTerms)[] => {
  const missing: (keyof ContractTerms)[] = [];
  const blank = (text: unknown) => typeof text !== 'string' || text.trim().length === 0;
  if (blank(terms.content)) missing.push('content');
  if (blank(terms.quantity)) missing.push('quantity');
  if (blank(terms.quality)) missing.push('quality');
  if (terms.priceFen === undefined || terms.priceFen === null) missing.push('priceFen');
  if (blank(terms.settlementMethod)) missing.push('settlementMethod');
  return missing;
};

/**
 * Rule 6: a contract's staff are the contractor's own employees; anyone else's (or nobody's) would be
 * subcontracting. The one check for every path that puts a social worker on a contract: the project's
 * AssignProjectStaff and the social worker's own AssignSocialWorker (the hours reserved first).
 * Throws SUBCONTRACTING_FORBIDDEN (422).
 */
export const requireContractorsOwnStaff = (
  contractorOrganisationId: string,
  socialWorker: Pick<SocialWorkerFacts, 'socialWorkerId' | 'employerOrganisationId'>,
): void => {
  if (socialWorker.employerOrganisationId === contractorOrganisationId) return;
  throw ruleBroken('SUBCONTRACTING_FORBIDDEN', "Project staff are the contractor's own employees", {
    rule: 6,
    socialWorkerId: socialWorker.socialWorkerId,
    contractorOrganisationId,
    employerOrganisationId: socialWorker.employerOrganisationId,
  });
};

/** Rule 8: the street government's confidential matters and administrative acts are not station services. */
export const isNotAStationService = (item: DeliveredServiceItem): boolean =>
  item.confidential === true || item.administrativeAct === true;

// Dates, instants and months are checked by the calendar (shared/calendar.ts), which bounds their range.
export { isCalendarDate as isIsoDate, isCalendarMonth as isMonth, isIsoInstant } from '../shared/calendar.js';

export interface ReportDue {
  readonly kind: ReportKind;
  /** 'YYYY-MM' for a monthly brief; 'signed/due' dates (ISO 8601 interval) for mid-term and final. */
  readonly period: string;
  readonly dueAt: IsoInstant;
}

/**
 * Rule 10: the reports an active contract owes and has not filed by `now`. A monthly brief is due
 * when its China-local month ends, from the month of signing to the month the term ends; the
 * mid-term report at half the term; the final report at the end of the term.
 */
export function reportsDue(state: ProjectState, now: Date): ReportDue[] {
  if (state.status !== 'contracted' || !state.contract) return [];
  const contract = state.contract;
  const signedAt = new Date(contract.signedAt);
  const endsAt = new Date(contract.endsAt);
  const due: ReportDue[] = [];

  const lastMonth = chinaMonthOf(new Date(endsAt.getTime() - 1));
  for (let month = chinaMonthOf(signedAt); month <= lastMonth; month = nextMonth(month)) {
    const dueAt = chinaMonthEnd(month);
    if (dueAt > now) break;
    if (!contract.monthlyBriefs.has(month)) due.push({ kind: 'monthly_brief', period: month, dueAt: dueAt.toISOString() });
  }

  const midTermDueAt = addMonths(signedAt, Math.floor(contract.termMonths / 2));
  if (!contract.midTermFiled && midTermDueAt <= now) {
    due.push({ kind: 'mid_term', period: `${chinaDateOf(signedAt)}/${chinaDateOf(midTermDueAt)}`, dueAt: midTermDueAt.toISOString() });
  }
  if (!contract.finalFiled && endsAt <= now) {
    due.push({ kind: 'final', period: `${chinaDateOf(signedAt)}/${chinaDateOf(endsAt)}`, dueAt: endsAt.toISOString() });
  }
  return due;
}

export interface WeeklyHoursShortfall {
  readonly socialWorkerId: string;
  readonly hours: number;
  readonly requiredHours: number;
}

/**
 * Rule 2: the station staff who served fewer than 24 hours in the week starting `weekOf` (a
 * Monday), from the delivery logs. Empty for service projects and stations not yet on post.
 */
export function weeklyHoursShortfalls(state: ProjectState, weekOf: IsoDate): WeeklyHoursShortfall[] {
  if (state.status === 'absent' || state.kind !== 'social_work_station' || !state.contract?.staffOnPostAt) return [];
  const week = weeklyHoursOf(state.contract, weekOf);
  return Object.keys(state.contract.staff)
    .map((socialWorkerId) => ({ socialWorkerId, hours: week[socialWorkerId] ?? 0, requiredHours: STATION_WEEKLY_HOURS }))
    .filter((entry) => entry.hours < STATION_WEEKLY_HOURS);
}
