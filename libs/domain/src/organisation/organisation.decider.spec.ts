import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import { DomainError } from '../shared/domain-error.js';
import type { OrganisationFacts } from '../shared/facts.js';
import { DeciderSpecification } from '../testing/decider-spec.js';
import type { OrganisationCommand } from './organisation.commands.js';
import type { OrganisationEvent, OrganisationRegistered, StationContractRecorded } from './organisation.events.js';
import { assertMayBid, organisationDecider, toOrganisationFacts } from './organisation.decider.js';

const spec = DeciderSpecification.for(organisationDecider);
const organisationId = 'org-huli-sunshine';

const registered: OrganisationRegistered = {
  type: 'OrganisationRegistered',
  data: {
    organisationId,
    name: '湖里区阳光社工服务中心',
    kind: 'social_work_agency',
    unifiedSocialCreditCode: '52350206MJ8923456X',
    budgetFunded: false,
    city: 'xiamen',
    district: 'huli',
    area: null,
    serviceCategories: ['elderly_care', 'child_welfare'],
    capacity: 4,
  },
};
const passed2025: OrganisationEvent = { type: 'AnnualInspectionPassed', data: { organisationId, year: 2025 } };
const failed2025: OrganisationEvent = { type: 'AnnualInspectionFailed', data: { organisationId, year: 2025, reason: '未按章程开展活动' } };
const suspended: OrganisationEvent = { type: 'OrganisationSuspended', data: { organisationId, reason: '财务审计问题' } };
const deregistered: OrganisationEvent = { type: 'OrganisationDeregistered', data: { organisationId, reason: '僵尸型社会组织清理', heldStationProjectIds: [] } };
const stationContract = (projectId: string, district: string, stationLevel: 'general' | 'street'): StationContractRecorded => ({
  type: 'StationContractRecorded',
  data: { organisationId, projectId, district, stationLevel },
});

const register = (overrides: Partial<Extract<OrganisationCommand, { type: 'RegisterOrganisation' }>['data']> = {}): OrganisationCommand => ({
  type: 'RegisterOrganisation',
  data: {
    organisationId,
    name: '湖里区阳光社工服务中心',
    kind: 'social_work_agency',
    unifiedSocialCreditCode: '52350206MJ8923456X',
    budgetFunded: false,
    city: 'xiamen',
    district: 'huli',
    serviceCategories: ['elderly_care', 'child_welfare'],
    capacity: 4,
    ...overrides,
  },
});
const inspect = (year: number, result: 'passed' | 'failed', reason?: string): OrganisationCommand => ({
  type: 'RecordAnnualInspection',
  data: { organisationId, year, result, ...(reason === undefined ? {} : { reason }) },
});
const grade = (value: number, year: number): OrganisationCommand => ({ type: 'GradeOrganisation', data: { organisationId, grade: value, year } });
const recordStation = (projectId: string, district: string, stationLevel: 'general' | 'street'): OrganisationCommand => ({
  type: 'RecordStationContract',
  data: { organisationId, projectId, district, stationLevel },
});
const releaseStation = (projectId: string, reason = '合同期满'): OrganisationCommand => ({
  type: 'ReleaseStationContract',
  data: { organisationId, projectId, reason },
});

describe('organisation decider', () => {
  describe('RegisterOrganisation', () => {
    it('registers an organisation', () => {
      spec.given([]).when(register()).then([registered]);
    });

    it('keeps the seat area when it lies in the registering district, and drops repeated categories', () => {
      const area = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
      spec
        .given([])
        .when(register({ area, serviceCategories: ['elderly_care', 'elderly_care'] }))
        .then([{ type: 'OrganisationRegistered', data: { ...registered.data, area, serviceCategories: ['elderly_care'] } }]);
    });

    it('refuses to register twice', () => {
      spec.given([registered]).when(register()).thenThrows('ORGANISATION_ALREADY_EXISTS');
    });

    it('refuses a malformed unified social credit code', () => {
      spec.given([]).when(register({ unifiedSocialCreditCode: '52350206MJ8923456' })).thenThrows('UNIFIED_SOCIAL_CREDIT_CODE_INVALID');
      // O is not in the GB 32100 alphabet.
      spec.given([]).when(register({ unifiedSocialCreditCode: '52350206MJ8923456O' })).thenThrows('UNIFIED_SOCIAL_CREDIT_CODE_INVALID');
    });

    it('refuses a capacity below one project', () => {
      spec.given([]).when(register({ capacity: 0 })).thenThrows('ORGANISATION_CAPACITY_INVALID');
    });

    it('refuses an organisation offering no service', () => {
      spec.given([]).when(register({ serviceCategories: [] })).thenThrows('ORGANISATION_SERVICE_CATEGORIES_REQUIRED');
    });

    it('refuses a seat outside the registering district', () => {
      spec
        .given([])
        .when(register({ area: { city: 'xiamen', district: 'siming', street: 'zhongshan', community: 'x' } }))
        .thenThrows('ORGANISATION_AREA_MISMATCH');
    });
  });

  // JSON callers break the declared types: the resources list needs a name, a kind and a readable seat.
  describe('RegisterOrganisation with a broken shape', () => {
    const registerWith = (data: Record<string, unknown>) => register(data as never);

    it('refuses a seat that is not an object, or lacks its levels', () => {
      spec.given([]).when(registerWith({ area: [{ city: 'xiamen', district: 'huli', street: 's', community: 'c' }] })).thenThrows('AREA_INVALID');
      spec.given([]).when(registerWith({ area: { city: 'xiamen', district: 'huli' } })).thenThrows('AREA_INVALID', { missing: ['street', 'community'] });
    });

    it('refuses a missing name, an unknown kind, a blank district or categories that are not a list of known ones', () => {
      spec.given([]).when(registerWith({ name: undefined })).thenThrows('ORGANISATION_NAME_REQUIRED');
      spec.given([]).when(registerWith({ kind: 'club' })).thenThrows('ORGANISATION_KIND_UNKNOWN');
      spec.given([]).when(registerWith({ district: ' ' })).thenThrows('ORGANISATION_DISTRICT_REQUIRED');
      spec.given([]).when(registerWith({ serviceCategories: 'elderly_care' })).thenThrows('ORGANISATION_SERVICE_CATEGORIES_REQUIRED');
      spec.given([]).when(registerWith({ serviceCategories: ['knitting'] })).thenThrows('UNKNOWN_SERVICE_CATEGORY');
      spec.given([]).when(registerWith({ budgetFunded: 'no' })).thenThrows('BUDGET_FUNDED_INVALID');
    });
  });

  describe('RecordAnnualInspection', () => {
    it('records a passed inspection', () => {
      spec.given([registered]).when(inspect(2025, 'passed')).then([passed2025]);
    });

    it('records a failed inspection with its reason', () => {
      spec.given([registered]).when(inspect(2025, 'failed', ' 未按章程开展活动 ')).then([failed2025]);
    });

    it('requires a reason for a failed inspection', () => {
      spec.given([registered]).when(inspect(2025, 'failed')).thenThrows('REASON_REQUIRED');
    });

    it('is idempotent for the same year and result, and refuses a contradicting one', () => {
      spec.given([registered, passed2025]).when(inspect(2025, 'passed')).then([]);
      spec.given([registered, passed2025]).when(inspect(2025, 'failed', 'x')).thenThrows('ANNUAL_INSPECTION_ALREADY_RECORDED', { recorded: 'passed' });
    });

    it('refuses a year that has not begun (in China time)', () => {
      spec.given([registered]).when(inspect(2027, 'passed')).thenThrows('INSPECTION_YEAR_INVALID');
      // 2026-12-31T17:00Z is already 1 January 2027 in Beijing.
      spec.given([registered]).when(inspect(2027, 'passed'), { now: new Date('2026-12-31T17:00:00Z') }).then([
        { type: 'AnnualInspectionPassed', data: { organisationId, year: 2027 } },
      ]);
    });

    it('refuses an unknown or deregistered organisation', () => {
      spec.given([]).when(inspect(2025, 'passed')).thenThrows('ORGANISATION_NOT_FOUND');
      spec.given([registered, deregistered]).when(inspect(2025, 'passed')).thenThrows('ORGANISATION_DEREGISTERED');
    });
  });

  describe('GradeOrganisation', () => {
    it('grades an organisation and says what it held before', () => {
      spec.given([registered]).when(grade(4, 2025)).then([{ type: 'OrganisationGraded', data: { organisationId, grade: 4, year: 2025, previousGrade: 0 } }]);
      spec
        .given([registered, { type: 'OrganisationGraded', data: { organisationId, grade: 4, year: 2024, previousGrade: 0 } }])
        .when(grade(5, 2026))
        .then([{ type: 'OrganisationGraded', data: { organisationId, grade: 5, year: 2026, previousGrade: 4 } }]);
    });

    it('records nothing for the same grade and year again', () => {
      spec.given([registered, { type: 'OrganisationGraded', data: { organisationId, grade: 4, year: 2025, previousGrade: 0 } }]).when(grade(4, 2025)).then([]);
    });

    it('refuses a grade outside 1A-5A', () => {
      spec.given([registered]).when(grade(6, 2025)).thenThrows('ORGANISATION_GRADE_INVALID');
      spec.given([registered]).when(grade(0, 2025)).thenThrows('ORGANISATION_GRADE_INVALID');
    });

    it('refuses a future year and a grade older than the one held', () => {
      spec.given([registered]).when(grade(3, 2030)).thenThrows('GRADE_YEAR_INVALID');
      spec
        .given([registered, { type: 'OrganisationGraded', data: { organisationId, grade: 4, year: 2025, previousGrade: 0 } }])
        .when(grade(3, 2023))
        .thenThrows('ORGANISATION_GRADE_OUTDATED', { gradeYear: 2025 });
    });

    it('refuses an unknown or deregistered organisation', () => {
      spec.given([]).when(grade(3, 2025)).thenThrows('ORGANISATION_NOT_FOUND');
      spec.given([registered, deregistered]).when(grade(3, 2025)).thenThrows('ORGANISATION_DEREGISTERED');
    });
  });

  describe('SuspendOrganisation / ReinstateOrganisation / DeregisterOrganisation', () => {
    const suspend: OrganisationCommand = { type: 'SuspendOrganisation', data: { organisationId, reason: '财务审计问题' } };
    const reinstate: OrganisationCommand = { type: 'ReinstateOrganisation', data: { organisationId, reason: '整改完成' } };
    const deregister: OrganisationCommand = { type: 'DeregisterOrganisation', data: { organisationId, reason: '僵尸型社会组织清理' } };

    it('suspends a registered organisation with its reason', () => {
      spec.given([registered]).when(suspend).then([suspended]);
    });

    it('refuses to suspend twice, without a reason, or after deregistration', () => {
      spec.given([registered, suspended]).when(suspend).thenThrows('ORGANISATION_ALREADY_SUSPENDED');
      spec.given([registered]).when({ type: 'SuspendOrganisation', data: { organisationId, reason: '  ' } }).thenThrows('REASON_REQUIRED');
      spec.given([registered, deregistered]).when(suspend).thenThrows('ORGANISATION_DEREGISTERED');
      spec.given([]).when(suspend).thenThrows('ORGANISATION_NOT_FOUND');
    });

    it('reinstates a suspended organisation, and only a suspended one', () => {
      spec.given([registered, suspended]).when(reinstate).then([{ type: 'OrganisationReinstated', data: { organisationId, reason: '整改完成' } }]);
      spec.given([registered]).when(reinstate).thenThrows('ORGANISATION_NOT_SUSPENDED');
      spec.given([registered, deregistered]).when(reinstate).thenThrows('ORGANISATION_DEREGISTERED');
    });

    it('deregisters and names the station contracts the bureau must still terminate', () => {
      spec
        .given([registered, suspended, stationContract('p-street-1', 'huli', 'street')])
        .when(deregister)
        .then([{ type: 'OrganisationDeregistered', data: { organisationId, reason: '僵尸型社会组织清理', heldStationProjectIds: ['p-street-1'] } }]);
    });

    it('refuses to deregister twice or without a reason', () => {
      spec.given([registered, deregistered]).when(deregister).thenThrows('ORGANISATION_DEREGISTERED');
      spec.given([registered]).when({ type: 'DeregisterOrganisation', data: { organisationId, reason: '' } }).thenThrows('REASON_REQUIRED');
    });
  });

  describe('RecordStationContract', () => {
    it('records a station contract', () => {
      spec.given([registered]).when(recordStation('p-general', 'huli', 'general')).then([stationContract('p-general', 'huli', 'general')]);
    });

    it('is idempotent for the same project, and refuses the same project under other terms', () => {
      spec.given([registered, stationContract('p-1', 'huli', 'street')]).when(recordStation('p-1', 'huli', 'street')).then([]);
      spec
        .given([registered, stationContract('p-1', 'huli', 'street')])
        .when(recordStation('p-1', 'huli', 'general'))
        .thenThrows('STATION_CONTRACT_ALREADY_RECORDED');
    });

    it('rule 5: refuses a street station in a district whose general station the organisation holds', () => {
      spec
        .given([registered, stationContract('p-general', 'huli', 'general')])
        .when(recordStation('p-jiangtou', 'huli', 'street'))
        .thenThrows('STATION_LEVELS_CONFLICT', { rule: 5, district: 'huli', heldProjectId: 'p-general', heldStationLevel: 'general' });
    });

    it('rule 5: refuses the general station in a district where the organisation holds a street station', () => {
      spec
        .given([registered, stationContract('p-jiangtou', 'huli', 'street')])
        .when(recordStation('p-general', 'huli', 'general'))
        .thenThrows('STATION_LEVELS_CONFLICT', { rule: 5, heldProjectId: 'p-jiangtou' });
    });

    it('rule 5: allows several street stations in one district, and the other level in another district', () => {
      spec.given([registered, stationContract('p-jiangtou', 'huli', 'street')]).when(recordStation('p-dianqian', 'huli', 'street')).then([
        stationContract('p-dianqian', 'huli', 'street'),
      ]);
      spec.given([registered, stationContract('p-jiangtou', 'huli', 'street')]).when(recordStation('p-siming', 'siming', 'general')).then([
        stationContract('p-siming', 'siming', 'general'),
      ]);
    });

    it('rule 5: allows the other level once the conflicting contract was released', () => {
      spec
        .given([
          registered,
          stationContract('p-general', 'huli', 'general'),
          { type: 'StationContractReleased', data: { organisationId, projectId: 'p-general', district: 'huli', stationLevel: 'general', reason: '合同终止' } },
        ])
        .when(recordStation('p-jiangtou', 'huli', 'street'))
        .then([stationContract('p-jiangtou', 'huli', 'street')]);
    });

    it('refuses a suspended, deregistered or unknown organisation', () => {
      spec.given([registered, suspended]).when(recordStation('p-1', 'huli', 'street')).thenThrows('ORGANISATION_SUSPENDED');
      spec.given([registered, deregistered]).when(recordStation('p-1', 'huli', 'street')).thenThrows('ORGANISATION_DEREGISTERED');
      spec.given([]).when(recordStation('p-1', 'huli', 'street')).thenThrows('ORGANISATION_NOT_FOUND');
    });
  });

  describe('ReleaseStationContract', () => {
    it('releases a held contract with its terms and reason', () => {
      spec
        .given([registered, stationContract('p-1', 'huli', 'street')])
        .when(releaseStation('p-1', '年度评估不合格, 合同终止'))
        .then([
          { type: 'StationContractReleased', data: { organisationId, projectId: 'p-1', district: 'huli', stationLevel: 'street', reason: '年度评估不合格, 合同终止' } },
        ]);
    });

    it('records nothing for a contract that is not held (compensation may repeat)', () => {
      spec.given([registered]).when(releaseStation('p-unknown')).then([]);
    });

    it('requires a reason and an existing organisation', () => {
      spec.given([registered, stationContract('p-1', 'huli', 'street')]).when(releaseStation('p-1', '')).thenThrows('REASON_REQUIRED');
      spec.given([]).when(releaseStation('p-1')).thenThrows('ORGANISATION_NOT_FOUND');
    });
  });

  describe('toOrganisationFacts', () => {
    it('reports status, the latest inspection by year and the grade', () => {
      const state = foldEvents(organisationDecider, [
        registered,
        failed2025,
        // A late backfill of an older year does not mask the latest result.
        { type: 'AnnualInspectionPassed', data: { organisationId, year: 2024 } },
        { type: 'OrganisationGraded', data: { organisationId, grade: 3, year: 2024, previousGrade: 0 } },
        suspended,
      ]);
      expect(toOrganisationFacts(state)).toEqual({
        organisationId,
        name: '湖里区阳光社工服务中心',
        kind: 'social_work_agency',
        budgetFunded: false,
        status: 'suspended',
        latestInspection: 'failed',
        grade: 3,
        district: 'huli',
        stationContracts: [],
      });
    });

    it('reports no inspection before the first one, and has no facts for an unknown organisation', () => {
      expect(toOrganisationFacts(foldEvents(organisationDecider, [registered])).latestInspection).toBe('none');
      expect(() => toOrganisationFacts(organisationDecider.initialState())).toThrow(DomainError);
    });
  });

  describe('assertMayBid', () => {
    const factsAfter = (...events: OrganisationEvent[]): OrganisationFacts => toOrganisationFacts(foldEvents(organisationDecider, [registered, ...events]));
    const codeOf = (facts: OrganisationFacts): unknown => {
      try {
        assertMayBid(facts);
        return 'may bid';
      } catch (error) {
        return error instanceof DomainError ? { code: error.code, rule: error.details?.['rule'] } : error;
      }
    };

    it('rule 11: an organisation in good standing may bid, before or after passing an inspection', () => {
      expect(codeOf(factsAfter())).toBe('may bid');
      expect(codeOf(factsAfter(failed2025, { type: 'AnnualInspectionPassed', data: { organisationId, year: 2026 } }))).toBe('may bid');
      expect(codeOf(factsAfter(suspended, { type: 'OrganisationReinstated', data: { organisationId, reason: '整改完成' } }))).toBe('may bid');
    });

    it('rule 11: an organisation whose latest inspection failed cannot bid', () => {
      expect(codeOf(factsAfter(passed2025, { type: 'AnnualInspectionFailed', data: { organisationId, year: 2026, reason: '年检不合格' } }))).toEqual({
        code: 'ORGANISATION_NOT_IN_GOOD_STANDING',
        rule: 11,
      });
    });

    it('rule 11: a suspended or deregistered organisation cannot bid', () => {
      expect(codeOf(factsAfter(passed2025, suspended))).toEqual({ code: 'ORGANISATION_NOT_IN_GOOD_STANDING', rule: 11 });
      expect(codeOf(factsAfter(passed2025, deregistered))).toEqual({ code: 'ORGANISATION_NOT_IN_GOOD_STANDING', rule: 11 });
    });

    it('rule 7: a budget-funded mass organisation cannot bid', () => {
      const facts = factsAfter();
      expect(codeOf({ ...facts, kind: 'mass_organisation', budgetFunded: true })).toEqual({ code: 'BIDDER_NOT_ELIGIBLE', rule: 7 });
    });

    it('rule 7: enterprises, social organisations and self-funded mass organisations may bid', () => {
      const facts = factsAfter();
      expect(codeOf({ ...facts, kind: 'mass_organisation', budgetFunded: false })).toBe('may bid');
      expect(codeOf({ ...facts, kind: 'enterprise', budgetFunded: false })).toBe('may bid');
      expect(codeOf({ ...facts, kind: 'social_organisation', budgetFunded: true })).toBe('may bid');
    });
  });
});
