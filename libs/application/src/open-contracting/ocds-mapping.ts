import {
  addMonths, chinaDateTimeOf, chinaInstant, SERVICE_CATEGORIES, type Fen, type ProjectEvent, type ReportKind,
} from '#domain';

/**
 * Wushe's project facts as Open Contracting Data Standard 1.1 releases (issue 12 item 6). One mapper
 * per project event type, all here, typed over the ProjectEvent union: a new project fact without a
 * decision on its OCDS meaning does not compile. A mapper answers the release's tags and the parts
 * of the release the fact tells, or null for facts OCDS has no place for (the README's mapping table
 * says which, and why).
 */

/** An OCDS object: the standard's field names, JSON values. */
export type OcdsObject = { [field: string]: OcdsValue };
export type OcdsValue = string | number | boolean | null | OcdsObject | OcdsValue[];

/** OCDS Value: an amount in yuan and its currency. */
export interface OcdsAmount extends OcdsObject {
  amount: number;
  currency: 'CNY';
}

/**
 * Fen as an OCDS amount in yuan. Exact: IEEE division is correctly rounded, so fen / 100 is the double
 * nearest the decimal yuan, and JSON writes that double as the shortest decimal that reads back the
 * same: 12345 fen serialises as 123.45, never 123.45000000000001. That holds for every amount of up to
 * 15 significant digits (below 10^15 fen), which every double round-trips; the API accepts at most
 * 10^11 fen per amount (MAX_FEN).
 */
export const yuan = (fen: Fen): OcdsAmount => ({ amount: fen / 100, currency: 'CNY' });

/** What the mappers need to know beyond one fact's data: the project, and what earlier facts settled. */
export interface ReleaseContext {
  readonly projectId: string;
  /** The winning bid's id (the award's id) once an award is announced or a contract signed; contracts and challenges refer to it. */
  readonly awardId: string | null;
  /** Bidders' names, from their organisations' registrations. */
  readonly organisationNames: ReadonlyMap<string, string>;
  /** When the fact was recorded (ISO, Beijing offset). */
  readonly date: string;
}

export interface ReleaseParts {
  readonly tag: readonly OcdsTag[];
  readonly parts: OcdsObject;
}

export const OCDS_TAGS = [
  'planning', 'planningUpdate', 'tender', 'tenderAmendment', 'tenderUpdate', 'tenderCancellation', 'award', 'awardUpdate',
  'awardCancellation', 'contract', 'contractUpdate', 'contractAmendment', 'implementation', 'implementationUpdate', 'contractTermination', 'compiled',
] as const;
export type OcdsTag = (typeof OCDS_TAGS)[number];

type Mappers = { readonly [Type in ProjectEvent['type']]: (data: Extract<ProjectEvent, { type: Type }>['data'], context: ReleaseContext) => ReleaseParts | null };

/** A Beijing date (YYYY-MM-DD) as the OCDS date-time of its start. */
const dayStart = (date: string): string => chinaDateTimeOf(chinaInstant(date, 0));
const at = (instant: string): string => chinaDateTimeOf(new Date(instant));
const contractId = (projectId: string): string => `${projectId}-contract`;
const REPORT_TITLES: Record<ReportKind, string> = { monthly_brief: '月度工作简报', mid_term: '中期工作报告', final: '终期工作报告' };
/** The contract a contract-stage fact belongs to, by its award; before an award there is none. */
const contract = (context: ReleaseContext, fields: OcdsObject): OcdsObject => ({ id: contractId(context.projectId), awardID: context.awardId ?? '', ...fields });
const organisation = (id: string, context: ReleaseContext, roles: string[]): OcdsObject => ({
  id, ...(context.organisationNames.has(id) ? { name: context.organisationNames.get(id)! } : {}), roles,
});

const challengeDocument = (id: string, title: string, description: string, published: string): OcdsObject => ({
  id: `challenge-${id}`, documentType: 'complaints', title, description, datePublished: at(published),
});

export const PROJECT_RELEASES: Mappers = {
  ProjectDesigned: (d) => {
    const start = dayStart(d.period.start);
    const end = chinaDateTimeOf(addMonths(chinaInstant(d.period.start, 0), d.period.months));
    const buyer = `civil-affairs-${d.area.city}-${d.area.district}`;
    return {
      tag: ['planning'],
      parts: {
        buyer: { id: buyer, name: `${d.area.district} 民政局 (${d.area.city})` },
        parties: [{ id: buyer, name: `${d.area.district} 民政局 (${d.area.city})`, roles: ['buyer', 'procuringEntity'] }],
        planning: { budget: { amount: yuan(d.budgetFen), description: '政府购买服务预算' }, rationale: d.requirements },
        tender: {
          id: d.projectId,
          title: d.title,
          description: d.requirements,
          status: 'planning',
          mainProcurementCategory: 'services',
          value: yuan(d.budgetFen),
          contractPeriod: { startDate: start, endDate: end },
          items: d.serviceItems.map((item, index) => ({
            id: String(index + 1),
            description: item.name,
            classification: { scheme: 'wushe-service-category', id: item.category, description: SERVICE_CATEGORIES[item.category] },
          })),
        },
      },
    };
  },
  ProjectPublishedForPurchase: (d, context) => ({
    tag: ['tender'],
    parts: {
      tender: {
        id: context.projectId,
        status: 'active',
        procurementMethod: 'open',
        procurementMethodDetails: '政府购买服务 公开择优',
        tenderPeriod: { startDate: at(d.publishedAt), endDate: at(d.deadline) },
        eligibilityCriteria: d.eligibility.minimumGrade > 0 ? `${d.eligibility.description}；等级不低于 ${d.eligibility.minimumGrade}A` : d.eligibility.description,
      },
    },
  }),
  BidSubmitted: (d, context) => ({
    tag: ['tenderUpdate'],
    parts: {
      parties: [organisation(d.organisationId, context, ['tenderer'])],
      tender: { id: context.projectId, tenderers: [{ id: d.organisationId, ...(context.organisationNames.has(d.organisationId) ? { name: context.organisationNames.get(d.organisationId)! } : {}) }] },
    },
  }),
  // The bidder stays a tenderer (it did tender); the standing bids are counted when bidding closes.
  BidWithdrawn: () => null,
  BiddingClosed: (d, context) => ({
    tag: ['tenderUpdate'],
    parts: { tender: { id: context.projectId, status: 'complete', numberOfTenderers: d.bidIds.length } },
  }),
  // 中标结果公示: an OCDS award 'pending' is one "proposed, but not yet in force ... due to a cooling off period".
  AwardAnnounced: (d) => {
    const supplier = { id: d.organisationId, name: d.organisationName };
    const standstill = `质疑期 ${d.standstill.workingDays} 个工作日，至 ${d.standstill.lastDay} 止`;
    return {
      tag: ['award'],
      parts: {
        parties: [{ ...supplier, roles: ['tenderer', 'supplier'] }],
        awards: [{
          id: d.bidId, title: '中标结果公示', description: standstill, status: 'pending', date: at(d.announcedAt), value: yuan(d.priceFen), suppliers: [supplier],
          documents: [{ id: `award-notice-${d.bidId}`, documentType: 'awardNotice', title: '中标结果公告', description: standstill, datePublished: at(d.announcedAt) }],
        }],
      },
    };
  },
  // Challenges are the codelist's 'complaints' documents on the award contested. Who challenged and on what grounds
  // stay out of the public package, as out of the notice board's history (a challenge is its challenger's, read by
  // the 'bid' rule: the awarding offices and auditors, and that bidder); the bureau's answer is published.
  ChallengeLodged: (d) => ({
    tag: ['awardUpdate'],
    parts: { awards: [{ id: d.awardedBidId, documents: [challengeDocument(d.challengeId, '质疑', '供应商对中标结果提出质疑，待采购人答复', d.lodgedAt)] }] },
  }),
  ChallengeDismissed: (d, context) => ({
    tag: ['awardUpdate'],
    parts: { awards: [{ id: context.awardId ?? '', documents: [challengeDocument(`${d.challengeId}-answer`, '质疑答复：质疑不成立，维持中标结果', d.reasons, d.answeredAt)] }] },
  }),
  ChallengeUpheld: (d, context) => ({
    tag: ['awardCancellation', 'tenderUpdate'],
    parts: {
      awards: [{
        id: d.cancelledAward.bidId, status: 'cancelled',
        documents: [challengeDocument(`${d.challengeId}-answer`, '质疑答复：质疑成立，撤销中标结果，重新开放投标', d.reasons, d.answeredAt)],
      }],
      tender: { id: context.projectId, status: 'active', tenderPeriod: { endDate: at(d.biddingDeadline) } },
    },
  }),
  OrganisationContracted: (d, context) => {
    const period = { startDate: at(d.signedAt), endDate: at(d.endsAt) };
    const supplier = { id: d.organisationId, name: d.organisationName };
    return {
      tag: ['award', 'contract'],
      parts: {
        parties: [{ ...supplier, roles: ['tenderer', 'supplier'] }],
        awards: [{ id: d.bidId, status: 'active', date: at(d.signedAt), value: yuan(d.contract.priceFen), suppliers: [supplier], contractPeriod: period }],
        contracts: [{
          id: contractId(context.projectId),
          awardID: d.bidId,
          title: d.contract.content,
          description: `数量：${d.contract.quantity}；质量：${d.contract.quality}；结算方式：${d.contract.settlementMethod}`,
          status: 'active',
          value: yuan(d.contract.priceFen),
          period,
          dateSigned: at(d.signedAt),
        }],
      },
    };
  },
  // Who is on the staff is the contractor's business; that they were on post in time is the milestone below.
  ProjectStaffAssigned: () => null,
  ProjectStaffReleased: () => null,
  StaffOnPostConfirmed: (d, context) => ({
    tag: ['implementation'],
    parts: {
      contracts: [contract(context, {
        implementation: {
          milestones: [{
            id: 'staff-on-post', title: '社工到岗', type: 'delivery', status: 'met', dueDate: at(d.deadline), dateMet: at(d.confirmedAt),
            description: `到岗 ${d.staff} 人，其中持证或专业 ${d.qualified} 人（规则 1、3）`,
          }],
        },
      })],
    },
  }),
  ServiceDelivered: (d, context) => ({
    tag: ['implementation'],
    parts: {
      contracts: [contract(context, {
        implementation: {
          milestones: [{
            id: `delivery-${d.deliveryId}`, title: d.serviceItem, type: 'delivery', status: 'met', dateMet: dayStart(d.deliveredOn),
            description: `${SERVICE_CATEGORIES[d.category]}：${d.hours} 小时，服务 ${d.beneficiaries} 人（社区 ${d.communityId}）`,
          }],
        },
      })],
    },
  }),
  ReportFiled: (d, context) => ({
    tag: ['implementation'],
    parts: {
      contracts: [contract(context, {
        implementation: {
          documents: [{ id: `report-${d.reportId}`, documentType: 'physicalProgressReport', title: `${REPORT_TITLES[d.kind]}（${d.period}）`, description: d.summary, datePublished: at(d.filedAt) }],
        },
      })],
    },
  }),
  // Residents' 好差评 rate a service, not the purchase: they stay on the projects list.
  ServiceRated: () => null,
  ContractEvaluated: (d, context) => ({
    tag: ['implementationUpdate'],
    parts: {
      contracts: [contract(context, {
        implementation: {
          milestones: [{
            id: `evaluation-${d.year}`, title: `${d.year} 年度绩效评估`, type: 'assessment', status: d.continues ? 'met' : 'notMet', dateMet: at(d.evaluatedAt),
            description: `等级 ${d.grade}，${d.score} 分${d.continues ? '' : '，合同终止（规则 9）'}`,
          }],
        },
      })],
    },
  }),
  ContractTerminated: (d, context) => ({
    tag: ['contractTermination'],
    parts: { contracts: [contract(context, { status: 'cancelled', statusDetails: d.reason, period: { endDate: at(d.terminatedAt) } })] },
  }),
  ProjectCompleted: (d, context) => ({
    tag: ['contractTermination'],
    parts: {
      contracts: [contract(context, {
        status: 'terminated',
        statusDetails: `完成：服务 ${d.deliveries} 次，${d.deliveredHours} 小时，受益 ${d.beneficiariesServed} 人次`,
        period: { endDate: at(d.completedAt) },
      })],
    },
  }),
};
