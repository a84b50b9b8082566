import { isCalendarDate, chinaDateOf } from '../shared/calendar.js';
import { EVERY_LEVEL, isRecord, requireArea, requireList, requireText } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import type { Area } from '../shared/values.js';
import type { ElderCommand } from './elder.commands.js';
import {
  ELDER_CIRCUMSTANCES,
  ELDER_REMOVAL_REASONS,
  HOME_VISIT_OUTCOMES,
  HOME_VISITOR_KINDS,
  type ElderCircumstance,
  type ElderEvent,
  type HomeVisitor,
} from './elder.events.js';

export interface ElderOnRegister {
  readonly status: 'registered' | 'removed';
  readonly elderId: string;
  readonly communityId: string;
  readonly area: Area;
  readonly beneficiaryRef: string;
  /** Visits already on file: a visit recorded again (a retried import, a double tap) records nothing. */
  readonly visitIds: readonly string[];
}

export type ElderState = { readonly status: 'absent' } | ElderOnRegister;

const requireElder = (state: ElderState): ElderOnRegister => {
  if (state.status === 'absent') throw notFound('ELDER_NOT_FOUND', 'No such person on a register of elderly people in special difficulty');
  return state;
};

const requireKnown = <Codes extends Record<string, string>>(code: string, codes: Codes, value: unknown, what: string): keyof Codes & string => {
  if (typeof value !== 'string' || !Object.hasOwn(codes, value)) throw invalid(code, `${what} must be one of ${Object.keys(codes).join(', ')}`, { received: value });
  return value;
};

const requireVisitor = (value: HomeVisitor | null | undefined): HomeVisitor => {
  if (!isRecord(value)) throw invalid('HOME_VISITOR_REQUIRED', 'Who made the visit is required: {kind, ref}');
  const kind = requireKnown('HOME_VISITOR_KIND_UNKNOWN', HOME_VISITOR_KINDS, value.kind, 'The visitor kind');
  return { kind, ref: requireText('HOME_VISITOR_REQUIRED', value.ref, 'The visitor reference') };
};

/**
 * 特殊困难老年人 on a community's register and their monthly home visits (seed 003 column 3: visited
 * every month, 100 %). The register is what the monthly rate divides by; a person leaves it with a reason.
 */
export const elderDecider: Decider<ElderState, ElderCommand, ElderEvent> = {
  streamPrefix: 'elder',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, { now }) {
    switch (command.type) {
      case 'RegisterElderInDifficulty': {
        const { elderId, community } = command.data;
        if (state.status !== 'absent') throw conflict('ELDER_ALREADY_REGISTERED', `Elder ${elderId} is already on the register`, { elderId });
        const beneficiaryRef = requireText('BENEFICIARY_REF_REQUIRED', command.data.beneficiaryRef, 'A pseudonymous person reference');
        const listed = requireList('ELDER_CIRCUMSTANCES_REQUIRED', command.data.circumstances, 'The circumstances');
        if (listed.length === 0) throw invalid('ELDER_CIRCUMSTANCES_REQUIRED', 'Name at least one circumstance (living_alone, empty_nest, ...)');
        const circumstances = [...new Set(listed.map((each) => requireKnown('ELDER_CIRCUMSTANCE_UNKNOWN', ELDER_CIRCUMSTANCES, each, 'A circumstance') as ElderCircumstance))];
        return [
          {
            type: 'ElderInDifficultyRegistered',
            data: {
              elderId,
              communityId: community.communityId,
              area: requireArea('AREA_INVALID', community.area, EVERY_LEVEL),
              beneficiaryRef,
              circumstances,
              registeredAt: now.toISOString(),
            },
          },
        ];
      }
      case 'RecordHomeVisit': {
        const elder = requireElder(state);
        const visitId = requireText('HOME_VISIT_ID_REQUIRED', command.data.visitId, 'A visit id');
        if (elder.visitIds.includes(visitId)) return [];
        if (elder.status === 'removed') throw conflict('ELDER_NOT_ON_REGISTER', 'The person has left the register: visits are no longer recorded', { elderId: elder.elderId });
        const { visitedOn } = command.data;
        if (!isCalendarDate(visitedOn)) throw invalid('HOME_VISIT_DATE_INVALID', 'visitedOn must be a calendar date YYYY-MM-DD', { visitedOn });
        // A visit is recorded after it happened: a date after today (Beijing) is a typing error.
        const today = chinaDateOf(now);
        if (visitedOn > today) throw invalid('HOME_VISIT_IN_FUTURE', 'A visit cannot be recorded for a day still to come', { visitedOn, today });
        return [
          {
            type: 'HomeVisitRecorded',
            data: {
              elderId: elder.elderId,
              visitId,
              communityId: elder.communityId,
              area: elder.area,
              beneficiaryRef: elder.beneficiaryRef,
              visitedOn,
              visitor: requireVisitor(command.data.visitor),
              outcome: requireKnown('HOME_VISIT_OUTCOME_UNKNOWN', HOME_VISIT_OUTCOMES, command.data.outcome, 'The outcome'),
              recordedAt: now.toISOString(),
            },
          },
        ];
      }
      case 'RemoveElderInDifficulty': {
        const elder = requireElder(state);
        if (elder.status === 'removed') throw conflict('ELDER_ALREADY_REMOVED', 'The person has already left the register', { elderId: elder.elderId });
        return [
          {
            type: 'ElderInDifficultyRemoved',
            data: {
              elderId: elder.elderId,
              communityId: elder.communityId,
              area: elder.area,
              reason: requireKnown('ELDER_REMOVAL_REASON_UNKNOWN', ELDER_REMOVAL_REASONS, command.data.reason, 'The reason'),
              removedAt: now.toISOString(),
            },
          },
        ];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown elder command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ElderInDifficultyRegistered': {
        const { elderId, communityId, area, beneficiaryRef } = event.data;
        return { status: 'registered', elderId, communityId, area, beneficiaryRef, visitIds: [] };
      }
      case 'HomeVisitRecorded':
        return state.status === 'absent' ? state : { ...state, visitIds: [...state.visitIds, event.data.visitId] };
      case 'ElderInDifficultyRemoved':
        return state.status === 'absent' ? state : { ...state, status: 'removed' };
      default:
        return state;
    }
  },
};
