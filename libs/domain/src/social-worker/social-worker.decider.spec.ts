import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../testing/decider-spec.js';
import type { SocialWorkerCommand } from './social-worker.commands.js';
import type { SocialWorkerEvent, SocialWorkerRegistered } from './social-worker.events.js';
import { socialWorkerAssignedHours, socialWorkerDecider, toSocialWorkerFacts } from './social-worker.decider.js';

const spec = DeciderSpecification.for(socialWorkerDecider);
const socialWorkerId = 'sw-0042';
const assignedAt = DEFAULT_TEST_NOW.toISOString();

const registered: SocialWorkerRegistered = {
  type: 'SocialWorkerRegistered',
  data: {
    socialWorkerId,
    personRef: 'person-7f3a',
    base: { level: 'community', area: { city: 'jinan', district: 'lixia', street: 'quancheng', community: 'quancheng-1' } },
    hasSocialWorkDegree: false,
    employerOrganisationId: 'org-a',
  },
};
const certified = (grade: 'assistant' | 'intermediate' | 'senior', previousGrade: 'assistant' | 'intermediate' | 'senior' | null = null): SocialWorkerEvent => ({
  type: 'SocialWorkerCertified',
  data: { socialWorkerId, grade, certificateNumber: `cert-${grade}`, certifiedOn: '2025-06-01', previousGrade },
});
const assigned = (projectId: string, hoursPerWeek: number, totalHoursPerWeek = hoursPerWeek): SocialWorkerEvent => ({
  type: 'SocialWorkerAssigned',
  data: { socialWorkerId, projectId, hoursPerWeek, totalHoursPerWeek, employerOrganisationId: 'org-a', assignedAt },
});
const deregistered: SocialWorkerEvent = { type: 'SocialWorkerDeregistered', data: { socialWorkerId, reason: '离职' } };

const certify = (grade: 'assistant' | 'intermediate' | 'senior', certifiedOn = '2025-06-01', certificateNumber = `cert-${grade}`): SocialWorkerCommand => ({
  type: 'CertifySocialWorker',
  data: { socialWorkerId, grade, certificateNumber, certifiedOn },
});
const area = { city: 'jinan', district: 'lixia', street: 'quancheng', community: '' };
/** A station contracted to org-a, the worker's employer, unless told otherwise. */
const contractedTo = (projectId: string, contractorOrganisationId: string | null = 'org-a', status = 'contracted') =>
  ({ projectId, status, categories: ['elderly_care' as const], area, contractorOrganisationId });
const assign = (projectId: string, hoursPerWeek: number, project = contractedTo(projectId)): SocialWorkerCommand => ({
  type: 'AssignSocialWorker',
  data: { socialWorkerId, project, hoursPerWeek },
});
const release = (projectId: string, reason?: string): SocialWorkerCommand => ({
  type: 'ReleaseSocialWorker',
  data: { socialWorkerId, projectId, ...(reason === undefined ? {} : { reason }) },
});
const changeEmployer = (employerOrganisationId: string | null): SocialWorkerCommand => ({ type: 'ChangeEmployer', data: { socialWorkerId, employerOrganisationId } });
const deregister = (reason = '离职'): SocialWorkerCommand => ({ type: 'DeregisterSocialWorker', data: { socialWorkerId, reason } });

describe('social worker decider', () => {
  describe('RegisterSocialWorker', () => {
    const register: SocialWorkerCommand = { type: 'RegisterSocialWorker', data: registered.data };

    // JSON callers break the declared types: a social worker is a person with a base in a whole area.
    it('refuses a registration without a person, without a base, or with an incomplete base', () => {
      const registerWith = (data: Record<string, unknown>): SocialWorkerCommand => ({ type: 'RegisterSocialWorker', data: { ...registered.data, ...data } as never });
      spec.given([]).when(registerWith({ personRef: undefined })).thenThrows('PERSON_REF_REQUIRED');
      spec.given([]).when(registerWith({ base: undefined })).thenThrows('SOCIAL_WORKER_BASE_INVALID');
      spec.given([]).when(registerWith({ base: [{ level: 'district', city: 'jinan', district: 'lixia' }] })).thenThrows('SOCIAL_WORKER_BASE_INVALID');
      spec.given([]).when(registerWith({ base: { level: 'district', city: 'jinan' } })).thenThrows('SOCIAL_WORKER_BASE_INVALID');
      spec.given([]).when(registerWith({ base: { level: 'street', city: 'jinan', district: 'lixia' } })).thenThrows('SOCIAL_WORKER_BASE_INVALID');
      spec
        .given([])
        .when(registerWith({ base: { level: 'community', area: { city: 'jinan', district: 'lixia', street: 'quancheng' } } }))
        .thenThrows('SOCIAL_WORKER_BASE_INVALID', { missing: ['community'] });
    });

    it('refuses a degree flag that is not true or false: rule 1 counts it', () => {
      const registerWith = (data: Record<string, unknown>): SocialWorkerCommand => ({ type: 'RegisterSocialWorker', data: { ...registered.data, ...data } as never });
      spec.given([]).when(registerWith({ hasSocialWorkDegree: 'yes' })).thenThrows('SOCIAL_WORK_DEGREE_INVALID');
      spec.given([]).when(registerWith({ employerOrganisationId: ['org-a'] })).thenThrows('EMPLOYER_INVALID');
    });

    it('registers a social worker under a pseudonymous person reference', () => {
      spec.given([]).when(register).then([registered]);
    });

    it('registers a social worker based at a district general station', () => {
      const base = { level: 'district' as const, city: 'jinan', district: 'lixia' };
      spec
        .given([])
        .when({ type: 'RegisterSocialWorker', data: { ...registered.data, base, employerOrganisationId: null } })
        .then([{ type: 'SocialWorkerRegistered', data: { ...registered.data, base, employerOrganisationId: null } }]);
    });

    it('refuses to register twice, or without a person reference', () => {
      spec.given([registered]).when(register).thenThrows('SOCIAL_WORKER_ALREADY_EXISTS');
      spec.given([]).when({ type: 'RegisterSocialWorker', data: { ...registered.data, personRef: ' ' } }).thenThrows('PERSON_REF_REQUIRED');
    });
  });

  describe('CertifySocialWorker', () => {
    it('certifies at a grade, and at a higher grade later', () => {
      spec.given([registered]).when(certify('assistant')).then([certified('assistant')]);
      spec.given([registered, certified('assistant')]).when(certify('intermediate')).then([certified('intermediate', 'assistant')]);
    });

    it('refuses a lower grade than the one held', () => {
      spec.given([registered, certified('intermediate')]).when(certify('assistant')).thenThrows('GRADE_DOWNGRADE', {
        heldGrade: 'intermediate',
        requestedGrade: 'assistant',
      });
    });

    it('records nothing for the same certificate again, but records a renewed certificate at the same grade', () => {
      spec.given([registered, certified('assistant')]).when(certify('assistant')).then([]);
      spec
        .given([registered, certified('assistant')])
        .when(certify('assistant', '2026-02-01', 'cert-renewed'))
        .then([{ type: 'SocialWorkerCertified', data: { socialWorkerId, grade: 'assistant', certificateNumber: 'cert-renewed', certifiedOn: '2026-02-01', previousGrade: 'assistant' } }]);
    });

    it('refuses a certification date in the future or not a date', () => {
      spec.given([registered]).when(certify('assistant', '2026-03-02')).thenThrows('CERTIFICATION_DATE_INVALID');
      spec.given([registered]).when(certify('assistant', '1 March 2026')).thenThrows('CERTIFICATION_DATE_INVALID');
      // Today's Beijing date is fine.
      spec.given([registered]).when(certify('assistant', '2026-03-01')).then([
        { type: 'SocialWorkerCertified', data: { socialWorkerId, grade: 'assistant', certificateNumber: 'cert-assistant', certifiedOn: '2026-03-01', previousGrade: null } },
      ]);
    });

    it('refuses a missing certificate number, a deregistered or an unknown social worker', () => {
      spec.given([registered]).when(certify('assistant', '2025-06-01', '')).thenThrows('CERTIFICATE_NUMBER_REQUIRED');
      spec.given([registered, deregistered]).when(certify('assistant')).thenThrows('SOCIAL_WORKER_DEREGISTERED');
      spec.given([]).when(certify('assistant')).thenThrows('SOCIAL_WORKER_NOT_FOUND');
    });
  });

  describe('ChangeEmployer', () => {
    it('records the new and the previous employer', () => {
      spec.given([registered]).when(changeEmployer('org-b')).then([
        { type: 'SocialWorkerEmployed', data: { socialWorkerId, employerOrganisationId: 'org-b', previousEmployerOrganisationId: 'org-a' } },
      ]);
      spec.given([registered]).when(changeEmployer(null)).then([
        { type: 'SocialWorkerEmployed', data: { socialWorkerId, employerOrganisationId: null, previousEmployerOrganisationId: 'org-a' } },
      ]);
    });

    it('records nothing for the same employer', () => {
      spec.given([registered]).when(changeEmployer('org-a')).then([]);
    });

    it('refuses while the social worker is still assigned to a project of the old employer', () => {
      spec.given([registered, assigned('p-1', 30)]).when(changeEmployer('org-b')).thenThrows('SOCIAL_WORKER_STILL_ASSIGNED', { projectIds: ['p-1'] });
    });

    it('refuses a deregistered or unknown social worker', () => {
      spec.given([registered, deregistered]).when(changeEmployer('org-b')).thenThrows('SOCIAL_WORKER_DEREGISTERED');
      spec.given([]).when(changeEmployer('org-b')).thenThrows('SOCIAL_WORKER_NOT_FOUND');
    });
  });

  describe('AssignSocialWorker', () => {
    it('assigns hours to a project with the employer and the time of taking the post', () => {
      spec.given([registered]).when(assign('p-1', 24)).then([assigned('p-1', 24)]);
    });

    it('fills the week up to exactly 40 hours across projects', () => {
      spec.given([registered, assigned('p-1', 24)]).when(assign('p-2', 16)).then([assigned('p-2', 16, 40)]);
    });

    it('refuses hours beyond 40 a week across projects', () => {
      spec.given([registered, assigned('p-1', 24)]).when(assign('p-2', 17)).thenThrows('SOCIAL_WORKER_OVERCOMMITTED', {
        limitHoursPerWeek: 40,
        assignedHoursPerWeek: 24,
        requestedHoursPerWeek: 17,
      });
    });

    it('replaces the hours of an existing assignment instead of adding them', () => {
      spec.given([registered, assigned('p-1', 30), assigned('p-2', 10, 40)]).when(assign('p-1', 20)).then([assigned('p-1', 20, 30)]);
      spec.given([registered, assigned('p-1', 30)]).when(assign('p-1', 30)).then([]);
    });

    it('counts freed hours after a release', () => {
      spec
        .given([registered, assigned('p-1', 30), { type: 'SocialWorkerReleased', data: { socialWorkerId, projectId: 'p-1', hoursPerWeek: 30, reason: null } }])
        .when(assign('p-2', 40))
        .then([assigned('p-2', 40)]);
    });

    it('refuses hours that are not a positive number up to 40', () => {
      spec.given([registered]).when(assign('p-1', 0)).thenThrows('HOURS_PER_WEEK_INVALID');
      spec.given([registered]).when(assign('p-1', 41)).thenThrows('HOURS_PER_WEEK_INVALID');
      spec.given([registered]).when(assign('p-1', Number.NaN)).thenThrows('HOURS_PER_WEEK_INVALID');
    });

    it('rule 6: holds no hour for another organisation’s contract: that would be subcontracting', () => {
      spec
        .given([registered])
        .when(assign('p-1', 8, contractedTo('p-1', 'org-b')))
        .thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6, socialWorkerId, contractorOrganisationId: 'org-b', employerOrganisationId: 'org-a' });
    });

    it('holds no hour for a project without a contract in force', () => {
      spec.given([registered]).when(assign('p-1', 8, contractedTo('p-1', null, 'published'))).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'published' });
      spec.given([registered]).when(assign('p-1', 8, contractedTo('p-1', 'org-a', 'terminated'))).thenThrows('CONTRACT_NOT_ACTIVE');
    });

    it('refuses a deregistered or unknown social worker', () => {
      spec.given([registered, deregistered]).when(assign('p-1', 8)).thenThrows('SOCIAL_WORKER_DEREGISTERED');
      spec.given([]).when(assign('p-1', 8)).thenThrows('SOCIAL_WORKER_NOT_FOUND');
    });
  });

  describe('ReleaseSocialWorker', () => {
    it('releases an assignment and says how many hours it frees', () => {
      spec.given([registered, assigned('p-1', 24)]).when(release('p-1', '合同终止')).then([
        { type: 'SocialWorkerReleased', data: { socialWorkerId, projectId: 'p-1', hoursPerWeek: 24, reason: '合同终止' } },
      ]);
      spec.given([registered, assigned('p-1', 24)]).when(release('p-1')).then([
        { type: 'SocialWorkerReleased', data: { socialWorkerId, projectId: 'p-1', hoursPerWeek: 24, reason: null } },
      ]);
    });

    it('records nothing when the social worker is not on the project', () => {
      spec.given([registered, assigned('p-1', 24)]).when(release('p-2')).then([]);
    });

    it('refuses an unknown social worker', () => {
      spec.given([]).when(release('p-1')).thenThrows('SOCIAL_WORKER_NOT_FOUND');
    });
  });

  describe('DeregisterSocialWorker', () => {
    it('deregisters with a reason', () => {
      spec.given([registered]).when(deregister()).then([deregistered]);
    });

    it('refuses while assigned, twice, without a reason, or when unknown', () => {
      spec.given([registered, assigned('p-1', 8)]).when(deregister()).thenThrows('SOCIAL_WORKER_STILL_ASSIGNED');
      spec.given([registered, deregistered]).when(deregister()).thenThrows('SOCIAL_WORKER_DEREGISTERED');
      spec.given([registered]).when(deregister('')).thenThrows('REASON_REQUIRED');
      spec.given([]).when(deregister()).thenThrows('SOCIAL_WORKER_NOT_FOUND');
    });
  });

  describe('toSocialWorkerFacts', () => {
    it('an uncertified worker without a degree is not qualified', () => {
      expect(toSocialWorkerFacts(foldEvents(socialWorkerDecider, [registered]))).toEqual({
        socialWorkerId,
        status: 'active',
        qualified: false,
        grade: null,
        employerOrganisationId: 'org-a',
      });
    });

    it('a certificate at any grade, or a social-work degree, qualifies (rule 1)', () => {
      expect(toSocialWorkerFacts(foldEvents(socialWorkerDecider, [registered, certified('assistant')]))).toMatchObject({ qualified: true, grade: 'assistant' });
      const graduate: SocialWorkerRegistered = { type: 'SocialWorkerRegistered', data: { ...registered.data, hasSocialWorkDegree: true } };
      expect(toSocialWorkerFacts(foldEvents(socialWorkerDecider, [graduate]))).toMatchObject({ qualified: true, grade: null });
    });

    it('follows employer changes and deregistration', () => {
      const state = foldEvents(socialWorkerDecider, [
        registered,
        { type: 'SocialWorkerEmployed', data: { socialWorkerId, employerOrganisationId: 'org-b', previousEmployerOrganisationId: 'org-a' } },
        deregistered,
      ]);
      expect(toSocialWorkerFacts(state)).toMatchObject({ status: 'deregistered', employerOrganisationId: 'org-b' });
      expect(() => toSocialWorkerFacts(socialWorkerDecider.initialState())).toThrow(DomainError);
    });

    it('sums the assigned hours', () => {
      expect(socialWorkerAssignedHours(foldEvents(socialWorkerDecider, [registered, assigned('p-1', 24), assigned('p-2', 8, 32)]))).toBe(32);
      expect(socialWorkerAssignedHours(socialWorkerDecider.initialState())).toBe(0);
    });
  });
});
