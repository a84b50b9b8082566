import { chinaYearOf } from '../shared/calendar.js';
import { EVERY_LEVEL, optionalRecord, requireArea, requireList, requireText } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { ORGANISATION_KINDS, type OrganisationFacts, type OrganisationKind, type StationContractFacts } from '../shared/facts.js';
import { SERVICE_CATEGORIES, type Area, type ServiceCategory } from '../shared/values.js';
import type { OrganisationCommand } from './organisation.commands.js';
import type { OrganisationEvent, StationContractLevel } from './organisation.events.js';

export interface StationContract {
  readonly projectId: string;
  readonly district: string;
  readonly stationLevel: StationContractLevel;
}

export interface OrganisationRecord {
  readonly status: 'registered' | 'suspended' | 'deregistered';
  readonly organisationId: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly unifiedSocialCreditCode: string;
  readonly budgetFunded: boolean;
  readonly city: string | null;
  readonly district: string;
  readonly area: Area | null;
  readonly serviceCategories: readonly ServiceCategory[];
  readonly capacity: number;
  /** Inspection result by year: a late backfill of an old year must not mask the latest one. */
  readonly inspections: Readonly<Record<number, 'passed' | 'failed'>>;
  /** 1-5 for 1A-5A, 0 when not graded. */
  readonly grade: number;
  readonly gradeYear: number | null;
  /** Station contracts held now, by project id. */
  readonly stationContracts: Readonly<Record<string, StationContract>>;
}

export type OrganisationState = { readonly status: 'absent' } | OrganisationRecord;

// GB 32100-2015 alphabet: digits and capitals without I, O, S, V, Z.
const UNIFIED_SOCIAL_CREDIT_CODE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

const STATION_LEVEL_LABEL: Record<StationContractLevel, string> = { general: '总站', street: '街道站' };


const requireOrganisation = (state: OrganisationState, organisationId: string): OrganisationRecord => {
  if (state.status === 'absent') {
    throw notFound('ORGANISATION_NOT_FOUND', `Organisation ${organisationId} is not registered`, { organisationId });
  }
  return state;
};

const requireNotDeregistered = (organisation: OrganisationRecord): OrganisationRecord => {
  if (organisation.status === 'deregistered') {
    throw conflict('ORGANISATION_DEREGISTERED', `Organisation ${organisation.organisationId} is deregistered`, {
      organisationId: organisation.organisationId,
    });
  }
  return organisation;
};

const requireReason = (reason: string | undefined): string => {
  const trimmed = reason?.trim() ?? '';
  if (trimmed === '') throw invalid('REASON_REQUIRED', 'A reason is required: the exit mechanism must be accountable');
  return trimmed;
};

const assertYearNotInFuture = (code: string, year: number, now: Date): void => {
  if (!Number.isInteger(year) || year > chinaYearOf(now)) {
    throw invalid(code, `Year ${year} is not a past or current year`, { year });
  }
};

const latestInspectionOf = (organisation: OrganisationRecord): 'passed' | 'failed' | 'none' => {
  const years = Object.keys(organisation.inspections).map(Number);
  if (years.length === 0) return 'none';
  return organisation.inspections[Math.max(...years)]!;
};

const decideRegistration = (
  command: Extract<OrganisationCommand, { type: 'RegisterOrganisation' }>,
  state: OrganisationState,
): OrganisationEvent[] => {
  const { organisationId, kind, unifiedSocialCreditCode, budgetFunded, capacity } = command.data;
  if (state.status !== 'absent') {
    throw conflict('ORGANISATION_ALREADY_EXISTS', `Organisation ${organisationId} is already registered`, { organisationId });
  }
  const name = requireText('ORGANISATION_NAME_REQUIRED', command.data.name, "The organisation's name");
  if (typeof kind !== 'string' || !Object.hasOwn(ORGANISATION_KINDS, kind)) {
    throw invalid('ORGANISATION_KIND_UNKNOWN', `An organisation is one of ${Object.keys(ORGANISATION_KINDS).join(', ')}`, { kind });
  }
  // Rule 7 reads this flag: a string "no" must not pass for false.
  if (typeof budgetFunded !== 'boolean') throw invalid('BUDGET_FUNDED_INVALID', 'budgetFunded is true or false', { budgetFunded });
  const city = requireText('ORGANISATION_CITY_REQUIRED', command.data.city, 'The city of the registering district');
  const district = requireText('ORGANISATION_DISTRICT_REQUIRED', command.data.district, 'The registering district');
  // The seat is optional; given, it is a whole area the resources list can file the organisation under.
  const seat = optionalRecord('AREA_INVALID', command.data.area, "The organisation's seat");
  const area = seat && requireArea('AREA_INVALID', seat, EVERY_LEVEL);
  const serviceCategories = requireList('ORGANISATION_SERVICE_CATEGORIES_REQUIRED', command.data.serviceCategories, 'Service categories');
  const unknownCategory = serviceCategories.find((category) => !Object.hasOwn(SERVICE_CATEGORIES, category));
  if (unknownCategory !== undefined) {
    throw invalid('UNKNOWN_SERVICE_CATEGORY', `Unknown service category ${String(unknownCategory)}`, { category: unknownCategory });
  }
  if (!UNIFIED_SOCIAL_CREDIT_CODE.test(unifiedSocialCreditCode)) {
    throw invalid('UNIFIED_SOCIAL_CREDIT_CODE_INVALID', 'A unified social credit code has 18 characters of the GB 32100 alphabet', {
      unifiedSocialCreditCode,
    });
  }
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw invalid('ORGANISATION_CAPACITY_INVALID', 'Capacity is the number of concurrent projects, at least 1', { capacity });
  }
  if (serviceCategories.length === 0) {
    throw invalid('ORGANISATION_SERVICE_CATEGORIES_REQUIRED', 'An organisation offers at least one service category');
  }
  if (area && (area.district !== district || area.city !== city)) {
    throw invalid('ORGANISATION_AREA_MISMATCH', 'The seat of an organisation lies in its registering district', {
      city,
      district,
      areaCity: area.city,
      areaDistrict: area.district,
    });
  }
  return [
    {
      type: 'OrganisationRegistered',
      data: {
        organisationId,
        name,
        kind,
        unifiedSocialCreditCode,
        budgetFunded,
        city,
        district,
        area,
        serviceCategories: [...new Set(serviceCategories)],
        capacity,
      },
    },
  ];
};

const decideStationContract = (
  command: Extract<OrganisationCommand, { type: 'RecordStationContract' }>,
  organisation: OrganisationRecord,
): OrganisationEvent[] => {
  const { projectId, district, stationLevel } = command.data;
  const held = organisation.stationContracts[projectId];
  if (held) {
    // A retried contracting step is a no-op; the same project under other terms is a bug upstream.
    if (held.district === district && held.stationLevel === stationLevel) return [];
    throw conflict('STATION_CONTRACT_ALREADY_RECORDED', `Project ${projectId} is already recorded with other terms`, {
      projectId,
      district: held.district,
      stationLevel: held.stationLevel,
    });
  }
  if (organisation.status !== 'registered') {
    throw conflict(
      organisation.status === 'suspended' ? 'ORGANISATION_SUSPENDED' : 'ORGANISATION_DEREGISTERED',
      `Organisation ${organisation.organisationId} is ${organisation.status} and cannot take a station contract`,
      { organisationId: organisation.organisationId, status: organisation.status },
    );
  }
  assertMayTakeStation(organisation.organisationId, Object.values(organisation.stationContracts), { district, stationLevel });
  return [{ type: 'StationContractRecorded', data: { organisationId: organisation.organisationId, projectId, district, stationLevel } }];
};

export const organisationDecider: Decider<OrganisationState, OrganisationCommand, OrganisationEvent> = {
  streamPrefix: 'organisation',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, context) {
    if (command.type === 'RegisterOrganisation') return decideRegistration(command, state);
    const organisation = requireOrganisation(state, command.data.organisationId);
    const organisationId = organisation.organisationId;

    switch (command.type) {
      case 'RecordAnnualInspection': {
        const { year, result } = command.data;
        requireNotDeregistered(organisation);
        assertYearNotInFuture('INSPECTION_YEAR_INVALID', year, context.now);
        const recorded = organisation.inspections[year];
        if (recorded === result) return [];
        if (recorded) {
          throw conflict('ANNUAL_INSPECTION_ALREADY_RECORDED', `The ${year} inspection was already recorded as ${recorded}`, {
            year,
            recorded,
          });
        }
        if (result === 'passed') return [{ type: 'AnnualInspectionPassed', data: { organisationId, year } }];
        return [{ type: 'AnnualInspectionFailed', data: { organisationId, year, reason: requireReason(command.data.reason) } }];
      }
      case 'GradeOrganisation': {
        const { grade, year } = command.data;
        requireNotDeregistered(organisation);
        if (!Number.isInteger(grade) || grade < 1 || grade > 5) {
          throw invalid('ORGANISATION_GRADE_INVALID', 'Grades run from 1 (1A) to 5 (5A)', { grade });
        }
        assertYearNotInFuture('GRADE_YEAR_INVALID', year, context.now);
        if (organisation.gradeYear !== null && year < organisation.gradeYear) {
          throw conflict('ORGANISATION_GRADE_OUTDATED', `A grade from ${organisation.gradeYear} supersedes one from ${year}`, {
            year,
            gradeYear: organisation.gradeYear,
          });
        }
        if (grade === organisation.grade && year === organisation.gradeYear) return [];
        return [{ type: 'OrganisationGraded', data: { organisationId, grade, year, previousGrade: organisation.grade } }];
      }
      case 'SuspendOrganisation': {
        requireNotDeregistered(organisation);
        if (organisation.status === 'suspended') {
          throw conflict('ORGANISATION_ALREADY_SUSPENDED', `Organisation ${organisationId} is already suspended`, { organisationId });
        }
        return [{ type: 'OrganisationSuspended', data: { organisationId, reason: requireReason(command.data.reason) } }];
      }
      case 'ReinstateOrganisation': {
        requireNotDeregistered(organisation);
        if (organisation.status !== 'suspended') {
          throw conflict('ORGANISATION_NOT_SUSPENDED', `Organisation ${organisationId} is not suspended`, { organisationId });
        }
        return [{ type: 'OrganisationReinstated', data: { organisationId, reason: requireReason(command.data.reason) } }];
      }
      case 'DeregisterOrganisation': {
        requireNotDeregistered(organisation);
        return [
          {
            type: 'OrganisationDeregistered',
            data: {
              organisationId,
              reason: requireReason(command.data.reason),
              heldStationProjectIds: Object.keys(organisation.stationContracts),
            },
          },
        ];
      }
      case 'RecordStationContract':
        return decideStationContract(command, organisation);
      case 'ReleaseStationContract': {
        const held = organisation.stationContracts[command.data.projectId];
        // Compensation may run more than once: releasing what is not held changes nothing.
        if (!held) return [];
        return [
          {
            type: 'StationContractReleased',
            data: { organisationId, projectId: held.projectId, district: held.district, stationLevel: held.stationLevel, reason: requireReason(command.data.reason) },
          },
        ];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown organisation command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'OrganisationRegistered') {
      return { status: 'registered', ...event.data, inspections: {}, grade: 0, gradeYear: null, stationContracts: {} };
    }
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'AnnualInspectionPassed':
        return { ...state, inspections: { ...state.inspections, [event.data.year]: 'passed' } };
      case 'AnnualInspectionFailed':
        return { ...state, inspections: { ...state.inspections, [event.data.year]: 'failed' } };
      case 'OrganisationGraded':
        return { ...state, grade: event.data.grade, gradeYear: event.data.year };
      case 'OrganisationSuspended':
        return { ...state, status: 'suspended' };
      case 'OrganisationReinstated':
        return { ...state, status: 'registered' };
      case 'OrganisationDeregistered':
        return { ...state, status: 'deregistered' };
      case 'StationContractRecorded': {
        const { projectId, district, stationLevel } = event.data;
        return { ...state, stationContracts: { ...state.stationContracts, [projectId]: { projectId, district, stationLevel } } };
      }
      case 'StationContractReleased': {
        const { [event.data.projectId]: _released, ...stationContracts } = state.stationContracts;
        return { ...state, stationContracts };
      }
      default:
        return state;
    }
  },
};

/** What other aggregates may rely on; the handler calls it only for an organisation that exists. */
export function toOrganisationFacts(state: OrganisationState): OrganisationFacts {
  if (state.status === 'absent') throw notFound('ORGANISATION_NOT_FOUND', 'Organisation is not registered');
  return {
    organisationId: state.organisationId,
    name: state.name,
    kind: state.kind,
    budgetFunded: state.budgetFunded,
    status: state.status,
    latestInspection: latestInspectionOf(state),
    grade: state.grade,
    district: state.district,
    stationContracts: Object.values(state.stationContracts),
  };
}

/**
 * Rule 5 (seed 004): within one district, the general station (总站) and a street station never go to
 * the same organisation. The organisation decider guards it when it records a station; the project
 * decider checks it with the contractor's facts before it signs, so a refusal stores nothing.
 */
export function assertMayTakeStation(
  organisationId: string,
  held: readonly StationContractFacts[],
  station: { readonly district: string; readonly stationLevel: StationContractLevel },
): void {
  const { district, stationLevel } = station;
  const otherLevel: StationContractLevel = stationLevel === 'general' ? 'street' : 'general';
  const clash = held.find((contract) => contract.district === district && contract.stationLevel === otherLevel);
  if (clash) {
    throw ruleBroken(
      'STATION_LEVELS_CONFLICT',
      `Within district ${district} the ${STATION_LEVEL_LABEL.general} and a ${STATION_LEVEL_LABEL.street} cannot go to the same organisation`,
      { rule: 5, organisationId, district, stationLevel, heldProjectId: clash.projectId, heldStationLevel: otherLevel },
    );
  }
}

/**
 * May this organisation bid for a purchased service? The project decider calls it with the
 * bidder's facts. Rule 11 (seed 000): not after a failed latest inspection, nor while suspended
 * or deregistered. Rule 7 (seed 004): budget-funded mass organisations are not eligible.
 */
export function assertMayBid(facts: OrganisationFacts): void {
  if (facts.latestInspection === 'failed' || facts.status !== 'registered') {
    throw ruleBroken(
      'ORGANISATION_NOT_IN_GOOD_STANDING',
      facts.status !== 'registered'
        ? `Organisation ${facts.organisationId} is ${facts.status} and cannot bid`
        : `Organisation ${facts.organisationId} failed its latest annual inspection and cannot bid`,
      { rule: 11, organisationId: facts.organisationId, status: facts.status, latestInspection: facts.latestInspection },
    );
  }
  if (facts.kind === 'mass_organisation' && facts.budgetFunded) {
    throw ruleBroken('BIDDER_NOT_ELIGIBLE', `Organisation ${facts.organisationId} is a budget-funded mass organisation`, {
      rule: 7,
      organisationId: facts.organisationId,
      kind: facts.kind,
      budgetFunded: facts.budgetFunded,
    });
  }
}
