/** What a need's listing must hold before NeedListed is recorded: every refusal is a 4xx with its code. */
import { DATE_RANGE_TEXT, isCalendarDate } from '../shared/calendar.js';
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireList, requireRecord } from '../shared/command-shape.js';
import { invalid } from '../shared/domain-error.js';
import { type Area, SERVICE_CATEGORIES, URGENCIES } from '../shared/values.js';
import type { ListNeedData } from './need.commands.js';
import { NEED_SOURCES, type NeedWindow } from './need.events.js';

export const NEED_TITLE_MAX_LENGTH = 200;
export const NEED_DESCRIPTION_MAX_LENGTH = 2000;
export const NEED_NOTE_MAX_LENGTH = 2000;
export const NEED_DECLINE_REASON_MAX_LENGTH = 500;
/** A week has 168 hours; a need asking for more is a typo. */
export const HOURS_IN_WEEK = 168;


export const isPositiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
export const isWeeklyHours = (value: number): boolean => Number.isFinite(value) && value > 0 && value <= HOURS_IN_WEEK;

/** Mainland ID numbers, mobile numbers and Chinese names are personal data: they belong in the vault. */
const looksLikePersonalData = (ref: string): boolean =>
  /^\d{17}[\dXx]$/.test(ref) || /^(\+?86)?1[3-9]\d{9}$/.test(ref.replace(/[\s-]/g, '')) || /\p{Script=Han}/u.test(ref);

const validateWindow = (window: NeedWindow): void => {
  if (!isRecord(window as unknown) || !isCalendarDate(window.from) || !isCalendarDate(window.to) || window.from > window.to) {
    throw invalid('NEED_WINDOW_INVALID', `The window needs Beijing dates YYYY-MM-DD in ${DATE_RANGE_TEXT} with from <= to`, { window });
  }
};

/** Returns the area the need is filed under. */
export const validateListing = (data: ListNeedData): Area => {
  const community = requireRecord('COMMUNITY_REQUIRED', data.community, 'The community the need is listed in');
  // Every list files the need under its community's levels: all four must be there.
  const area = requireArea('AREA_INVALID', community.area, EVERY_LEVEL);
  if (!hasText(community.communityId)) throw invalid('COMMUNITY_REQUIRED', 'The need is listed in a community');
  const title = typeof data.title === 'string' ? data.title.trim() : '';
  if (title.length === 0) throw invalid('NEED_TITLE_REQUIRED', 'A need needs a title');
  if (title.length > NEED_TITLE_MAX_LENGTH) {
    throw invalid('NEED_TITLE_TOO_LONG', `The title is limited to ${NEED_TITLE_MAX_LENGTH} characters`, {
      max: NEED_TITLE_MAX_LENGTH,
    });
  }
  if (typeof data.description !== 'string') throw invalid('NEED_DESCRIPTION_INVALID', 'The description is text');
  if (data.description.length > NEED_DESCRIPTION_MAX_LENGTH) {
    throw invalid('NEED_DESCRIPTION_TOO_LONG', `The description is limited to ${NEED_DESCRIPTION_MAX_LENGTH} characters`, {
      max: NEED_DESCRIPTION_MAX_LENGTH,
      length: data.description.length,
    });
  }
  if (!Object.hasOwn(SERVICE_CATEGORIES, data.category)) {
    throw invalid('UNKNOWN_SERVICE_CATEGORY', `Unknown service category ${data.category}`, { category: data.category });
  }
  if (!URGENCIES.includes(data.urgency)) {
    throw invalid('NEED_URGENCY_UNKNOWN', `Unknown urgency ${data.urgency}`, { urgency: data.urgency });
  }
  if (!NEED_SOURCES.includes(data.source)) {
    throw invalid('NEED_SOURCE_UNKNOWN', `Unknown need source ${data.source}`, { source: data.source });
  }
  if (!hasText(data.beneficiaryRef)) {
    throw invalid('BENEFICIARY_REF_REQUIRED', 'A need names its beneficiary by a pseudonymous reference');
  }
  if (looksLikePersonalData(data.beneficiaryRef)) {
    // Events are immutable and published: personal data in one could never be erased.
    throw invalid('BENEFICIARY_REF_NOT_PSEUDONYMOUS', 'The beneficiary reference looks like personal data; use the vault reference');
  }
  if (!isPositiveInteger(data.beneficiaries)) {
    throw invalid('NEED_BENEFICIARIES_INVALID', 'Beneficiaries is a count of at least 1', { beneficiaries: data.beneficiaries });
  }
  if (data.hoursPerWeek !== undefined && !isWeeklyHours(data.hoursPerWeek)) {
    throw invalid('NEED_HOURS_INVALID', `Hours per week must be within (0, ${HOURS_IN_WEEK}]`, { hoursPerWeek: data.hoursPerWeek });
  }
  if (data.amountFen !== undefined && !isPositiveInteger(data.amountFen)) {
    throw invalid('NEED_AMOUNT_INVALID', 'A money gap is a positive whole number of fen', { amountFen: data.amountFen });
  }
  if (data.window !== undefined && data.window !== null) validateWindow(data.window);
  const skills = requireList('NEED_SKILLS_INVALID', data.requiredSkills, 'Required skills');
  if (!skills.every((skill) => typeof skill === 'string')) throw invalid('NEED_SKILLS_INVALID', 'Required skills are free text');
  return area;
};
