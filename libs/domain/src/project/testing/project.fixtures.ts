/**
 * The project decider's specs share these: one street station (and one community service project) taken
 * from design through purchase, award, contract and staffing to delivery, as the histories and commands
 * the phase specs start from. Kept in one place so each phase's spec reads only its own rules.
 */
import type { CommunityFacts, OrganisationFacts, SocialWorkerFacts } from '../../shared/facts.js';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../../testing/decider-spec.js';
import type { AwardContractData, ContractTermsInput, DeliverServiceData, DesignProjectData, ProjectCommand, SubmitBidData } from '../project.commands.js';
import { projectDecider } from '../project.decider.js';
import type { AwardAnnounced, OrganisationContractedData, ProjectDesignedData, ProjectEvent, ServiceDeliveredData } from '../project.events.js';

export const spec = DeciderSpecification.for(projectDecider);
export const at = (iso: string) => ({ now: new Date(iso) });
export const NOW = DEFAULT_TEST_NOW.toISOString();

// ---- the places -------------------------------------------------------------------------------
/** A street station serves its street: community ''. */
export const streetArea = { city: '370100', district: '370102', street: '370102001', community: '' };
export const communityArea = { ...streetArea, community: 'community-lianhua' };
/** What the handler loads from the community's stream: where a delivery happened. */
export const lianhua: CommunityFacts = { communityId: 'community-lianhua', name: '莲花社区', area: communityArea, kind: 'urban', residents: 8200 };
export const communityFacts = (communityId: string, area: Partial<typeof communityArea> = {}): CommunityFacts => ({
  ...lianhua,
  communityId,
  area: { ...communityArea, ...area, community: communityId },
});

// ---- the organisations and social workers ----------------------------------------------------
export const agency: OrganisationFacts = {
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
export const otherAgency: OrganisationFacts = { ...agency, organisationId: 'org-b', name: '明湖社工', grade: 3 };
export const socialWorker = (id: string, qualified: boolean, employer: string | null = 'org-a'): SocialWorkerFacts => ({
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
export const designProject = (overrides: Partial<DesignProjectData> = {}): ProjectCommand => ({
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
export const designed = (overrides: Partial<ProjectDesignedData> = {}): ProjectEvent => ({
  type: 'ProjectDesigned',
  data: { ...stationDesignedData, ...overrides },
});
/** A community service project (not a station): rules 1, 2 and 8 do not bind it. */
export const serviceProjectDesigned = designed({
  title: '莲花社区独居老人关爱项目',
  area: communityArea,
  kind: 'service_project',
  stationLevel: null,
  budgetFen: 20_000_000,
  period: { start: '2026-03-01', months: 12 },
});

// ---- purchase -----------------------------------------------------------------------------------
export const DEADLINE = '2026-02-10T09:00:00.000Z';
export const BIDDING_NOW = '2026-01-20T02:00:00.000Z';
export const published: ProjectEvent = {
  type: 'ProjectPublishedForPurchase',
  data: {
    projectId: 'project-1',
    deadline: DEADLINE,
    eligibility: { description: '依法登记的社会组织或企业，具备社会工作服务经验', minimumGrade: 3 },
    publishedAt: '2026-01-10T02:00:00.000Z',
  },
};
export const bidSubmitted = (bidId: string, organisation: OrganisationFacts, priceFen = 140_000_000): ProjectEvent => ({
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
export const bidWithdrawn = (bidId: string, organisationId: string): ProjectEvent => ({
  type: 'BidWithdrawn',
  data: { projectId: 'project-1', bidId, organisationId, withdrawnAt: '2026-01-19T02:00:00.000Z' },
});
export const biddingClosed = (bidIds: string[]): ProjectEvent => ({
  type: 'BiddingClosed',
  data: { projectId: 'project-1', bidIds, closedAt: '2026-02-11T02:00:00.000Z' },
});
export const submitBid = (overrides: Partial<SubmitBidData> = {}): ProjectCommand => ({
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
export const SIGNED_AT = '2026-02-15T02:00:00.000Z';
export const STAFF_DEADLINE = '2026-03-15T02:00:00.000Z';
export const contractTerms: ContractTermsInput = {
  content: '街道社工站运营：困难群体探访、个案与小组服务、志愿者培育',
  quantity: '3 名驻站社工；每人每周在社区服务不少于 24 小时',
  quality: '服务对象满意度不低于 90%；年度评估合格',
  priceFen: 138_000_000,
  settlementMethod: '按季度拨付，年度评估后结算尾款',
};
export const awardContract = (overrides: Partial<AwardContractData> = {}): ProjectCommand => ({
  type: 'AwardContract',
  data: { bidId: 'bid-a', contractor: agency, contract: contractTerms, ...overrides },
});
export const contractedData: OrganisationContractedData = {
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
export const contracted = (overrides: Partial<OrganisationContractedData> = {}): ProjectEvent => ({
  type: 'OrganisationContracted',
  data: { ...contractedData, ...overrides },
});
export const staffAssigned = (id: string, qualified: boolean): ProjectEvent => ({
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
export const onPost: ProjectEvent = {
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

export const untilBiddingClosed: ProjectEvent[] = [designed(), published, bidSubmitted('bid-a', agency), bidSubmitted('bid-b', otherAgency, 145_000_000), biddingClosed(['bid-a', 'bid-b'])];
/** The award announced 2026-01-12 and its standstill long over before any signing these specs make. */
export const awardAnnounced: AwardAnnounced = {
  type: 'AwardAnnounced',
  data: {
    projectId: 'project-1', bidId: 'bid-a', organisationId: 'org-a', organisationName: '泉心社会工作服务中心', priceFen: 140_000_000, area: streetArea,
    announcedAt: '2026-01-12T02:00:00.000Z', standstill: { workingDays: 7, lastDay: '2026-01-21', endsAt: '2026-01-21T16:00:00.000Z' },
  },
};
export const untilAwarded: ProjectEvent[] = [...untilBiddingClosed, awardAnnounced];
export const stationContracted: ProjectEvent[] = [...untilAwarded, contracted()];
/** Three staff, two of them qualified: exactly what rule 1 asks. */
export const stationStaffed: ProjectEvent[] = [...stationContracted, staffAssigned('sw-1', true), staffAssigned('sw-2', true), staffAssigned('sw-3', false)];
export const stationOnPost: ProjectEvent[] = [...stationStaffed, onPost];
export const serviceProjectContracted: ProjectEvent[] = [
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
export const DELIVERY_NOW = '2026-03-20T08:00:00.000Z';
export const deliverService = (overrides: Partial<DeliverServiceData> = {}): ProjectCommand => ({
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
export const delivered = (overrides: Partial<ServiceDeliveredData> = {}): ProjectEvent => ({
  type: 'ServiceDelivered',
  data: { ...serviceDeliveredData, ...overrides },
});

// ---- reports, ratings, evaluation ---------------------------------------------------------------
export const reportFiled = (reportId: string, kind: 'monthly_brief' | 'mid_term' | 'final', period: string): ProjectEvent => ({
  type: 'ReportFiled',
  data: { projectId: 'project-1', reportId, organisationId: 'org-a', kind, period, summary: 'Work done and planned.', figures: [], filedAt: '2026-03-01T02:00:00.000Z' },
});
export const fileReport = (reportId: string, kind: 'monthly_brief' | 'mid_term' | 'final', period: string, summary = 'Visited 42 households.'): ProjectCommand => ({
  type: 'FileReport',
  data: { reportId, kind, period, summary },
});
export const contractTerminated = (reason: string): ProjectEvent => ({
  type: 'ContractTerminated',
  data: { projectId: 'project-1', organisationId: 'org-a', reason, area: streetArea, terminatedAt: '2026-12-01T02:00:00.000Z' },
});
