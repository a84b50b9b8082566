/**
 * A resident need: listed -> (verified) -> matched to resources and/or covered by projects ->
 * fulfilled, or withdrawn. Fulfilled and withdrawn are final.
 */
import { DATE_RANGE_TEXT, isCalendarDate } from '../shared/calendar.js';
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireList, requireRecord } from '../shared/command-shape.js';
import type { DecisionContext, Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { NeedFacts } from '../shared/facts.js';
import { type Area, levelOutsideScope, type ServiceCategory, SERVICE_CATEGORIES, type Urgency, URGENCIES } from '../shared/values.js';
import type { CoverNeedByProjectData, ListNeedData, NeedCommand, RecordResourceMatchData } from './need.commands.js';
import {
  type MatchedResource,
  NEED_RESOURCE_KINDS,
  NEED_SOURCES,
  type NeedEvent,
  type NeedResourceKind,
  type NeedWindow,
} from './need.events.js';

/**
 * Resources that decide their own matches, and the command (on their own stream) that does: a
 * donation checks its balance and earmark (rule 12), a volunteer their declared weekly hours. The
 * need records such a match only as the policy's echo of that decision (RecordResourceMatch).
 */
export const MATCHES_DECIDED_BY_RESOURCE: Readonly<Partial<Record<NeedResourceKind, { command: string; via: string; rule?: number }>>> = {
  donation: { command: 'MatchDonation', via: 'POST /donations/{donationId}/match', rule: 12 },
  volunteer: { command: 'AssignVolunteer', via: 'POST /volunteers/{volunteerId}/assign' },
};

/** Projects that ended no longer take on needs. */
const ENDED_PROJECT_STATUSES = ['terminated', 'completed'];

export const NEED_TITLE_MAX_LENGTH = 200;
export const NEED_DESCRIPTION_MAX_LENGTH = 2000;
export const NEED_NOTE_MAX_LENGTH = 2000;
export const NEED_DECLINE_REASON_MAX_LENGTH = 500;
/** `<kind>:<id>` as the matcher names resources; kinds are lower-case words joined by hyphens. */
const RESOURCE_KEY = /^[a-z]+(-[a-z]+)*:[A-Za-z0-9_-]{1,64}$/;
/** A week has 168 hours; a need asking for more is a typo. */
const HOURS_IN_WEEK = 168;

export type NeedStatus = NeedFacts['status'];

export interface ListedNeed {
  readonly status: NeedStatus;
  readonly needId: string;
  readonly area: Area;
  readonly category: ServiceCategory;
  readonly urgency: Urgency;
  readonly listedAt: string;
  /** The listing or the latest reconfirmation (需求复核): when the committee last said the need stands. */
  readonly lastConfirmedAt: string;
  /** Marked stale by the freshness clock and not reconfirmed since. */
  readonly stale: boolean;
  readonly verified: boolean;
  /** matchId -> resource: matches are few per need, and the map makes RecordNeedMatch idempotent. */
  readonly matches: Readonly<Record<string, MatchedResource>>;
  readonly projectIds: readonly string[];
  /** Resource keys declined for this need: a second decline of the same key records nothing. */
  readonly declinedResourceKeys: readonly string[];
}

export type NeedState = { readonly status: 'absent' } | ListedNeed;

/** The open status shows the furthest step reached: a project covering it outranks a single match. */
const openStatus = (need: Pick<ListedNeed, 'verified' | 'matches' | 'projectIds'>): NeedStatus => {
  if (need.projectIds.length > 0) return 'covered';
  if (Object.keys(need.matches).length > 0) return 'matched';
  return need.verified ? 'verified' : 'listed';
};

const requireListed = (state: NeedState): ListedNeed => {
  if (state.status === 'absent') throw notFound('NEED_NOT_FOUND', 'No such need');
  return state;
};

/** Fulfilled and withdrawn needs accept no further change. */
const requireOpen = (state: NeedState): ListedNeed => {
  const need = requireListed(state);
  if (need.status === 'fulfilled') {
    throw conflict('NEED_ALREADY_FULFILLED', 'The need is already fulfilled', { needId: need.needId });
  }
  if (need.status === 'withdrawn') {
    throw conflict('NEED_WITHDRAWN', 'The need was withdrawn', { needId: need.needId });
  }
  return need;
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** The instant a need confirmed at `lastConfirmedAt` turns stale (Beijing keeps no daylight saving: a day is 24 h). */
export const staleFrom = (lastConfirmedAt: string, staleAfterDays: number): Date => new Date(Date.parse(lastConfirmedAt) + staleAfterDays * DAY_MS);


const isPositiveInteger = (value: number): boolean => Number.isSafeInteger(value) && value > 0;
const isWeeklyHours = (value: number): boolean => Number.isFinite(value) && value > 0 && value <= HOURS_IN_WEEK;

/** Mainland ID numbers, mobile numbers and Chinese names are personal data: they belong in the vault. */
const looksLikePersonalData = (ref: string): boolean =>
  /^\d{17}[\dXx]$/.test(ref) || /^(\+?86)?1[3-9]\d{9}$/.test(ref.replace(/[\s-]/g, '')) || /\p{Script=Han}/u.test(ref);

const validateWindow = (window: NeedWindow): void => {
  if (!isRecord(window as unknown) || !isCalendarDate(window.from) || !isCalendarDate(window.to) || window.from > window.to) {
    throw invalid('NEED_WINDOW_INVALID', `The window needs Beijing dates YYYY-MM-DD in ${DATE_RANGE_TEXT} with from <= to`, { window });
  }
};

/** Returns the area the need is filed under. */
const validateListing = (data: ListNeedData): Area => {
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

const validateMatch = (data: RecordResourceMatchData): void => {
  if (!hasText(data.matchId)) throw invalid('MATCH_ID_REQUIRED', 'A match needs an id');
  if (!isRecord(data.resource as unknown) || !NEED_RESOURCE_KINDS.includes(data.resource.kind) || !hasText(data.resource.id)) {
    throw invalid('NEED_MATCH_RESOURCE_INVALID', 'A match names a resource by kind and id', { resource: data.resource });
  }
  if (data.amountFen !== undefined && !isPositiveInteger(data.amountFen)) {
    throw invalid('NEED_AMOUNT_INVALID', 'A matched amount is a positive whole number of fen', { amountFen: data.amountFen });
  }
  if (data.hoursPerWeek !== undefined && !isWeeklyHours(data.hoursPerWeek)) {
    throw invalid('NEED_HOURS_INVALID', `Hours per week must be within (0, ${HOURS_IN_WEEK}]`, { hoursPerWeek: data.hoursPerWeek });
  }
};

/** One NeedMatched, whoever decided it; a redelivered match (same matchId, same resource) records nothing. */
const recordMatch = (need: ListedNeed, data: RecordResourceMatchData, now: string): NeedEvent[] => {
  const earlier = need.matches[data.matchId];
  if (earlier) {
    // A redelivered match is a no-op; the same id for another resource is a caller bug.
    if (earlier.kind === data.resource.kind && earlier.id === data.resource.id) return [];
    throw conflict('NEED_MATCH_ID_REUSED', 'This matchId already records another resource', {
      matchId: data.matchId,
      recorded: earlier,
    });
  }
  return [
    {
      type: 'NeedMatched',
      data: {
        needId: need.needId,
        matchId: data.matchId,
        resource: { kind: data.resource.kind, id: data.resource.id },
        amountFen: data.amountFen ?? null,
        hoursPerWeek: data.hoursPerWeek ?? null,
        firstMatch: Object.keys(need.matches).length === 0,
        listedAt: need.listedAt,
        matchedAt: now,
        area: need.area,
        category: need.category,
      },
    },
  ];
};

/** A project covers a need only while it runs, in one of its categories and inside its area (as DesignProject requires). */
const requireProjectServes = (need: ListedNeed, { project }: CoverNeedByProjectData): void => {
  if (ENDED_PROJECT_STATUSES.includes(project.status)) {
    throw conflict('PROJECT_ENDED', `Project ${project.projectId} is ${project.status}`, { projectId: project.projectId, status: project.status });
  }
  const outside = levelOutsideScope(project.area, need.area);
  if (!project.categories.includes(need.category) || outside) {
    throw ruleBroken('PROJECT_DOES_NOT_SERVE_NEED', 'The project was not bought for this need’s category or area', {
      projectId: project.projectId,
      category: need.category,
      projectCategories: project.categories,
      ...(outside ? { level: outside, needArea: need.area, projectArea: project.area } : {}),
    });
  }
};

const decide = (command: NeedCommand, state: NeedState, context: DecisionContext): NeedEvent[] => {
  const now = context.now.toISOString();
  switch (command.type) {
    case 'ListNeed': {
      const data = command.data;
      if (state.status !== 'absent') {
        throw conflict('NEED_ALREADY_EXISTS', 'A need with this id is already listed', { needId: data.needId });
      }
      const area = validateListing(data);
      return [
        {
          type: 'NeedListed',
          data: {
            needId: data.needId,
            communityId: data.community.communityId,
            area,
            category: data.category,
            title: data.title.trim(),
            description: data.description,
            urgency: data.urgency,
            beneficiaryRef: data.beneficiaryRef,
            beneficiaries: data.beneficiaries,
            requiredSkills: [...new Set(data.requiredSkills.map((skill) => skill.trim()).filter((skill) => skill.length > 0))],
            hoursPerWeek: data.hoursPerWeek ?? null,
            amountFen: data.amountFen ?? null,
            window: data.window ?? null,
            source: data.source,
            listedAt: now,
          },
        },
      ];
    }
    case 'VerifyNeed': {
      const need = requireOpen(state);
      if (need.verified) return [];
      return [{ type: 'NeedVerified', data: { needId: need.needId, verifiedAt: now } }];
    }
    case 'ReconfirmNeed': {
      const need = requireOpen(state);
      const { note } = command.data;
      if (note !== undefined && (typeof note !== 'string' || note.length > NEED_NOTE_MAX_LENGTH)) {
        throw invalid('NEED_NOTE_TOO_LONG', `The note is text of at most ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      const trimmed = note?.trim() ?? '';
      return [{ type: 'NeedReconfirmed', data: { needId: need.needId, reconfirmedAt: now, note: trimmed === '' ? null : trimmed } }];
    }
    case 'MarkNeedStale': {
      const need = requireOpen(state);
      const { staleAfterDays } = command.data;
      if (!Number.isSafeInteger(staleAfterDays) || staleAfterDays < 1) {
        throw invalid('STALE_AFTER_DAYS_INVALID', 'The freshness period is a whole number of days, at least 1', { staleAfterDays });
      }
      if (need.stale) return [];
      const due = staleFrom(need.lastConfirmedAt, staleAfterDays);
      // The clock may run early or read a lagging list: the need's own history decides.
      if (context.now < due) {
        throw conflict('NEED_NOT_STALE_YET', `The need was confirmed at ${need.lastConfirmedAt}; it turns stale at ${due.toISOString()}`, {
          lastConfirmedAt: need.lastConfirmedAt,
          staleFrom: due.toISOString(),
        });
      }
      return [
        {
          type: 'NeedMarkedStale',
          data: { needId: need.needId, lastConfirmedAt: need.lastConfirmedAt, staleAfterDays, markedStaleAt: now, area: need.area, category: need.category },
        },
      ];
    }
    case 'RecordNeedMatch': {
      const need = requireOpen(state);
      const data = command.data;
      validateMatch(data);
      const decidedElsewhere = MATCHES_DECIDED_BY_RESOURCE[data.resource.kind];
      if (decidedElsewhere) {
        // Recording it here would move money or hours the resource never agreed to give.
        throw ruleBroken('MATCH_DECIDED_BY_RESOURCE', `A ${data.resource.kind} is matched by its own decision: ${decidedElsewhere.via}`, {
          ...(decidedElsewhere.rule ? { rule: decidedElsewhere.rule } : {}),
          resource: { kind: data.resource.kind, id: data.resource.id },
          command: decidedElsewhere.command,
          via: decidedElsewhere.via,
        });
      }
      if (!data.resourceInService) {
        throw conflict('MATCHED_RESOURCE_OUT_OF_SERVICE', `The ${data.resource.kind} ${data.resource.id} is deregistered or suspended`, {
          resource: { kind: data.resource.kind, id: data.resource.id },
        });
      }
      return recordMatch(need, data, now);
    }
    case 'RecordResourceMatch': {
      const need = requireOpen(state);
      const data = command.data;
      validateMatch(data);
      if (!MATCHES_DECIDED_BY_RESOURCE[data.resource.kind]) {
        throw invalid('NEED_MATCH_RESOURCE_INVALID', 'Only a donation or a volunteer decides its own match', { resource: data.resource });
      }
      return recordMatch(need, data, now);
    }
    case 'CoverNeedByProject': {
      const need = requireOpen(state);
      const { project } = command.data;
      requireProjectServes(need, command.data);
      if (need.projectIds.includes(project.projectId)) return [];
      return [{ type: 'NeedCoveredByProject', data: { needId: need.needId, projectId: project.projectId, coveredAt: now } }];
    }
    case 'FulfilNeed': {
      const need = requireOpen(state);
      const note = command.data.note.trim();
      if (note.length > NEED_NOTE_MAX_LENGTH) {
        throw invalid('NEED_NOTE_TOO_LONG', `The note is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      return [
        {
          type: 'NeedFulfilled',
          data: { needId: need.needId, note, listedAt: need.listedAt, fulfilledAt: now, area: need.area, category: need.category },
        },
      ];
    }
    case 'DeclineMatchProposal': {
      const need = requireOpen(state);
      const resourceKey = command.data.resourceKey.trim();
      if (!RESOURCE_KEY.test(resourceKey)) {
        throw invalid('NEED_RESOURCE_KEY_INVALID', 'A declined proposal names its resource as <kind>:<id>', { resourceKey });
      }
      const reason = command.data.reason.trim();
      if (reason.length === 0) throw invalid('DECLINE_REASON_REQUIRED', 'Say why the proposal is declined');
      if (reason.length > NEED_DECLINE_REASON_MAX_LENGTH) {
        throw invalid('DECLINE_REASON_TOO_LONG', `The reason is limited to ${NEED_DECLINE_REASON_MAX_LENGTH} characters`, {
          max: NEED_DECLINE_REASON_MAX_LENGTH,
        });
      }
      // Declining twice (a retried click) changes nothing: the first reason stands.
      if (need.declinedResourceKeys.includes(resourceKey)) return [];
      return [{ type: 'MatchProposalDeclined', data: { needId: need.needId, resourceKey, reason, declinedAt: now } }];
    }
    case 'WithdrawNeed': {
      const need = requireOpen(state);
      const reason = command.data.reason.trim();
      if (reason.length === 0) throw invalid('WITHDRAWAL_REASON_REQUIRED', 'Say why the need is withdrawn');
      if (reason.length > NEED_NOTE_MAX_LENGTH) {
        throw invalid('NEED_NOTE_TOO_LONG', `The reason is limited to ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
      }
      return [
        {
          type: 'NeedWithdrawn',
          data: { needId: need.needId, reason, withdrawnAt: now, area: need.area, category: need.category },
        },
      ];
    }
  }
};

const evolve = (state: NeedState, event: NeedEvent): NeedState => {
  if (event.type === 'NeedListed') {
    const data = event.data;
    return {
      status: 'listed',
      needId: data.needId,
      area: data.area,
      category: data.category,
      urgency: data.urgency,
      listedAt: data.listedAt,
      lastConfirmedAt: data.listedAt,
      stale: false,
      verified: false,
      matches: {},
      projectIds: [],
      declinedResourceKeys: [],
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'NeedReconfirmed':
      return { ...state, lastConfirmedAt: event.data.reconfirmedAt, stale: false };
    case 'NeedMarkedStale':
      return { ...state, stale: true };
    case 'NeedVerified': {
      const next = { ...state, verified: true };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedMatched': {
      const next = { ...state, matches: { ...state.matches, [event.data.matchId]: event.data.resource } };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedCoveredByProject': {
      const next = { ...state, projectIds: [...state.projectIds, event.data.projectId] };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedFulfilled':
      return { ...state, status: 'fulfilled' };
    case 'NeedWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MatchProposalDeclined':
      return { ...state, declinedResourceKeys: [...state.declinedResourceKeys, event.data.resourceKey] };
  }
};

export const needDecider: Decider<NeedState, NeedCommand, NeedEvent> = {
  streamPrefix: 'need',
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve,
};

/** What other aggregates and the matcher may rely on; a handler asking about a missing need gets a 404. */
export function toNeedFacts(state: NeedState): NeedFacts {
  const need = requireListed(state);
  return { needId: need.needId, status: need.status, category: need.category, area: need.area, urgency: need.urgency };
}
