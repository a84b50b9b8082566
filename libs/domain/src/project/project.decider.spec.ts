import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '../shared/decider.js';
import type { CommunityFacts, OrganisationFacts, SocialWorkerFacts } from '../shared/facts.js';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../testing/decider-spec.js';
import type {
  AwardContractData,
  ContractTermsInput,
  DeliverServiceData,
  DesignProjectData,
  FileReportData,
  ProjectCommand,
  SubmitBidData,
} from './project.commands.js';
import { projectDecider, toProjectFacts } from './project.decider.js';
import type {
  AwardAnnouncedData,
  OrganisationContractedData,
  ProjectDesignedData,
  ProjectEvent,
  ServiceDeliveredData,
} from './project.events.js';
import { reportsDue, weeklyHoursShortfalls } from './project.rules.js';
import type { ReportFigure } from './report-figures.js';

const spec = DeciderSpecification.for(projectDecider);
const at = (iso: string) => ({ now: new Date(iso) });
const NOW = DEFAULT_TEST_NOW.toISOString();

// ---- the places -------------------------------------------------------------------------------
/** A street station serves its street: community ''. */
const streetArea = { city: '370100', district: '370102', street: '370102001', community: '' };
const communityArea = { ...streetArea, community: 'community-lianhua' };
/** What the handler loads from the community's stream: where a delivery happened. */
const lianhua: CommunityFacts = { communityId: 'community-lianhua', name: '莲花社区', area: communityArea, kind: 'urban', residents: 8200 };
const communityFacts = (communityId: string, area: Partial<typeof communityArea> = {}): CommunityFacts => ({
  ...lianhua,
  communityId,
  area: { ...communityArea, ...area, community: communityId },
});

// ---- the organisations and social workers ----------------------------------------------------
const agency: OrganisationFacts = {
  organisationId: 'org-a',
  name: '泉心社会工作服务中心',
  kind: 'social_work_agency',
  budgetFunded: false,
  status: 'registered',
  latestInspection: 'passed',
  grade: 4,
  district: '370102',
  stationContracts: [],
};
const otherAgency: OrganisationFacts = { ...agency, organisationId: 'org-b', name: '明湖社工', grade: 3 };
const socialWorker = (id: string, qualified: boolean, employer: string | null = 'org-a'): SocialWorkerFacts => ({
  socialWorkerId: id,
  status: 'active',
  qualified,
  grade: qualified ? 'assistant' : null,
  employerOrganisationId: employer,
});

// ---- design -------------------------------------------------------------------------------------
const stationDesign: DesignProjectData = {
  projectId: 'project-1',
  title: '  历下区某街道社会工作服务站 ',
  area: streetArea,
  kind: 'social_work_station',
  stationLevel: 'street',
  categories: ['elderly_care', 'child_welfare', 'social_assistance'],
  needIds: ['need-1', 'need-2', 'need-1'],
  budgetFen: 150_000_000,
  period: { start: '2026-03-01' },
  requirements: '3 resident social workers, 24 h a week in the communities',
  serviceItems: [
    { name: '困难家庭探访', category: 'social_assistance' },
    { name: '留守儿童关爱小组', category: 'child_welfare' },
    { name: '独居老人探访', category: 'elderly_care' },
  ],
};
const designProject = (overrides: Partial<DesignProjectData> = {}): ProjectCommand => ({
  type: 'DesignProject',
  data: { ...stationDesign, ...overrides },
});
const stationDesignedData: ProjectDesignedData = {
  projectId: 'project-1',
  title: '历下区某街道社会工作服务站',
  area: streetArea,
  kind: 'social_work_station',
  stationLevel: 'street',
  categories: ['elderly_care', 'child_welfare', 'social_assistance'],
  needIds: ['need-1', 'need-2'],
  budgetFen: 150_000_000,
  period: { start: '2026-03-01', months: 36 },
  requirements: '3 resident social workers, 24 h a week in the communities',
  serviceItems: [
    { name: '困难家庭探访', category: 'social_assistance', confidential: false, administrativeAct: false },
    { name: '留守儿童关爱小组', category: 'child_welfare', confidential: false, administrativeAct: false },
    { name: '独居老人探访', category: 'elderly_care', confidential: false, administrativeAct: false },
  ],
  designedAt: '2026-01-05T02:00:00.000Z',
};
const designed = (overrides: Partial<ProjectDesignedData> = {}): ProjectEvent => ({
  type: 'ProjectDesigned',
  data: { ...stationDesignedData, ...overrides },
});
/** A community service project (not a station): rules 1, 2 and 8 do not bind it. */
const serviceProjectDesigned = designed({
  title: '莲花社区独居老人关爱项目',
  area: communityArea,
  kind: 'service_project',
  stationLevel: null,
  budgetFen: 20_000_000,
  period: { start: '2026-03-01', months: 12 },
});

// ---- purchase -----------------------------------------------------------------------------------
const DEADLINE = '2026-02-10T09:00:00.000Z';
const BIDDING_NOW = '2026-01-20T02:00:00.000Z';
const published: ProjectEvent = {
  type: 'ProjectPublishedForPurchase',
  data: {
    projectId: 'project-1',
    deadline: DEADLINE,
    eligibility: { description: '依法登记的社会组织或企业，具备社会工作服务经验', minimumGrade: 3 },
    publishedAt: '2026-01-10T02:00:00.000Z',
  },
};
const bidSubmitted = (bidId: string, organisation: OrganisationFacts, priceFen = 140_000_000): ProjectEvent => ({
  type: 'BidSubmitted',
  data: {
    projectId: 'project-1',
    bidId,
    organisationId: organisation.organisationId,
    organisationKind: organisation.kind,
    priceFen,
    proposal: 'Three resident social workers; weekly visits to every household in difficulty.',
    submittedAt: '2026-01-18T02:00:00.000Z',
  },
});
const bidWithdrawn = (bidId: string, organisationId: string): ProjectEvent => ({
  type: 'BidWithdrawn',
  data: { projectId: 'project-1', bidId, organisationId, withdrawnAt: '2026-01-19T02:00:00.000Z' },
});
const biddingClosed = (bidIds: string[]): ProjectEvent => ({
  type: 'BiddingClosed',
  data: { projectId: 'project-1', bidIds, closedAt: '2026-02-11T02:00:00.000Z' },
});
const submitBid = (overrides: Partial<SubmitBidData> = {}): ProjectCommand => ({
  type: 'SubmitBid',
  data: {
    bidId: 'bid-a',
    bidder: agency,
    priceFen: 140_000_000,
    proposal: 'Three resident social workers; weekly visits to every household in difficulty.',
    ...overrides,
  },
});

// ---- contract -----------------------------------------------------------------------------------
const SIGNED_AT = '2026-02-15T02:00:00.000Z';
const STAFF_DEADLINE = '2026-03-15T02:00:00.000Z';
const contractTerms: ContractTermsInput = {
  content: '街道社工站运营：困难群体探访、个案与小组服务、志愿者培育',
  quantity: '3 名驻站社工；每人每周在社区服务不少于 24 小时',
  quality: '服务对象满意度不低于 90%；年度评估合格',
  priceFen: 138_000_000,
  settlementMethod: '按季度拨付，年度评估后结算尾款',
};
const awardContract = (overrides: Partial<AwardContractData> = {}): ProjectCommand => ({
  type: 'AwardContract',
  data: { bidId: 'bid-a', contractor: agency, contract: contractTerms, ...overrides },
});
const contractedData: OrganisationContractedData = {
  projectId: 'project-1',
  bidId: 'bid-a',
  organisationId: 'org-a',
  organisationName: '泉心社会工作服务中心',
  area: streetArea,
  kind: 'social_work_station',
  stationLevel: 'street',
  categories: ['elderly_care', 'child_welfare', 'social_assistance'],
  needIds: ['need-1', 'need-2'],
  contract: {
    content: '街道社工站运营：困难群体探访、个案与小组服务、志愿者培育',
    termMonths: 36,
    quantity: '3 名驻站社工；每人每周在社区服务不少于 24 小时',
    quality: '服务对象满意度不低于 90%；年度评估合格',
    priceFen: 138_000_000,
    settlementMethod: '按季度拨付，年度评估后结算尾款',
  },
  signedAt: SIGNED_AT,
  staffOnPostDeadline: STAFF_DEADLINE,
  endsAt: '2029-02-15T02:00:00.000Z',
};
const contracted = (overrides: Partial<OrganisationContractedData> = {}): ProjectEvent => ({
  type: 'OrganisationContracted',
  data: { ...contractedData, ...overrides },
});
const staffAssigned = (id: string, qualified: boolean): ProjectEvent => ({
  type: 'ProjectStaffAssigned',
  data: {
    projectId: 'project-1',
    socialWorkerId: id,
    organisationId: 'org-a',
    qualified,
    grade: qualified ? 'assistant' : null,
    assignedAt: '2026-02-20T02:00:00.000Z',
  },
});
const onPost: ProjectEvent = {
  type: 'StaffOnPostConfirmed',
  data: {
    projectId: 'project-1',
    socialWorkerIds: ['sw-1', 'sw-2', 'sw-3'],
    staff: 3,
    qualified: 2,
    deadline: STAFF_DEADLINE,
    confirmedAt: '2026-03-01T02:00:00.000Z',
  },
};

const untilBiddingClosed: ProjectEvent[] = [designed(), published, bidSubmitted('bid-a', agency), bidSubmitted('bid-b', otherAgency, 145_000_000), biddingClosed(['bid-a', 'bid-b'])];
/** The award announced 2026-01-12 and its standstill long over before any signing these specs make. */
const awardAnnounced: ProjectEvent = {
  type: 'AwardAnnounced',
  data: {
    projectId: 'project-1', bidId: 'bid-a', organisationId: 'org-a', organisationName: '泉心社会工作服务中心', priceFen: 140_000_000, area: streetArea,
    announcedAt: '2026-01-12T02:00:00.000Z', standstill: { workingDays: 7, lastDay: '2026-01-21', endsAt: '2026-01-21T16:00:00.000Z' },
  },
};
const untilAwarded: ProjectEvent[] = [...untilBiddingClosed, awardAnnounced];
const stationContracted: ProjectEvent[] = [...untilAwarded, contracted()];
/** Three staff, two of them qualified: exactly what rule 1 asks. */
const stationStaffed: ProjectEvent[] = [...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', true), staffAssigned('sw-3', false)];
const stationOnPost: ProjectEvent[] = [...stationStaffed, onPost];
const serviceProjectContracted: ProjectEvent[] = [
  serviceProjectDesigned,
  published,
  bidSubmitted('bid-a', agency, 18_000_000),
  biddingClosed(['bid-a']),
  contracted({
    area: communityArea,
    kind: 'service_project',
    stationLevel: null,
    contract: { ...contractedData.contract, termMonths: 12, priceFen: 18_000_000 },
    endsAt: '2027-02-15T02:00:00.000Z',
  }),
  staffAssigned('sw-1', true),
];

// ---- delivery -----------------------------------------------------------------------------------
/** Wednesday 18 March 2026; its week starts Monday 16 March. */
const DELIVERY_NOW = '2026-03-20T08:00:00.000Z';
const deliverService = (overrides: Partial<DeliverServiceData> = {}): ProjectCommand => ({
  type: 'DeliverService',
  data: {
    deliveryId: 'delivery-1',
    deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1', 'sw-2'], volunteerIds: ['volunteer-7'] },
    category: 'elderly_care',
    serviceItem: { name: '独居老人探访' },
    hours: 3,
    beneficiaries: 5,
    community: lianhua,
    deliveredOn: '2026-03-18',
    ...overrides,
  },
});
const serviceDeliveredData: ServiceDeliveredData = {
  projectId: 'project-1',
  deliveryId: 'delivery-1',
  projectKind: 'social_work_station',
  organisationId: 'org-a',
  socialWorkerIds: ['sw-1', 'sw-2'],
  volunteerIds: ['volunteer-7'],
  hoursBySocialWorker: { 'sw-1': 3, 'sw-2': 3 },
  hoursByVolunteer: { 'volunteer-7': 3 },
  category: 'elderly_care',
  serviceItem: '独居老人探访',
  hours: 3,
  beneficiaries: 5,
  communityId: 'community-lianhua',
  area: communityArea,
  deliveredOn: '2026-03-18',
  weekOf: '2026-03-16',
};
const delivered = (overrides: Partial<ServiceDeliveredData> = {}): ProjectEvent => ({
  type: 'ServiceDelivered',
  data: { ...serviceDeliveredData, ...overrides },
});

// ---- reports, ratings, evaluation ---------------------------------------------------------------
const reportFiled = (reportId: string, kind: 'monthly_brief' | 'mid_term' | 'final', period: string): ProjectEvent => ({
  type: 'ReportFiled',
  data: { projectId: 'project-1', reportId, organisationId: 'org-a', kind, period, summary: 'Work done and planned.', figures: [], filedAt: '2026-03-01T02:00:00.000Z' },
});
const fileReport = (reportId: string, kind: 'monthly_brief' | 'mid_term' | 'final', period: string, summary = 'Visited 42 households.'): ProjectCommand => ({
  type: 'FileReport',
  data: { reportId, kind, period, summary },
});
const contractTerminated = (reason: string): ProjectEvent => ({
  type: 'ContractTerminated',
  data: { projectId: 'project-1', organisationId: 'org-a', reason, area: streetArea, terminatedAt: '2026-12-01T02:00:00.000Z' },
});

const everyCommandButDesign: readonly ProjectCommand[] = [
  { type: 'PublishProjectForPurchase', data: { deadline: DEADLINE, eligibility: { description: 'x' } } },
  submitBid(),
  { type: 'WithdrawBid', data: { bidId: 'bid-a' } },
  { type: 'CloseBidding', data: {} },
  { type: 'AnnounceAward', data: { bidId: 'bid-a', bidder: agency, standstill: { workingDays: 7, calendar: { holidays: [], adjustedWorkingDays: [] } } } },
  { type: 'LodgeChallenge', data: { challengeId: 'ch-1', organisationId: 'org-b', grounds: 'x' } },
  { type: 'AnswerChallenge', data: { challengeId: 'ch-1', outcome: 'dismissed', reasons: 'x' } },
  awardContract(),
  { type: 'AssignProjectStaff', data: { socialWorker: socialWorker('sw-1', true) } },
  { type: 'ReleaseProjectStaff', data: { socialWorkerId: 'sw-1', reason: 'left' } },
  { type: 'ConfirmStaffOnPost', data: {} },
  deliverService(),
  fileReport('report-1', 'monthly_brief', '2026-02'),
  { type: 'RateService', data: { ratingId: 'rating-1', rating: 'good', score: 5 } },
  { type: 'EvaluateContract', data: { year: 2026, grade: 'good', score: 85 } },
  { type: 'TerminateContract', data: { reason: 'x' } },
  { type: 'CompleteProject', data: {} },
];

describe('project decider', () => {
  describe('on a project that does not exist', () => {
    it.each(everyCommandButDesign.map((command) => [command.type, command] as const))('%s answers PROJECT_NOT_FOUND', (_type, command) => {
      spec.given([]).when(command).thenThrows('PROJECT_NOT_FOUND');
    });
  });

  describe('DesignProject', () => {
    it('designs a street station for its needs: a 36-month period by default (rule 4), items normalised', () => {
      spec.given([]).when(designProject(), at('2026-01-05T02:00:00.000Z')).then([designed()]);
    });

    it('designs a community service project with a stated period', () => {
      spec
        .given([])
        .when(
          designProject({ title: '莲花社区独居老人关爱项目', area: communityArea, kind: 'service_project', stationLevel: undefined, budgetFen: 20_000_000, period: { start: '2026-03-01', months: 12 } }),
          at('2026-01-05T02:00:00.000Z'),
        )
        .then([serviceProjectDesigned]);
    });

    it("scopes a district general station to its district: street and community ''", () => {
      const districtArea = { ...streetArea, street: '' };
      spec
        .given([])
        .when(designProject({ area: districtArea, stationLevel: 'general' }), at('2026-01-05T02:00:00.000Z'))
        .then([designed({ area: districtArea, stationLevel: 'general' })]);
    });

    it('accepts a JSON null station level on a service project', () => {
      spec
        .given([])
        .when(designProject({ kind: 'service_project', stationLevel: null as never, area: communityArea }), at(NOW))
        .then([designed({ kind: 'service_project', stationLevel: null, area: communityArea, designedAt: NOW })]);
    });

    it('refuses to design the same project twice', () => {
      spec.given([designed()]).when(designProject()).thenThrows('PROJECT_ALREADY_EXISTS');
    });

    it.each<[string, Partial<DesignProjectData>, string]>([
      ['a blank title', { title: ' ' }, 'PROJECT_TITLE_REQUIRED'],
      ['an overlong title', { title: '站'.repeat(201) }, 'PROJECT_TITLE_TOO_LONG'],
      ['an unknown kind', { kind: 'franchise' as never }, 'PROJECT_KIND_UNKNOWN'],
      ['a station without a level', { stationLevel: undefined }, 'STATION_LEVEL_REQUIRED'],
      ['a service project with a station level', { kind: 'service_project', area: communityArea }, 'STATION_LEVEL_NOT_APPLICABLE'],
      ['a street station scoped to one community', { area: communityArea }, 'PROJECT_AREA_INVALID'],
      ['a street station without a street', { area: { ...streetArea, street: '' } }, 'PROJECT_AREA_INVALID'],
      ['a general station scoped to a street', { stationLevel: 'general' }, 'PROJECT_AREA_INVALID'],
      ['a community without its street', { kind: 'service_project', stationLevel: undefined, area: { ...communityArea, street: '' } }, 'PROJECT_AREA_INVALID'],
      ['no district', { area: { ...streetArea, district: '' } }, 'PROJECT_AREA_INVALID'],
      ['no categories', { categories: [] }, 'PROJECT_CATEGORIES_REQUIRED'],
      ['an unknown category', { categories: ['elderly_care', 'astrology' as never] }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['a prototype key as category', { categories: ['constructor' as never] }, 'UNKNOWN_SERVICE_CATEGORY'],
      ['a zero budget', { budgetFen: 0 }, 'PROJECT_BUDGET_INVALID'],
      ['a budget in fractions of a fen', { budgetFen: 100.5 }, 'PROJECT_BUDGET_INVALID'],
      ['an impossible start date', { period: { start: '2026-02-30' } }, 'PROJECT_PERIOD_INVALID'],
      ['a period of zero months', { period: { start: '2026-03-01', months: 0 } }, 'PROJECT_PERIOD_INVALID'],
      ['no service items', { serviceItems: [] }, 'SERVICE_ITEMS_REQUIRED'],
      ['an item outside the categories', { serviceItems: [{ name: '就业指导', category: 'employment' }] }, 'SERVICE_ITEM_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given([]).when(designProject(overrides)).thenThrows(code);
    });

    it('rule 8: a station may buy ordinary social-work services', () => {
      spec
        .given([])
        .when(designProject({ serviceItems: [{ name: '社区志愿者培育', category: 'social_assistance', confidential: false, administrativeAct: false }] }), at(NOW))
        .then([designed({ serviceItems: [{ name: '社区志愿者培育', category: 'social_assistance', confidential: false, administrativeAct: false }], designedAt: NOW })]);
    });

    it("rule 8: a station cannot buy the street government's confidential matters or administrative acts", () => {
      spec
        .given([])
        .when(
          designProject({
            serviceItems: [
              { name: '困难家庭探访', category: 'social_assistance' },
              { name: '低保审批', category: 'social_assistance', administrativeAct: true },
              { name: '涉密档案整理', category: 'social_assistance', confidential: true },
            ],
          }),
        )
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8, items: ['低保审批', '涉密档案整理'] });
    });

    it('rule 8 binds stations only: a service project may list an administrative support item', () => {
      const item = { name: '协助入户调查', category: 'social_assistance', confidential: false, administrativeAct: true } as const;
      spec
        .given([])
        .when(designProject({ kind: 'service_project', stationLevel: undefined, area: communityArea, serviceItems: [item] }), at(NOW))
        .then([designed({ kind: 'service_project', stationLevel: null, area: communityArea, serviceItems: [item], designedAt: NOW })]);
    });
  });

  // JSON callers break the declared types; a missing nested object once answered 500.
  describe('commands with a broken shape', () => {
    const designWith = (data: Record<string, unknown>) => designProject(data as Partial<DesignProjectData>);

    it('refuses a design without an area, or with an area that is an array', () => {
      spec.given([]).when(designWith({ area: undefined })).thenThrows('PROJECT_AREA_INVALID');
      spec.given([]).when(designWith({ area: [streetArea] })).thenThrows('PROJECT_AREA_INVALID');
    });

    it('refuses a design without a period, a list of categories, needs or service items, or requirements as text', () => {
      spec.given([]).when(designWith({ period: undefined })).thenThrows('PROJECT_PERIOD_INVALID');
      spec.given([]).when(designWith({ categories: 'elderly_care' })).thenThrows('PROJECT_CATEGORIES_REQUIRED');
      spec.given([]).when(designWith({ needIds: 'need-1' })).thenThrows('PROJECT_NEED_IDS_INVALID');
      spec.given([]).when(designWith({ serviceItems: { name: 'x' } })).thenThrows('SERVICE_ITEMS_REQUIRED');
      spec.given([]).when(designWith({ serviceItems: ['独居老人探访'] })).thenThrows('SERVICE_ITEM_INVALID');
      spec.given([]).when(designWith({ requirements: 3 })).thenThrows('PROJECT_REQUIREMENTS_INVALID');
      spec.given([]).when(designWith({ title: undefined })).thenThrows('PROJECT_TITLE_REQUIRED');
    });

    it('refuses a publication without eligibility, an award without a contract, a delivery without its people or item', () => {
      spec
        .given([designed()])
        .when({ type: 'PublishProjectForPurchase', data: { deadline: DEADLINE, eligibility: undefined as never } }, at(BIDDING_NOW))
        .thenThrows('ELIGIBILITY_REQUIRED');
      spec.given(untilAwarded).when(awardContract({ contract: undefined as never }), at(SIGNED_AT)).thenThrows('CONTRACT_TERMS_INCOMPLETE');
      spec.given(stationOnPost).when(deliverService({ deliveredBy: undefined as never }), at(DELIVERY_NOW)).thenThrows('DELIVERED_BY_NOBODY');
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: 'sw-1' as never, volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERED_BY_NOBODY');
      spec.given(stationOnPost).when(deliverService({ serviceItem: undefined as never }), at(DELIVERY_NOW)).thenThrows('SERVICE_ITEM_REQUIRED');
      spec.given(stationOnPost).when(deliverService({ hoursByVolunteer: ['volunteer-7'] as never }), at(DELIVERY_NOW)).thenThrows('DELIVERY_HOURS_INCONSISTENT');
    });
  });

  describe('PublishProjectForPurchase', () => {
    const publishedEligibility = { description: '依法登记的社会组织或企业，具备社会工作服务经验', minimumGrade: 3 };
    const publish = (deadline = DEADLINE, eligibility: { description: string; minimumGrade?: number } = publishedEligibility): ProjectCommand => ({
      type: 'PublishProjectForPurchase',
      data: { deadline, eligibility },
    });

    it('publishes the project with its deadline and eligibility', () => {
      spec.given([designed()]).when(publish(), at('2026-01-10T02:00:00.000Z')).then([published]);
    });
    it('any grade may bid when no minimum grade is published', () => {
      spec
        .given([designed()])
        .when(publish('2026-02-10T17:00:00+08:00', { description: '依法登记的社会组织' }), at('2026-01-10T02:00:00.000Z'))
        .then([{ type: 'ProjectPublishedForPurchase', data: { ...published.data, deadline: DEADLINE, eligibility: { description: '依法登记的社会组织', minimumGrade: 0 } } } as ProjectEvent]);
    });
    it('refuses to publish twice', () => {
      spec.given([designed(), published]).when(publish(), at(BIDDING_NOW)).thenThrows('PROJECT_ALREADY_PUBLISHED');
    });
    it('publishes again after a tender that closed without standing bids (流标)', () => {
      spec
        .given([designed(), published, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a'), biddingClosed([])])
        .when(publish('2026-04-01T09:00:00.000Z'))
        .then([{ type: 'ProjectPublishedForPurchase', data: { ...published.data, deadline: '2026-04-01T09:00:00.000Z', publishedAt: NOW } } as ProjectEvent]);
    });
    it('does not publish again while closed bids stand', () => {
      spec.given(untilBiddingClosed).when(publish('2026-04-01T09:00:00.000Z')).thenThrows('PROJECT_ALREADY_PUBLISHED');
    });
    it.each<[string, string, { description: string; minimumGrade?: number }, string]>([
      ['a deadline already past', '2026-01-01T00:00:00.000Z', { description: 'x' }, 'BIDDING_DEADLINE_INVALID'],
      ['a deadline without a time', '2026-02-10', { description: 'x' }, 'BIDDING_DEADLINE_INVALID'],
      ['no eligibility conditions', DEADLINE, { description: '  ' }, 'ELIGIBILITY_REQUIRED'],
      ['a grade above 5A', DEADLINE, { description: 'x', minimumGrade: 6 }, 'ELIGIBILITY_INVALID'],
    ])('rejects %s', (_label, deadline, eligibility, code) => {
      spec.given([designed()]).when(publish(deadline, eligibility), at('2026-01-10T02:00:00.000Z')).thenThrows(code);
    });
  });

  describe('SubmitBid', () => {
    const open = [designed(), published];

    it('records a bid from an eligible organisation within budget', () => {
      spec
        .given(open)
        .when(submitBid(), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-a', agency)]);
    });
    it('rule 7: a lawfully registered enterprise may bid', () => {
      const enterprise: OrganisationFacts = { ...agency, organisationId: 'org-e', kind: 'enterprise' };
      spec
        .given(open)
        .when(submitBid({ bidId: 'bid-e', bidder: enterprise }), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-e', enterprise)]);
    });
    it('rule 7: a budget-funded mass organisation may not bid', () => {
      const massOrganisation: OrganisationFacts = { ...agency, organisationId: 'org-m', kind: 'mass_organisation', budgetFunded: true };
      spec.given(open).when(submitBid({ bidder: massOrganisation }), at(BIDDING_NOW)).thenThrows('BIDDER_NOT_ELIGIBLE', { rule: 7 });
    });
    it('rule 11: an organisation that failed its annual inspection may not bid', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, latestInspection: 'failed' } }), at(BIDDING_NOW)).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it('rule 11: a deregistered organisation may not bid', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, status: 'deregistered' } }), at(BIDDING_NOW)).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it('holds bidders to the published minimum grade', () => {
      spec.given(open).when(submitBid({ bidder: { ...agency, grade: 2 } }), at(BIDDING_NOW)).thenThrows('BIDDER_GRADE_TOO_LOW', { minimumGrade: 3, grade: 2 });
    });
    it('refuses bids before publication', () => {
      spec.given([designed()]).when(submitBid(), at(BIDDING_NOW)).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('refuses bids after the deadline, even before bidding is formally closed', () => {
      spec.given(open).when(submitBid(), at('2026-02-10T09:00:01.000Z')).thenThrows('BIDDING_CLOSED', { deadline: DEADLINE });
    });
    it('refuses bids once bidding is closed', () => {
      spec.given(untilBiddingClosed).when(submitBid({ bidId: 'bid-late' }), at(BIDDING_NOW)).thenThrows('BIDDING_CLOSED');
    });
    it('records nothing when the same bid is sent again', () => {
      spec.given([...open, bidSubmitted('bid-a', agency)]).when(submitBid(), at(BIDDING_NOW)).then([]);
    });
    it('refuses a bidId already used by another organisation', () => {
      spec.given([...open, bidSubmitted('bid-a', otherAgency)]).when(submitBid(), at(BIDDING_NOW)).thenThrows('BID_ID_REUSED');
    });
    it('refuses to revive a withdrawn bid under its old id', () => {
      spec.given([...open, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a')]).when(submitBid(), at(BIDDING_NOW)).thenThrows('BID_WITHDRAWN');
    });
    it('allows one standing bid per organisation', () => {
      spec.given([...open, bidSubmitted('bid-a', agency)]).when(submitBid({ bidId: 'bid-a2' }), at(BIDDING_NOW)).thenThrows('BID_ALREADY_SUBMITTED', { bidId: 'bid-a' });
    });
    it('accepts a new bid after the organisation withdrew its earlier one', () => {
      spec
        .given([...open, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a')])
        .when(submitBid({ bidId: 'bid-a2', priceFen: 120_000_000 }), at('2026-01-18T02:00:00.000Z'))
        .then([bidSubmitted('bid-a2', agency, 120_000_000)]);
    });
    it.each<[string, Partial<SubmitBidData>, string]>([
      ['a zero price', { priceFen: 0 }, 'BID_PRICE_INVALID'],
      ['a price above the budget', { priceFen: 150_000_001 }, 'BID_EXCEEDS_BUDGET'],
      ['no proposal', { proposal: ' ' }, 'BID_PROPOSAL_REQUIRED'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(open).when(submitBid(overrides), at(BIDDING_NOW)).thenThrows(code);
    });
  });

  describe('WithdrawBid', () => {
    const withdraw = (bidId = 'bid-a'): ProjectCommand => ({ type: 'WithdrawBid', data: { bidId } });
    const withBid = [designed(), published, bidSubmitted('bid-a', agency)];

    it('withdraws a standing bid before the deadline', () => {
      spec.given(withBid).when(withdraw(), at('2026-01-19T02:00:00.000Z')).then([bidWithdrawn('bid-a', 'org-a')]);
    });
    it('records nothing for a bid already withdrawn', () => {
      spec.given([...withBid, bidWithdrawn('bid-a', 'org-a')]).when(withdraw(), at(BIDDING_NOW)).then([]);
    });
    it('answers BID_NOT_FOUND for an unknown bid', () => {
      spec.given(withBid).when(withdraw('bid-x'), at(BIDDING_NOW)).thenThrows('BID_NOT_FOUND');
    });
    it('refuses withdrawal after the deadline', () => {
      spec.given(withBid).when(withdraw(), at('2026-02-11T00:00:00.000Z')).thenThrows('BIDDING_CLOSED');
    });
  });

  describe('CloseBidding', () => {
    const close: ProjectCommand = { type: 'CloseBidding', data: {} };

    it('closes at the deadline and lists the standing bids in submission order', () => {
      spec
        .given([designed(), published, bidSubmitted('bid-a', agency), bidSubmitted('bid-c', { ...agency, organisationId: 'org-c' }), bidWithdrawn('bid-a', 'org-a'), bidSubmitted('bid-b', otherAgency)])
        .when(close, at('2026-02-11T02:00:00.000Z'))
        .then([biddingClosed(['bid-c', 'bid-b'])]);
    });
    it('keeps bidding open until the published deadline', () => {
      spec.given([designed(), published]).when(close, at('2026-02-10T08:59:59.000Z')).thenThrows('BIDDING_STILL_OPEN', { deadline: DEADLINE });
    });
    it('refuses to close bidding that never opened', () => {
      spec.given([designed()]).when(close).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('records nothing when bidding is already closed', () => {
      spec.given(untilBiddingClosed).when(close).then([]);
    });
  });

  describe('AwardContract', () => {
    it('contracts the organisation: signed now, staff due on post in a month (rule 3), 36 months by default (rule 4)', () => {
      spec.given(untilAwarded).when(awardContract(), at(SIGNED_AT)).then([contracted()]);
    });
    it('rule 3: the on-post deadline of a contract signed on 31 January is 28 February', () => {
      spec
        .given(untilAwarded)
        .when(awardContract(), at('2026-01-31T02:00:00.000Z'))
        .then([contracted({ signedAt: '2026-01-31T02:00:00.000Z', staffOnPostDeadline: '2026-02-28T02:00:00.000Z', endsAt: '2029-01-31T02:00:00.000Z' })]);
    });
    it('rule 3: months are Beijing months: signed 2026-03-01 06:00 Beijing time, staff are due on post 2026-04-01 06:00', () => {
      spec
        .given(untilAwarded)
        .when(awardContract(), at('2026-03-01T06:00:00+08:00'))
        .then([contracted({ signedAt: '2026-02-28T22:00:00.000Z', staffOnPostDeadline: '2026-03-31T22:00:00.000Z', endsAt: '2029-02-28T22:00:00.000Z' })]);
    });
    it('rule 4: a contract stating all its terms, with a 24-month term, runs 24 months', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { ...contractTerms, termMonths: 24 } }), at(SIGNED_AT))
        .then([contracted({ contract: { ...contractedData.contract, termMonths: 24 }, endsAt: '2028-02-15T02:00:00.000Z' })]);
    });
    it('rule 4: a contract that does not state quality and settlement method is refused, naming them', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { ...contractTerms, quality: ' ', settlementMethod: undefined } }), at(SIGNED_AT))
        .thenThrows('CONTRACT_TERMS_INCOMPLETE', { rule: 4, missing: ['quality', 'settlementMethod'] });
    });
    it('rule 4: a contract without content, quantity or price is refused', () => {
      spec
        .given(untilAwarded)
        .when(awardContract({ contract: { quality: 'q', settlementMethod: 's' } }), at(SIGNED_AT))
        .thenThrows('CONTRACT_TERMS_INCOMPLETE', { rule: 4, missing: ['content', 'quantity', 'priceFen'] });
    });
    it('refuses to award before publication', () => {
      spec.given([designed()]).when(awardContract()).thenThrows('PROJECT_NOT_PUBLISHED');
    });
    it('refuses to award while bidding is open', () => {
      spec.given([designed(), published, bidSubmitted('bid-a', agency)]).when(awardContract(), at(BIDDING_NOW)).thenThrows('BIDDING_STILL_OPEN');
    });
    it('refuses to award twice', () => {
      spec.given(stationContracted).when(awardContract()).thenThrows('PROJECT_ALREADY_CONTRACTED');
    });

    it("checks rule 5 on the contractor's stations first, so a refusal stores nothing on any stream", () => {
      const holdsGeneral = { ...agency, stationContracts: [{ projectId: 'general-1', district: streetArea.district, stationLevel: 'general' as const }] };
      spec
        .given(untilAwarded)
        .when(awardContract({ contractor: holdsGeneral }), at(SIGNED_AT))
        .thenThrows('STATION_LEVELS_CONFLICT', { rule: 5, district: streetArea.district, stationLevel: 'street', heldProjectId: 'general-1' });
      const holdsGeneralElsewhere = { ...agency, stationContracts: [{ projectId: 'street-2', district: 'other', stationLevel: 'general' as const }] };
      spec.given(untilAwarded).when(awardContract({ contractor: holdsGeneralElsewhere }), at(SIGNED_AT)).then([contracted()]);
    });
    it('answers BID_NOT_FOUND for an unknown bid', () => {
      spec.given(untilAwarded).when(awardContract({ bidId: 'bid-x' })).thenThrows('BID_NOT_FOUND');
    });
    it('refuses a withdrawn bid', () => {
      spec
        .given([
          designed(), published, bidSubmitted('bid-a', agency), bidWithdrawn('bid-a', 'org-a'), bidSubmitted('bid-b', otherAgency), biddingClosed(['bid-b']),
          { ...awardAnnounced, data: { ...(awardAnnounced.data as AwardAnnouncedData), bidId: 'bid-b', organisationId: 'org-b' } },
        ])
        .when(awardContract())
        .thenThrows('BID_WITHDRAWN');
    });
    it('contracts only the organisation that made the bid', () => {
      spec.given(untilAwarded).when(awardContract({ contractor: otherAgency })).thenThrows('CONTRACTOR_NOT_BIDDER');
    });
    it('rule 11: an organisation deregistered since it bid is not contracted', () => {
      spec.given(untilAwarded).when(awardContract({ contractor: { ...agency, status: 'deregistered' } })).thenThrows('ORGANISATION_NOT_IN_GOOD_STANDING', { rule: 11 });
    });
    it.each<[string, ContractTermsInput, string]>([
      ['a term of zero months', { ...contractTerms, termMonths: 0 }, 'CONTRACT_TERM_INVALID'],
      ['a negative price', { ...contractTerms, priceFen: -1 }, 'CONTRACT_PRICE_INVALID'],
      ['a price above the budget', { ...contractTerms, priceFen: 150_000_001 }, 'CONTRACT_EXCEEDS_BUDGET'],
    ])('rejects %s', (_label, contract, code) => {
      spec.given(untilAwarded).when(awardContract({ contract })).thenThrows(code);
    });
  });

  describe('AssignProjectStaff', () => {
    const assign = (facts: SocialWorkerFacts): ProjectCommand => ({ type: 'AssignProjectStaff', data: { socialWorker: facts } });

    it("rule 6: assigns the contractor's own social worker, recording the qualification rule 1 counts", () => {
      spec.given(stationContracted).when(assign(socialWorker('sw-1', true)), at('2026-02-20T02:00:00.000Z')).then([staffAssigned('sw-1', true)]);
    });
    it("rule 6: another organisation's social worker would be subcontracting", () => {
      spec
        .given(stationContracted)
        .when(assign(socialWorker('sw-9', true, 'org-b')))
        .thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6, contractorOrganisationId: 'org-a', employerOrganisationId: 'org-b' });
    });
    it('rule 6: a social worker employed by nobody is not the contractor’s staff either', () => {
      spec.given(stationContracted).when(assign(socialWorker('sw-9', true, null))).thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6 });
    });
    it('records nothing when the social worker is already assigned', () => {
      spec.given([...stationContracted, staffAssigned('sw-1', true)]).when(assign(socialWorker('sw-1', true))).then([]);
    });
    it('refuses a deregistered social worker', () => {
      spec.given(stationContracted).when(assign({ ...socialWorker('sw-1', true), status: 'deregistered' })).thenThrows('SOCIAL_WORKER_DEREGISTERED');
    });
    it('needs a contract in force', () => {
      spec.given(untilBiddingClosed).when(assign(socialWorker('sw-1', true))).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'bidding_closed' });
    });
  });

  describe('ReleaseProjectStaff', () => {
    const release = (socialWorkerId: string, reason = '调往其他项目'): ProjectCommand => ({ type: 'ReleaseProjectStaff', data: { socialWorkerId, reason } });

    it('releases a staff member and says who is left, so a station falling below rule 1 is visible', () => {
      spec
        .given(stationOnPost)
        .when(release('sw-2'))
        .then([
          {
            type: 'ProjectStaffReleased',
            data: { projectId: 'project-1', socialWorkerId: 'sw-2', reason: '调往其他项目', remainingStaff: 2, remainingQualified: 1, releasedAt: NOW },
          },
        ]);
    });
    it('answers STAFF_NOT_ASSIGNED for someone not on the project', () => {
      spec.given(stationOnPost).when(release('sw-9')).thenThrows('STAFF_NOT_ASSIGNED');
    });
    it('requires a reason', () => {
      spec.given(stationOnPost).when(release('sw-1', '')).thenThrows('RELEASE_REASON_REQUIRED');
    });
  });

  describe('ConfirmStaffOnPost', () => {
    const confirm: ProjectCommand = { type: 'ConfirmStaffOnPost', data: {} };

    it('rule 1: confirms a station with 3 staff of whom 2 are qualified', () => {
      spec.given(stationStaffed).when(confirm, at('2026-03-01T02:00:00.000Z')).then([onPost]);
    });
    it('rule 1: a station with only 2 staff is understaffed, however qualified', () => {
      spec
        .given([...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', true)])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 2, qualified: 2 });
    });
    it('rule 1: a station with 3 staff but only 1 qualified is understaffed', () => {
      spec
        .given([...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', false), staffAssigned('sw-3', false)])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 3, qualified: 1 });
    });
    it('rule 1: staff released before confirmation no longer count', () => {
      spec
        .given([...stationStaffed, { type: 'ProjectStaffReleased', data: { projectId: 'project-1', socialWorkerId: 'sw-1', reason: 'left', remainingStaff: 2, remainingQualified: 1, releasedAt: NOW } }])
        .when(confirm)
        .thenThrows('STATION_UNDERSTAFFED', { rule: 1, staff: 2, qualified: 1 });
    });
    it('rule 3: staff confirmed at the very deadline are on time', () => {
      spec.given(stationStaffed).when(confirm, at(STAFF_DEADLINE)).then([{ type: 'StaffOnPostConfirmed', data: { ...onPost.data, confirmedAt: STAFF_DEADLINE } } as ProjectEvent]);
    });
    it('rule 3: staff confirmed after one month from signing are late, and the bureau may terminate', () => {
      spec.given(stationStaffed).when(confirm, at('2026-03-15T02:00:01.000Z')).thenThrows('STAFF_ON_POST_DEADLINE_MISSED', { rule: 3, deadline: STAFF_DEADLINE });
    });
    it('rule 1 binds stations only: a service project is on post with one social worker', () => {
      spec
        .given(serviceProjectContracted)
        .when(confirm)
        .then([{ type: 'StaffOnPostConfirmed', data: { projectId: 'project-1', socialWorkerIds: ['sw-1'], staff: 1, qualified: 1, deadline: STAFF_DEADLINE, confirmedAt: NOW } }]);
    });
    it('a service project with nobody assigned cannot be on post', () => {
      spec.given(serviceProjectContracted.slice(0, -1)).when(confirm).thenThrows('NO_STAFF_ASSIGNED');
    });
    it('records nothing when staff are already confirmed', () => {
      spec.given(stationOnPost).when(confirm, at('2026-06-01T00:00:00.000Z')).then([]);
    });
    it('needs a contract in force', () => {
      spec.given([designed()]).when(confirm).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });

  describe('DeliverService', () => {
    it('rule 2: a delivery records each social worker’s hours and its week, so weekly service time is checkable', () => {
      spec.given(stationOnPost).when(deliverService(), at(DELIVERY_NOW)).then([delivered()]);
    });
    it('rule 2: records the hours each person actually served when they differ', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 3, 'sw-2': 1.5 }, hoursByVolunteer: { 'volunteer-7': 2 } }), at(DELIVERY_NOW))
        .then([delivered({ hoursBySocialWorker: { 'sw-1': 3, 'sw-2': 1.5 }, hoursByVolunteer: { 'volunteer-7': 2 } })]);
    });
    it('rule 2: a weekly log of 26 hours for one social worker is accepted', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-3'], volunteerIds: [] }, hours: 26, weekOf: '2026-03-16' }), at(DELIVERY_NOW))
        .then([delivered({ socialWorkerIds: ['sw-3'], volunteerIds: [], hoursBySocialWorker: { 'sw-3': 26 }, hoursByVolunteer: {}, hours: 26 })]);
    });
    it('rule 2: hours credited to someone not named, or beyond the service length, are refused', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 3, 'sw-3': 3 } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERY_HOURS_INCONSISTENT', { rule: 2 });
      spec
        .given(stationOnPost)
        .when(deliverService({ hoursBySocialWorker: { 'sw-1': 4, 'sw-2': 3 } }), at(DELIVERY_NOW))
        .thenThrows('DELIVERY_HOURS_INCONSISTENT', { rule: 2 });
    });
    it('rule 2: a social worker cannot log more hours in a week than the week has', () => {
      const weekly = (deliveryId: string) =>
        delivered({ deliveryId, socialWorkerIds: ['sw-1'], volunteerIds: [], hoursBySocialWorker: { 'sw-1': 80 }, hoursByVolunteer: {}, hours: 80 });
      spec
        .given([...stationOnPost, weekly('delivery-w1'), weekly('delivery-w2')])
        .when(deliverService({ deliveredOn: '2026-03-19', hours: 9 }), at(DELIVERY_NOW))
        .thenThrows('WEEKLY_HOURS_EXCEEDED', { rule: 2, socialWorkerId: 'sw-1', weekOf: '2026-03-16', alreadyLogged: 160 });
      // Exactly 168 hours is still a (very long) week.
      spec
        .given([...stationOnPost, weekly('delivery-w1'), weekly('delivery-w2')])
        .when(deliverService({ deliveredOn: '2026-03-19', hours: 8 }), at(DELIVERY_NOW))
        .then([delivered({ deliveredOn: '2026-03-19', hours: 8, hoursBySocialWorker: { 'sw-1': 8, 'sw-2': 8 }, hoursByVolunteer: { 'volunteer-7': 8 } })]);
    });
    it('counts the China-local date: 01:00 in Beijing on 2 March is already 2 March', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredOn: '2026-03-02' }), at('2026-03-01T17:00:00.000Z'))
        .then([delivered({ deliveredOn: '2026-03-02', weekOf: '2026-03-02' })]);
    });
    it('records nothing when the same delivery is logged again', () => {
      spec.given([...stationOnPost, delivered()]).when(deliverService(), at(DELIVERY_NOW)).then([]);
    });
    it('a station delivers nothing before its staff are confirmed on post', () => {
      spec.given(stationStaffed).when(deliverService(), at(DELIVERY_NOW)).thenThrows('STAFF_NOT_ON_POST');
    });
    it('a service project may deliver without the station on-post step', () => {
      spec
        .given(serviceProjectContracted)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .then([delivered({ projectKind: 'service_project', socialWorkerIds: ['sw-1'], volunteerIds: [], hoursBySocialWorker: { 'sw-1': 3 }, hoursByVolunteer: {} })]);
    });
    it('rule 6: a service delivered by another organisation is subcontracting', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-b', socialWorkerIds: ['sw-1'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('SUBCONTRACTING_FORBIDDEN', { rule: 6, contractorOrganisationId: 'org-a', organisationId: 'org-b' });
    });
    it('rule 8: a station cannot log an administrative act of the street government as its service', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ category: 'social_assistance', serviceItem: { name: '代办低保审批', administrativeAct: true } }), at(DELIVERY_NOW))
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8, items: ['代办低保审批'] });
    });
    it('rule 8: nor a confidential matter', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ serviceItem: { name: '涉密档案整理', confidential: true } }), at(DELIVERY_NOW))
        .thenThrows('NOT_A_STATION_SERVICE', { rule: 8 });
    });
    it('refuses a service of a category the project was not bought for', () => {
      spec.given(stationOnPost).when(deliverService({ category: 'employment' }), at(DELIVERY_NOW)).thenThrows('SERVICE_CATEGORY_NOT_CONTRACTED');
    });
    it("refuses a community outside a community project's area", () => {
      spec
        .given(serviceProjectContracted)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] }, community: communityFacts('community-other') }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
    });
    it("refuses a community outside a street station's street or district", () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ community: communityFacts('community-far', { street: '370102999' }) }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
      spec
        .given(stationOnPost)
        .when(deliverService({ community: communityFacts('community-far', { district: '370103' }) }), at(DELIVERY_NOW))
        .thenThrows('COMMUNITY_OUTSIDE_PROJECT_AREA');
    });
    // Street totals must add up to the district: a district-wide project's delivery is filed where it happened.
    it("files a district-wide project's delivery under the street and community where it happened", () => {
      const districtArea = { ...streetArea, street: '' };
      const districtProject = serviceProjectContracted.map((event) =>
        event.type === 'ProjectDesigned' || event.type === 'OrganisationContracted' ? { ...event, data: { ...event.data, area: districtArea } } : event,
      ) as ProjectEvent[];
      const elsewhere = communityFacts('community-quancheng', { street: '370102002' });
      spec
        .given(districtProject)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1'], volunteerIds: [] }, community: elsewhere }), at(DELIVERY_NOW))
        .then([
          delivered({
            projectKind: 'service_project',
            socialWorkerIds: ['sw-1'],
            volunteerIds: [],
            hoursBySocialWorker: { 'sw-1': 3 },
            hoursByVolunteer: {},
            communityId: 'community-quancheng',
            area: { ...streetArea, street: '370102002', community: 'community-quancheng' },
          }),
        ]);
    });
    it('refuses hours logged by a social worker not assigned to the project', () => {
      spec
        .given(stationOnPost)
        .when(deliverService({ deliveredBy: { organisationId: 'org-a', socialWorkerIds: ['sw-1', 'sw-9'], volunteerIds: [] } }), at(DELIVERY_NOW))
        .thenThrows('STAFF_NOT_ASSIGNED', { socialWorkerIds: ['sw-9'] });
    });
    it('refuses a delivery dated before the contract was signed', () => {
      spec.given(stationOnPost).when(deliverService({ deliveredOn: '2026-02-14' }), at(DELIVERY_NOW)).thenThrows('DELIVERY_OUTSIDE_CONTRACT_TERM');
    });
    it.each<[string, Partial<DeliverServiceData>, string]>([
      ['a blank delivery id', { deliveryId: ' ' }, 'DELIVERY_ID_REQUIRED'],
      ['a future date', { deliveredOn: '2026-03-21' }, 'DELIVERY_DATE_INVALID'],
      ['an impossible date', { deliveredOn: '2026-02-31' }, 'DELIVERY_DATE_INVALID'],
      ['a weekOf that is not the Monday of that week', { weekOf: '2026-03-17' }, 'WEEK_OF_INVALID'],
      ['more than 24 hours in a day', { hours: 25 }, 'DELIVERY_HOURS_INVALID'],
      ['more than 168 hours in a weekly log', { hours: 169, weekOf: '2026-03-16' }, 'DELIVERY_HOURS_INVALID'],
      ['zero hours', { hours: 0 }, 'DELIVERY_HOURS_INVALID'],
      ['a negative count of beneficiaries', { beneficiaries: -1 }, 'DELIVERY_BENEFICIARIES_INVALID'],
      ['nobody delivering', { deliveredBy: { organisationId: 'org-a', socialWorkerIds: [], volunteerIds: [] } }, 'DELIVERED_BY_NOBODY'],
      ['no service item', { serviceItem: { name: '' } }, 'SERVICE_ITEM_REQUIRED'],
      ['no community', { community: undefined as never }, 'COMMUNITY_REQUIRED'],
      ['a community placed in an incomplete area', { community: communityFacts('community-lianhua', { street: '' }) }, 'AREA_INVALID'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(stationOnPost).when(deliverService(overrides), at(DELIVERY_NOW)).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(deliverService(), at(DELIVERY_NOW)).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'terminated' });
    });
  });

  describe('weeklyHoursShortfalls (rule 2)', () => {
    const weekOf = '2026-03-16';
    const log = (deliveryId: string, socialWorkerId: string, hours: number) =>
      delivered({ deliveryId, socialWorkerIds: [socialWorkerId], volunteerIds: [], hoursBySocialWorker: { [socialWorkerId]: hours }, hoursByVolunteer: {}, hours });

    it('rule 2: staff who served 24 hours or more in the week are not short', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, log('d1', 'sw-1', 20), log('d2', 'sw-1', 4), log('d3', 'sw-2', 30), log('d4', 'sw-3', 24)]);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([]);
    });
    it('rule 2: staff who served under 24 hours in the week are listed with their hours', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, log('d1', 'sw-1', 20), log('d2', 'sw-2', 30)]);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([
        { socialWorkerId: 'sw-1', hours: 20, requiredHours: 24 },
        { socialWorkerId: 'sw-3', hours: 0, requiredHours: 24 },
      ]);
      // Another week's hours do not count.
      expect(weeklyHoursShortfalls(state, '2026-03-23').map((entry) => entry.hours)).toEqual([0, 0, 0]);
    });
    it('does not apply to service projects', () => {
      const state = foldEvents(projectDecider, serviceProjectContracted);
      expect(weeklyHoursShortfalls(state, weekOf)).toEqual([]);
    });
  });

  describe('FileReport', () => {
    // 减负: the handler puts in the facts' figures; the organisation's corrections are kept next to them.
    const fromFacts: ReportFigure[] = [
      { key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', value: 3 },
      { key: 'hours.delivered', label: '服务时长（合计）', unit: 'hours', value: 7.5 },
      { key: 'money.contract_price', label: '合同金额', unit: 'fen', value: 140_000_000 },
    ];
    const withFigures = (figures: FileReportData['figures']): ProjectCommand => ({
      type: 'FileReport',
      data: { reportId: 'report-2026-02', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.', figures, fromFacts },
    });
    it('files the corrected figures next to the facts\' and the uncorrected ones as drafted', () => {
      spec
        .given(stationOnPost)
        .when(withFigures([{ key: 'deliveries.total', value: 4 }, { key: 'hours.delivered', value: 8.25 }]), at('2026-03-01T02:00:00.000Z'))
        .then([{
          type: 'ReportFiled',
          data: {
            projectId: 'project-1', reportId: 'report-2026-02', organisationId: 'org-a', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.',
            figures: [
              { key: 'deliveries.total', label: '服务次数（合计）', unit: 'count', fromFacts: 3, filed: 4 },
              { key: 'hours.delivered', label: '服务时长（合计）', unit: 'hours', fromFacts: 7.5, filed: 8.25 },
              { key: 'money.contract_price', label: '合同金额', unit: 'fen', fromFacts: 140_000_000, filed: 140_000_000 },
            ],
            filedAt: '2026-03-01T02:00:00.000Z',
          },
        }]);
    });
    it('refuses a figure the draft does not have, one named twice, and an unsound value, all at once', () => {
      spec
        .given(stationOnPost)
        .when(withFigures([{ key: 'deliveries.invented', value: 1 }, { key: 'deliveries.total', value: 2.5 }, { key: 'hours.delivered', value: 1 }, { key: 'hours.delivered', value: 2 }, { key: 'money.contract_price', value: -1 }]), at('2026-03-01T02:00:00.000Z'))
        .thenThrows('REPORT_FIGURES_INVALID', {
            problems: [
              { key: 'deliveries.invented', code: 'REPORT_FIGURE_UNKNOWN', index: 0 },
              { key: 'deliveries.total', code: 'REPORT_FIGURE_INVALID', index: 1 },
              { key: 'hours.delivered', code: 'REPORT_FIGURE_DUPLICATE', index: 3 },
              { key: 'money.contract_price', code: 'REPORT_FIGURE_INVALID', index: 4 },
            ],
        });
    });
    it('files a monthly brief', () => {
      spec
        .given(stationOnPost)
        .when(fileReport('report-2026-02', 'monthly_brief', '2026-02'), at('2026-03-01T02:00:00.000Z'))
        .then([{ type: 'ReportFiled', data: { projectId: 'project-1', reportId: 'report-2026-02', organisationId: 'org-a', kind: 'monthly_brief', period: '2026-02', summary: 'Visited 42 households.', figures: [], filedAt: '2026-03-01T02:00:00.000Z' } }]);
    });
    it('records nothing when the same report is sent again', () => {
      spec.given([...stationOnPost, reportFiled('report-2026-02', 'monthly_brief', '2026-02')]).when(fileReport('report-2026-02', 'monthly_brief', '2026-02')).then([]);
    });
    it('refuses a second brief for the same month', () => {
      spec
        .given([...stationOnPost, reportFiled('report-2026-02', 'monthly_brief', '2026-02')])
        .when(fileReport('report-other', 'monthly_brief', '2026-02'))
        .thenThrows('REPORT_ALREADY_FILED', { kind: 'monthly_brief', period: '2026-02' });
    });
    it('refuses a second mid-term report', () => {
      spec.given([...stationOnPost, reportFiled('mid', 'mid_term', 'a')]).when(fileReport('mid-2', 'mid_term', 'b'), at('2027-08-20T00:00:00.000Z')).thenThrows('REPORT_ALREADY_FILED');
    });
    it.each<[string, ProjectCommand, string]>([
      ['a month before signing', fileReport('r', 'monthly_brief', '2026-01'), 'REPORT_PERIOD_INVALID'],
      ['a month not yet begun', fileReport('r', 'monthly_brief', '2026-04'), 'REPORT_PERIOD_INVALID'],
      ['a malformed month', fileReport('r', 'monthly_brief', '2026-3'), 'REPORT_PERIOD_INVALID'],
      ['a mid-term report without its span', fileReport('r', 'mid_term', ' '), 'REPORT_PERIOD_INVALID'],
      ['an unknown kind', fileReport('r', 'weekly' as never, '2026-02'), 'REPORT_KIND_UNKNOWN'],
      ['an empty summary', fileReport('r', 'monthly_brief', '2026-02', ' '), 'REPORT_SUMMARY_REQUIRED'],
    ])('rejects %s', (_label, command, code) => {
      spec.given(stationOnPost).when(command).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given(untilBiddingClosed).when(fileReport('r', 'monthly_brief', '2026-02')).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });

  describe('reportsDue (rule 10)', () => {
    it('rule 10: nothing is overdue when every brief that came due was filed', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('r2', 'monthly_brief', '2026-02'), reportFiled('r3', 'monthly_brief', '2026-03')]);
      expect(reportsDue(state, new Date('2026-04-15T00:00:00.000Z'))).toEqual([]);
    });
    it('rule 10: lists each month whose brief is missing once the month has ended in China', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('r2', 'monthly_brief', '2026-02')]);
      expect(reportsDue(state, new Date('2026-04-30T15:59:59.000Z'))).toEqual([{ kind: 'monthly_brief', period: '2026-03', dueAt: '2026-03-31T16:00:00.000Z' }]);
      expect(reportsDue(state, new Date('2026-04-30T16:00:00.000Z')).map((due) => due.period)).toEqual(['2026-03', '2026-04']);
    });
    it('rule 10: the mid-term report is due at half the term and the final report at its end', () => {
      const briefs = Array.from({ length: 37 }, (_, index) => {
        const month = new Date(Date.UTC(2026, 1 + index, 1)).toISOString().slice(0, 7);
        return reportFiled(`brief-${month}`, 'monthly_brief', month);
      });
      const state = foldEvents(projectDecider, [...stationOnPost, ...briefs]);
      expect(reportsDue(state, new Date('2027-08-15T01:59:59.000Z'))).toEqual([]);
      expect(reportsDue(state, new Date('2027-08-15T02:00:00.000Z'))).toEqual([
        { kind: 'mid_term', period: '2026-02-15/2027-08-15', dueAt: '2027-08-15T02:00:00.000Z' },
      ]);
      expect(reportsDue(state, new Date('2029-06-01T00:00:00.000Z'))).toEqual([
        { kind: 'mid_term', period: '2026-02-15/2027-08-15', dueAt: '2027-08-15T02:00:00.000Z' },
        { kind: 'final', period: '2026-02-15/2029-02-15', dueAt: '2029-02-15T02:00:00.000Z' },
      ]);
    });
    it('no brief is due after the term ends, and nothing once the contract is terminated', () => {
      const state = foldEvents(projectDecider, [...stationOnPost, reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b')]);
      const due = reportsDue(state, new Date('2030-01-01T00:00:00.000Z'));
      expect(due.at(-1)).toEqual({ kind: 'monthly_brief', period: '2029-02', dueAt: '2029-02-28T16:00:00.000Z' });
      expect(due).toHaveLength(37);
      expect(reportsDue(foldEvents(projectDecider, [...stationOnPost, contractTerminated('x')]), new Date('2030-01-01T00:00:00.000Z'))).toEqual([]);
    });
  });

  describe('RateService', () => {
    const rate = (overrides: Partial<Extract<ProjectCommand, { type: 'RateService' }>['data']> = {}): ProjectCommand => ({
      type: 'RateService',
      data: { ratingId: 'rating-1', deliveryId: 'delivery-1', rating: 'good', score: 5, comment: ' 社工很耐心 ', ...overrides },
    });
    const withDelivery = [...stationOnPost, delivered()];

    it('records a resident’s 好差评 with its score', () => {
      spec
        .given(withDelivery)
        .when(rate())
        .then([
          {
            type: 'ServiceRated',
            data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: 'delivery-1', organisationId: 'org-a', rating: 'good', score: 5, comment: '社工很耐心', area: streetArea, ratedAt: NOW, residentRater: null },
          },
        ]);
    });
    it('records a rating of the project as a whole, without comment, even after the contract ended', () => {
      spec
        .given([...withDelivery, contractTerminated('x')])
        .when(rate({ deliveryId: undefined, rating: 'bad', score: 2, comment: undefined }))
        .then([
          {
            type: 'ServiceRated',
            data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: null, organisationId: 'org-a', rating: 'bad', score: 2, comment: null, area: streetArea, ratedAt: NOW, residentRater: null },
          },
        ]);
    });
    it('records nothing when the same rating is sent again', () => {
      spec.given([...withDelivery, { type: 'ServiceRated', data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: null, organisationId: 'org-a', rating: 'good', score: 5, comment: null, area: streetArea, ratedAt: NOW, residentRater: null } }]).when(rate()).then([]);
    });
    it('lets one resident rate a delivery once (409 SERVICE_ALREADY_RATED), another resident or another delivery still', () => {
      const resident = { actor: { id: 'resident-1', role: 'resident', issuer: 'urn:wushe:embedded' } };
      const rated = { type: 'ServiceRated', data: { projectId: 'project-1', ratingId: 'rating-1', deliveryId: 'delivery-1', organisationId: 'org-a', rating: 'good', score: 5, comment: null, area: streetArea, ratedAt: NOW, residentRater: 'urn:wushe:embedded#resident-1' } } as const;
      spec.given(withDelivery).when(rate(), resident).then([{ ...rated, data: { ...rated.data, comment: '社工很耐心' } }]);
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-2', rating: 'bad', score: 1 }), resident).thenThrows('SERVICE_ALREADY_RATED');
      // The same ratingId again is a retry: nothing new, no error.
      spec.given([...withDelivery, rated]).when(rate(), resident).then([]);
      // The same subject from another issuer is another person.
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-3' }), { actor: { id: 'resident-1', role: 'resident', issuer: 'https://sso.example' } }).then([
        { ...rated, data: { ...rated.data, ratingId: 'rating-3', comment: '社工很耐心', residentRater: 'https://sso.example#resident-1' } },
      ]);
      // A committee records the ratings it collected, any number.
      spec.given([...withDelivery, rated]).when(rate({ ratingId: 'rating-4' }), { actor: { id: 'committee', role: 'community_committee' } }).then([
        { ...rated, data: { ...rated.data, ratingId: 'rating-4', comment: '社工很耐心', residentRater: null } },
      ]);
    });
    it('refuses ratings before any service was delivered', () => {
      spec.given(stationOnPost).when(rate()).thenThrows('NO_SERVICE_DELIVERED');
    });
    it('answers DELIVERY_NOT_FOUND for an unknown delivery', () => {
      spec.given(withDelivery).when(rate({ deliveryId: 'delivery-x' })).thenThrows('DELIVERY_NOT_FOUND');
    });
    it.each<[string, Parameters<typeof rate>[0], string]>([
      ['a rating that is neither good nor bad', { rating: 'meh' as never }, 'RATING_INVALID'],
      ['a score of 0', { score: 0 }, 'RATING_SCORE_INVALID'],
      ['a score of 6', { score: 6 }, 'RATING_SCORE_INVALID'],
      ['a fractional score', { score: 4.5 }, 'RATING_SCORE_INVALID'],
      ['an overlong comment', { comment: '好'.repeat(501) }, 'RATING_COMMENT_TOO_LONG'],
    ])('rejects %s', (_label, overrides, code) => {
      spec.given(withDelivery).when(rate(overrides)).thenThrows(code);
    });
  });

  describe('EvaluateContract', () => {
    const evaluate = (grade: 'excellent' | 'good' | 'qualified' | 'unqualified', score: number, year = 2026): ProjectCommand => ({
      type: 'EvaluateContract',
      data: { year, grade, score },
    });
    const EVALUATION_NOW = '2026-11-30T02:00:00.000Z';

    it("rule 9: a 'qualified' year continues the contract", () => {
      spec
        .given(stationOnPost)
        .when(evaluate('qualified', 68), at(EVALUATION_NOW))
        .then([{ type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'qualified', score: 68, continues: true, evaluatedAt: EVALUATION_NOW } }]);
      const state = foldEvents(projectDecider, [...stationOnPost, { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'qualified', score: 68, continues: true, evaluatedAt: EVALUATION_NOW } }]);
      expect(toProjectFacts(state).status).toBe('contracted');
    });
    it("rule 9: an 'unqualified' year terminates the contract, and no further service is delivered under it", () => {
      spec
        .given(stationOnPost)
        .when(evaluate('unqualified', 52), at(EVALUATION_NOW))
        .then([
          { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'unqualified', score: 52, continues: false, evaluatedAt: EVALUATION_NOW } },
          { type: 'ContractTerminated', data: { projectId: 'project-1', organisationId: 'org-a', reason: 'annual_evaluation_unqualified', area: streetArea, terminatedAt: EVALUATION_NOW } },
        ]);
      const events = projectDecider.decide(evaluate('unqualified', 52), foldEvents(projectDecider, stationOnPost), { now: new Date(EVALUATION_NOW), actor: { id: 'u', role: 'civil_affairs_bureau' } });
      spec.given([...stationOnPost, ...events]).when(deliverService({ deliveredOn: '2026-12-01' }), at('2026-12-02T00:00:00.000Z')).thenThrows('CONTRACT_NOT_ACTIVE');
    });
    it('evaluates each year once', () => {
      spec
        .given([...stationOnPost, { type: 'ContractEvaluated', data: { projectId: 'project-1', organisationId: 'org-a', year: 2026, grade: 'good', score: 80, continues: true, evaluatedAt: EVALUATION_NOW } }])
        .when(evaluate('excellent', 95), at(EVALUATION_NOW))
        .thenThrows('CONTRACT_ALREADY_EVALUATED', { year: 2026 });
    });
    it.each<[string, ProjectCommand, string]>([
      ['a year before the contract', evaluate('good', 80, 2025), 'EVALUATION_YEAR_INVALID'],
      ['a year not yet begun', evaluate('good', 80, 2027), 'EVALUATION_YEAR_INVALID'],
      ['an unknown grade', evaluate('splendid' as never, 80), 'EVALUATION_GRADE_UNKNOWN'],
      ['a score over 100', evaluate('good', 101), 'EVALUATION_SCORE_INVALID'],
    ])('rejects %s', (_label, command, code) => {
      spec.given(stationOnPost).when(command, at(EVALUATION_NOW)).thenThrows(code);
    });
    it('needs a contract in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(evaluate('good', 80), at(EVALUATION_NOW)).thenThrows('CONTRACT_NOT_ACTIVE');
    });
  });

  describe('TerminateContract', () => {
    const terminate = (reason: string): ProjectCommand => ({ type: 'TerminateContract', data: { reason } });

    it('terminates the contract with the bureau’s reason (e.g. staff not on post in time, rule 3)', () => {
      spec
        .given(stationStaffed)
        .when(terminate(' staff_on_post_deadline_missed '), at('2026-12-01T02:00:00.000Z'))
        .then([contractTerminated('staff_on_post_deadline_missed')]);
    });
    it('requires a reason', () => {
      spec.given(stationOnPost).when(terminate(' ')).thenThrows('TERMINATION_REASON_REQUIRED');
    });
    it('refuses to terminate a contract that is not in force', () => {
      spec.given([...stationOnPost, contractTerminated('x')]).when(terminate('again')).thenThrows('CONTRACT_NOT_ACTIVE', { status: 'terminated' });
    });
  });

  describe('CompleteProject', () => {
    const complete: ProjectCommand = { type: 'CompleteProject', data: {} };

    it('rule 10: completes once the mid-term and final reports are filed, with the delivery totals', () => {
      spec
        .given([...stationOnPost, delivered(), delivered({ deliveryId: 'delivery-2', hours: 2.5, beneficiaries: 12 }), reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b')])
        .when(complete, at('2029-02-20T02:00:00.000Z'))
        .then([
          {
            type: 'ProjectCompleted',
            data: { projectId: 'project-1', organisationId: 'org-a', area: streetArea, deliveries: 2, deliveredHours: 5.5, beneficiariesServed: 17, completedAt: '2029-02-20T02:00:00.000Z' },
          },
        ]);
    });
    it('rule 10: a project without its final report does not complete', () => {
      spec.given([...stationOnPost, reportFiled('mid', 'mid_term', 'a')]).when(complete).thenThrows('REPORTS_MISSING', { rule: 10, missing: ['final'] });
    });
    it('rule 10: without either report, both are named', () => {
      spec.given(stationOnPost).when(complete).thenThrows('REPORTS_MISSING', { rule: 10, missing: ['mid_term', 'final'] });
    });
    it('refuses to complete twice', () => {
      spec
        .given([...stationOnPost, reportFiled('mid', 'mid_term', 'a'), reportFiled('fin', 'final', 'b'), { type: 'ProjectCompleted', data: { projectId: 'project-1', organisationId: 'org-a', area: streetArea, deliveries: 0, deliveredHours: 0, beneficiariesServed: 0, completedAt: NOW } }])
        .when(complete)
        .thenThrows('CONTRACT_NOT_ACTIVE', { status: 'completed' });
    });
  });

  describe('toProjectFacts', () => {
    it('tells other aggregates the status, place, categories and contractor', () => {
      expect(toProjectFacts(foldEvents(projectDecider, [designed()]))).toEqual({
        projectId: 'project-1',
        status: 'designed',
        categories: ['elderly_care', 'child_welfare', 'social_assistance'],
        area: streetArea,
        contractorOrganisationId: null,
      });
      expect(toProjectFacts(foldEvents(projectDecider, stationOnPost))).toMatchObject({ status: 'contracted', contractorOrganisationId: 'org-a' });
      expect(toProjectFacts(foldEvents(projectDecider, [...stationOnPost, contractTerminated('x')])).status).toBe('terminated');
    });
    it('answers PROJECT_NOT_FOUND for a project never designed', () => {
      expect(() => toProjectFacts(projectDecider.initialState())).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
    });
  });
});
