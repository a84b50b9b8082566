/** Matches and projects recorded on a need: who decides a match, and which project may cover it. */
import { hasText, isRecord } from '../shared/command-shape.js';
import { conflict, invalid, ruleBroken } from '../shared/domain-error.js';
import { levelOutsideScope } from '../shared/values.js';
import type { CoverNeedByProjectData, RecordResourceMatchData } from './need.commands.js';
import { NEED_RESOURCE_KINDS, type NeedEvent, type NeedResourceKind } from './need.events.js';
import { HOURS_IN_WEEK, isPositiveInteger, isWeeklyHours } from './need-listing.js';
import type { ListedNeed } from './need.state.js';

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

export const validateMatch = (data: RecordResourceMatchData): void => {
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
export const recordMatch = (need: ListedNeed, data: RecordResourceMatchData, now: string): NeedEvent[] => {
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
export const requireProjectServes = (need: ListedNeed, { project }: CoverNeedByProjectData): void => {
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
