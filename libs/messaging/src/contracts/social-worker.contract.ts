import type {
  SocialWorkerAssignedData,
  SocialWorkerBase,
  SocialWorkerCertifiedData,
  SocialWorkerDeregisteredData,
  SocialWorkerEmployedData,
  SocialWorkerEvent,
  SocialWorkerRegisteredData,
  SocialWorkerReleasedData,
} from '#domain';
import { published, type ContractDecision } from './integration-event.js';
import { area, areaCode, boolean, date, districtCode, id, instant, nullable, number, object, socialWorkerGrade, tagged } from './json-schema.js';

const base = () =>
  tagged(
    'level',
    {
      community: { area: area('The community of the post') },
      district: {
        city: areaCode('City'),
        district: districtCode("The district whose general station (总站) is the base"),
      },
    },
    'Where the social worker is based',
  );

const toBase = (value: SocialWorkerBase) =>
  value.level === 'community'
    ? { level: 'community' as const, area: { ...value.area } }
    : { level: 'district' as const, city: value.city, district: value.district };

/**
 * A social worker is a person: the contract keeps the pseudonymous socialWorkerId (indicators
 * count people) but never the vault reference, the certificate number or written reasons.
 */
export const socialWorkerContract = {
  SocialWorkerRegistered: published(
    'social-worker',
    'registered',
    'A professional social worker registered',
    object({
      socialWorkerId: id(),
      base: base(),
      hasSocialWorkDegree: boolean('A degree qualifies without a certificate (rule 1)'),
      employerOrganisationId: nullable(id()),
    }),
    (data: SocialWorkerRegisteredData) => ({
      socialWorkerId: data.socialWorkerId,
      base: toBase(data.base),
      hasSocialWorkDegree: data.hasSocialWorkDegree,
      employerOrganisationId: data.employerOrganisationId,
    }),
  ),
  SocialWorkerCertified: published(
    'social-worker',
    'certified',
    'The social worker was certified at a grade',
    object({ socialWorkerId: id(), grade: socialWorkerGrade(), certifiedOn: date(), previousGrade: nullable(socialWorkerGrade()) }),
    (data: SocialWorkerCertifiedData) => ({
      socialWorkerId: data.socialWorkerId,
      grade: data.grade,
      certifiedOn: data.certifiedOn,
      previousGrade: data.previousGrade,
    }),
  ),
  SocialWorkerEmployed: published(
    'social-worker',
    'employed',
    'The social worker changed employer (null: none)',
    object({ socialWorkerId: id(), employerOrganisationId: nullable(id()), previousEmployerOrganisationId: nullable(id()) }),
    (data: SocialWorkerEmployedData) => ({
      socialWorkerId: data.socialWorkerId,
      employerOrganisationId: data.employerOrganisationId,
      previousEmployerOrganisationId: data.previousEmployerOrganisationId,
    }),
  ),
  SocialWorkerAssigned: published(
    'social-worker',
    'assigned',
    'The social worker was assigned to a project for some hours a week',
    object({
      socialWorkerId: id(),
      projectId: id(),
      hoursPerWeek: number(0),
      totalHoursPerWeek: number(0, 'All assigned hours after this one'),
      employerOrganisationId: nullable(id()),
      assignedAt: instant(),
    }),
    (data: SocialWorkerAssignedData) => ({
      socialWorkerId: data.socialWorkerId,
      projectId: data.projectId,
      hoursPerWeek: data.hoursPerWeek,
      totalHoursPerWeek: data.totalHoursPerWeek,
      employerOrganisationId: data.employerOrganisationId,
      assignedAt: data.assignedAt,
    }),
  ),
  SocialWorkerReleased: published(
    'social-worker',
    'released',
    'The social worker left a project',
    object({ socialWorkerId: id(), projectId: id(), hoursPerWeek: number(0, 'The weekly hours freed') }),
    (data: SocialWorkerReleasedData) => ({ socialWorkerId: data.socialWorkerId, projectId: data.projectId, hoursPerWeek: data.hoursPerWeek }),
  ),
  SocialWorkerDeregistered: published(
    'social-worker',
    'deregistered',
    'The social worker left the register',
    object({ socialWorkerId: id() }),
    (data: SocialWorkerDeregisteredData) => ({ socialWorkerId: data.socialWorkerId }),
  ),
} as const satisfies Record<SocialWorkerEvent['type'], ContractDecision>;
