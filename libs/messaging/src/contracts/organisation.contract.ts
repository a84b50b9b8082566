import type {
  AnnualInspectionFailedData,
  AnnualInspectionPassedData,
  OrganisationDeregisteredData,
  OrganisationEvent,
  OrganisationGradedData,
  OrganisationReinstatedData,
  OrganisationRegisteredData,
  OrganisationSuspendedData,
  StationContractRecordedData,
  StationContractReleasedData,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, arrayOf, boolean, categories, districtCode, id, integer, nullable, object, organisationKind, stationLevel } from './json-schema.js';

const year = () => integer(1949, 'Calendar year');

/**
 * Names, credit codes and the bureau's written reasons stay inside: a sole proprietor's name or
 * credit code identifies a person, and reasons are free text.
 */
export const organisationContract = {
  OrganisationRegistered: published(
    'organisation',
    'registered',
    'A social organisation, agency or enterprise registered with the civil-affairs bureau',
    object({
      organisationId: id(),
      kind: organisationKind(),
      budgetFunded: boolean('A budget-funded mass organisation may not contract (rule 7)'),
      district: districtCode('The registering district'),
      area: nullable(area('Its seat when it serves one community; null for district-wide organisations')),
      serviceCategories: categories(),
      capacity: integer(1, 'Projects it can run at the same time'),
    }),
    (data: OrganisationRegisteredData) => ({
      organisationId: data.organisationId,
      kind: data.kind,
      budgetFunded: data.budgetFunded,
      district: data.district,
      area: data.area ? { ...data.area } : null,
      serviceCategories: [...data.serviceCategories],
      capacity: data.capacity,
    }),
  ),
  AnnualInspectionPassed: published(
    'organisation',
    'annual-inspection-passed',
    'The organisation passed its annual inspection (年检)',
    object({ organisationId: id(), year: year() }),
    (data: AnnualInspectionPassedData) => ({ organisationId: data.organisationId, year: data.year }),
  ),
  AnnualInspectionFailed: published(
    'organisation',
    'annual-inspection-failed',
    'The organisation failed its annual inspection and may not bid (rule 11)',
    object({ organisationId: id(), year: year() }),
    (data: AnnualInspectionFailedData) => ({ organisationId: data.organisationId, year: data.year }),
  ),
  OrganisationGraded: published(
    'organisation',
    'graded',
    'The organisation was graded 1A-5A (社会组织等级评估)',
    object({ organisationId: id(), grade: integer(1, '1-5 for 1A-5A', 5), year: year(), previousGrade: integer(0, '0 when ungraded before', 5) }),
    (data: OrganisationGradedData) => ({ organisationId: data.organisationId, grade: data.grade, year: data.year, previousGrade: data.previousGrade }),
  ),
  OrganisationSuspended: published(
    'organisation',
    'suspended',
    'The organisation was suspended',
    object({ organisationId: id() }),
    (data: OrganisationSuspendedData) => ({ organisationId: data.organisationId }),
  ),
  OrganisationReinstated: published(
    'organisation',
    'reinstated',
    'A suspended organisation was reinstated',
    object({ organisationId: id() }),
    (data: OrganisationReinstatedData) => ({ organisationId: data.organisationId }),
  ),
  OrganisationDeregistered: published(
    'organisation',
    'deregistered',
    'The organisation was deregistered (exit mechanism, seed 000)',
    object({ organisationId: id(), heldStationProjectIds: arrayOf(id(), 'Station contracts it still held') }),
    (data: OrganisationDeregisteredData) => ({ organisationId: data.organisationId, heldStationProjectIds: [...data.heldStationProjectIds] }),
  ),
  StationContractRecorded: published(
    'organisation',
    'station-contract-recorded',
    'The organisation now holds a social-work station contract (rule 5 guard)',
    object({ organisationId: id(), projectId: id(), district: districtCode(), stationLevel: stationLevel() }),
    (data: StationContractRecordedData) => ({
      organisationId: data.organisationId,
      projectId: data.projectId,
      district: data.district,
      stationLevel: data.stationLevel,
    }),
  ),
  StationContractReleased: published(
    'organisation',
    'station-contract-released',
    'A station contract of the organisation ended',
    object({ organisationId: id(), projectId: id(), district: districtCode(), stationLevel: stationLevel() }),
    (data: StationContractReleasedData) => ({
      organisationId: data.organisationId,
      projectId: data.projectId,
      district: data.district,
      stationLevel: data.stationLevel,
    }),
  ),
} as const satisfies Record<OrganisationEvent['type'], ContractDecision>;
