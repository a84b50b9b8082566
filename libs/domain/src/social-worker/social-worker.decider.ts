import { chinaDateOf, EARLIEST_DATE, isCalendarDate } from '../shared/calendar.js';
import { EVERY_LEVEL, hasText, isRecord, requireArea, requireText } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import type { SocialWorkerFacts } from '../shared/facts.js';
import type { IsoDate, SocialWorkerGrade } from '../shared/values.js';
import { requireContractorsOwnStaff } from '../project/project.rules.js';
import type { SocialWorkerCommand } from './social-worker.commands.js';
import type { SocialWorkerBase, SocialWorkerEvent } from './social-worker.events.js';

/** A full-time week: a social worker's assignments together never ask for more. */
export const MAX_SOCIAL_WORKER_HOURS_PER_WEEK = 40;

export interface SocialWorkerRecord {
  readonly status: 'active' | 'deregistered';
  readonly socialWorkerId: string;
  readonly personRef: string;
  readonly base: SocialWorkerBase;
  readonly hasSocialWorkDegree: boolean;
  readonly employerOrganisationId: string | null;
  readonly grade: SocialWorkerGrade | null;
  readonly certificateNumber: string | null;
  readonly certifiedOn: IsoDate | null;
  /** Hours per week by project id. */
  readonly assignments: Readonly<Record<string, number>>;
}

export type SocialWorkerState = { readonly status: 'absent' } | SocialWorkerRecord;

// Grades in ascending order: a certificate never replaces a higher one.
const GRADE_RANK: Record<SocialWorkerGrade, number> = { assistant: 1, intermediate: 2, senior: 3 };


export const socialWorkerAssignedHours = (state: SocialWorkerState): number =>
  state.status === 'absent' ? 0 : Object.values(state.assignments).reduce((sum, hours) => sum + hours, 0);

const requireSocialWorker = (state: SocialWorkerState, socialWorkerId: string): SocialWorkerRecord => {
  if (state.status === 'absent') {
    throw notFound('SOCIAL_WORKER_NOT_FOUND', `Social worker ${socialWorkerId} is not registered`, { socialWorkerId });
  }
  return state;
};

const requireActive = (socialWorker: SocialWorkerRecord): SocialWorkerRecord => {
  if (socialWorker.status === 'deregistered') {
    throw conflict('SOCIAL_WORKER_DEREGISTERED', `Social worker ${socialWorker.socialWorkerId} is deregistered`, {
      socialWorkerId: socialWorker.socialWorkerId,
    });
  }
  return socialWorker;
};

// Leaving an employer or the register while on a project would leave the project silently short-staffed (rules 1, 6).
const requireNoAssignments = (socialWorker: SocialWorkerRecord, action: string): void => {
  const projectIds = Object.keys(socialWorker.assignments);
  if (projectIds.length > 0) {
    throw conflict('SOCIAL_WORKER_STILL_ASSIGNED', `Release social worker ${socialWorker.socialWorkerId} from their projects before ${action}`, {
      socialWorkerId: socialWorker.socialWorkerId,
      projectIds,
    });
  }
};

/** A community post (a whole area) or a district's general station (city and district). */
const requireBase = (base: unknown): SocialWorkerBase => {
  const code = 'SOCIAL_WORKER_BASE_INVALID';
  if (isRecord(base) && base.level === 'community') return { level: 'community', area: requireArea(code, base.area as never, EVERY_LEVEL) };
  if (isRecord(base) && base.level === 'district') {
    const { city, district } = requireArea(code, { city: base.city, district: base.district } as never, ['city', 'district']);
    return { level: 'district', city, district };
  }
  throw invalid(code, "A social worker's base is a community (with its area) or a district (with city and district)");
};

export const socialWorkerDecider: Decider<SocialWorkerState, SocialWorkerCommand, SocialWorkerEvent> = {
  streamPrefix: 'socialworker',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'RegisterSocialWorker') {
      const { socialWorkerId, personRef, hasSocialWorkDegree, employerOrganisationId } = command.data;
      if (state.status !== 'absent') {
        throw conflict('SOCIAL_WORKER_ALREADY_EXISTS', `Social worker ${socialWorkerId} is already registered`, { socialWorkerId });
      }
      // Rule 1 counts the degree, rule 6 compares employers: neither may be a value of another type.
      if (typeof hasSocialWorkDegree !== 'boolean') throw invalid('SOCIAL_WORK_DEGREE_INVALID', 'hasSocialWorkDegree is true or false');
      if (employerOrganisationId !== null && !hasText(employerOrganisationId)) {
        throw invalid('EMPLOYER_INVALID', 'The employer is an organisation id, or null for none');
      }
      return [
        {
          type: 'SocialWorkerRegistered',
          data: {
            socialWorkerId,
            personRef: requireText('PERSON_REF_REQUIRED', personRef, 'A pseudonymous person reference'),
            base: requireBase(command.data.base),
            hasSocialWorkDegree,
            employerOrganisationId,
          },
        },
      ];
    }

    const socialWorker = requireSocialWorker(state, command.data.socialWorkerId);
    const socialWorkerId = socialWorker.socialWorkerId;
    switch (command.type) {
      case 'CertifySocialWorker': {
        const { grade, certifiedOn } = command.data;
        requireActive(socialWorker);
        const certificateNumber = requireText('CERTIFICATE_NUMBER_REQUIRED', command.data.certificateNumber, 'The certificate number');
        if (!isCalendarDate(certifiedOn) || certifiedOn > chinaDateOf(context.now)) {
          throw invalid('CERTIFICATION_DATE_INVALID', `The certification date is a past or current YYYY-MM-DD date, from ${EARLIEST_DATE}`, { certifiedOn });
        }
        if (socialWorker.grade !== null && GRADE_RANK[grade] < GRADE_RANK[socialWorker.grade]) {
          throw conflict('GRADE_DOWNGRADE', `Social worker ${socialWorkerId} already holds the higher grade ${socialWorker.grade}`, {
            heldGrade: socialWorker.grade,
            requestedGrade: grade,
          });
        }
        if (grade === socialWorker.grade && certificateNumber === socialWorker.certificateNumber) return [];
        return [{ type: 'SocialWorkerCertified', data: { socialWorkerId, grade, certificateNumber, certifiedOn, previousGrade: socialWorker.grade } }];
      }
      case 'ChangeEmployer': {
        const { employerOrganisationId } = command.data;
        requireActive(socialWorker);
        if (employerOrganisationId === socialWorker.employerOrganisationId) return [];
        requireNoAssignments(socialWorker, 'changing employer');
        return [
          {
            type: 'SocialWorkerEmployed',
            data: { socialWorkerId, employerOrganisationId, previousEmployerOrganisationId: socialWorker.employerOrganisationId },
          },
        ];
      }
      case 'AssignSocialWorker': {
        const { project, hoursPerWeek } = command.data;
        const projectId = project.projectId;
        requireActive(socialWorker);
        // Hours are held only on a contract in force, and only for the contractor's own staff (rule 6).
        if (project.status !== 'contracted' || project.contractorOrganisationId === null) {
          throw conflict('CONTRACT_NOT_ACTIVE', `The project has no contract in force (it is ${project.status})`, { projectId, status: project.status });
        }
        requireContractorsOwnStaff(project.contractorOrganisationId, socialWorker);
        if (!Number.isFinite(hoursPerWeek) || hoursPerWeek <= 0 || hoursPerWeek > MAX_SOCIAL_WORKER_HOURS_PER_WEEK) {
          throw invalid('HOURS_PER_WEEK_INVALID', `Hours per week are more than 0 and at most ${MAX_SOCIAL_WORKER_HOURS_PER_WEEK}`, {
            hoursPerWeek,
          });
        }
        if (socialWorker.assignments[projectId] === hoursPerWeek) return [];
        // Re-assigning to the same project replaces its hours rather than adding to them.
        const otherHours = socialWorkerAssignedHours(socialWorker) - (socialWorker.assignments[projectId] ?? 0);
        if (otherHours + hoursPerWeek > MAX_SOCIAL_WORKER_HOURS_PER_WEEK) {
          throw ruleBroken('SOCIAL_WORKER_OVERCOMMITTED', `Social worker ${socialWorkerId} would work more than ${MAX_SOCIAL_WORKER_HOURS_PER_WEEK} hours a week`, {
            socialWorkerId,
            limitHoursPerWeek: MAX_SOCIAL_WORKER_HOURS_PER_WEEK,
            assignedHoursPerWeek: otherHours,
            requestedHoursPerWeek: hoursPerWeek,
          });
        }
        return [
          {
            type: 'SocialWorkerAssigned',
            data: {
              socialWorkerId,
              projectId,
              hoursPerWeek,
              totalHoursPerWeek: otherHours + hoursPerWeek,
              employerOrganisationId: socialWorker.employerOrganisationId,
              assignedAt: context.now.toISOString(),
            },
          },
        ];
      }
      case 'ReleaseSocialWorker': {
        const hoursPerWeek = socialWorker.assignments[command.data.projectId];
        // Releasing twice (a retried or compensating step) changes nothing.
        if (hoursPerWeek === undefined) return [];
        const reason = command.data.reason?.trim() || null;
        return [{ type: 'SocialWorkerReleased', data: { socialWorkerId, projectId: command.data.projectId, hoursPerWeek, reason } }];
      }
      case 'DeregisterSocialWorker': {
        requireActive(socialWorker);
        requireNoAssignments(socialWorker, 'deregistering');
        return [{ type: 'SocialWorkerDeregistered', data: { socialWorkerId, reason: requireText('REASON_REQUIRED', command.data.reason, 'A reason') } }];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown social worker command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'SocialWorkerRegistered') {
      return { status: 'active', ...event.data, grade: null, certificateNumber: null, certifiedOn: null, assignments: {} };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'SocialWorkerCertified':
        return { ...state, grade: event.data.grade, certificateNumber: event.data.certificateNumber, certifiedOn: event.data.certifiedOn };
      case 'SocialWorkerEmployed':
        return { ...state, employerOrganisationId: event.data.employerOrganisationId };
      case 'SocialWorkerAssigned':
        return { ...state, assignments: { ...state.assignments, [event.data.projectId]: event.data.hoursPerWeek } };
      case 'SocialWorkerReleased': {
        const { [event.data.projectId]: _released, ...assignments } = state.assignments;
        return { ...state, assignments };
      }
      case 'SocialWorkerDeregistered':
        return { ...state, status: 'deregistered' };
      default:
        return state;
    }
  },
};

/** What other aggregates may rely on; the handler calls it only for a social worker that exists. */
export function toSocialWorkerFacts(state: SocialWorkerState): SocialWorkerFacts {
  if (state.status === 'absent') throw notFound('SOCIAL_WORKER_NOT_FOUND', 'Social worker is not registered');
  return {
    socialWorkerId: state.socialWorkerId,
    status: state.status,
    // Rule 1 counts a national certificate at any grade or a social-work degree.
    qualified: state.grade !== null || state.hasSocialWorkDegree,
    grade: state.grade,
    employerOrganisationId: state.employerOrganisationId,
  };
}
