import { type DonationEvent, type GrantRoundEvent, type MatchingPoolEvent, type NeedEvent, type ProjectEvent } from '#domain';
import { EVENT_DESCRIPTIONS, yuanText } from './event-descriptions.js';

/**
 * The notice-board form of a history (README "Record history"): for a reader who sees a need,
 * project or donation in its public form, a 公益创投 round without its scores, or a 配捐池 without who gave. Each fact the
 * notice board reflects, in a sentence that says no more than that board does; a fact whose
 * existence the board hides (a bid, a receipt, a declined proposal, an evaluation) is left out
 * (null). The map is exhaustive over the five unions: a new event type must decide here.
 */
type PublicDescribers<Event extends NeedEvent | ProjectEvent | DonationEvent | GrantRoundEvent | MatchingPoolEvent> = {
  readonly [Type in Event['type']]: ((data: Extract<Event, { type: Type }>['data']) => string) | null;
};

/** The full sentence, where the notice board shows all of it. */
const same = <Type extends keyof typeof EVENT_DESCRIPTIONS>(type: Type) => EVENT_DESCRIPTIONS[type];
const REPORT_LABELS = { monthly_brief: '月度工作简报', mid_term: '中期工作报告', final: '终期工作报告' } as const;

const need: PublicDescribers<NeedEvent> = {
  // Not its source, description or beneficiary: the list item's figures only.
  NeedListed: (d) => same('NeedListed')(d).replace(/，来源[^，）]*/, ''),
  NeedVerified: () => '核实需求',
  NeedReconfirmed: () => '复核需求仍然存在',
  // How many matches and their totals are on the board; which resource is not.
  NeedMatched: () => '对接资源',
  NeedCoveredByProject: null,
  NeedFulfilled: () => '需求已满足',
  NeedWithdrawn: () => '撤回需求',
  NeedMarkedStale: () => '需求失效，暂不参与对接',
  MatchProposalDeclined: null,
};

const project: PublicDescribers<ProjectEvent> = {
  ProjectDesigned: (d) => same('ProjectDesigned')({ ...d, needIds: [] }),
  ProjectPublishedForPurchase: same('ProjectPublishedForPurchase'),
  BidSubmitted: null,
  BidWithdrawn: null,
  BiddingClosed: () => '截止投标',
  // The award (中标公示) is public by law, with its standstill.
  AwardAnnounced: same('AwardAnnounced'),
  ChallengeLodged: () => '有投标人对中标结果提出质疑',
  ChallengeDismissed: () => '答复质疑：质疑不成立，维持中标结果',
  ChallengeUpheld: (d) => `答复质疑：质疑成立，撤销中标，重新开放投标至 ${d.biddingDeadline}`,
  OrganisationContracted: (d) => `与 ${d.organisationName}（${d.organisationId}）签订购买服务合同：${yuanText(d.contract.priceFen)}`,
  ProjectStaffAssigned: () => '派驻社工 1 名',
  ProjectStaffReleased: () => '社工 1 名离岗',
  StaffOnPostConfirmed: same('StaffOnPostConfirmed'),
  ServiceDelivered: (d) => `提供服务：${d.deliveredOn}，${d.hours} 小时，服务 ${d.beneficiaries} 人`,
  ReportFiled: (d) => `提交${REPORT_LABELS[d.kind]}（${d.period}）`,
  ServiceRated: (d) => `居民评价：${d.rating === 'good' ? '好评' : '差评'}`,
  ContractEvaluated: null,
  ContractTerminated: () => '终止合同',
  ProjectCompleted: () => '项目完成',
};

const donation: PublicDescribers<DonationEvent> = {
  // The donor as the board names it (匿名 for residents: the fact stores only that display name).
  DonationPledged: same('DonationPledged'),
  DonationMatched: () => '对接资源',
  DonationMatchReleased: () => '撤回一笔对接，退回未分配余额',
  DonationDisbursed: () => '拨付资金',
  DonationReceipted: null,
  DonationReceiptCorrected: null,
  DonationRefunded: () => '退款',
  DonationExpired: (d) => `认捐到期（${d.expiresOn}）`,
};

const grantRound: PublicDescribers<GrantRoundEvent> = {
  GrantRoundOpened: same('GrantRoundOpened'),
  // How many reviewers and reviews the round's detail shows; who, their ties and their scores it does not.
  GrantReviewerAppointed: () => '聘请评审专家',
  GrantApplicationSubmitted: same('GrantApplicationSubmitted'),
  GrantApplicationWithdrawn: (d) => `撤回申报 ${d.applicationId}`,
  GrantApplicationsClosed: same('GrantApplicationsClosed'),
  GrantApplicationScored: (d) => `评审专家为申报 ${d.applicationId} 评分`,
  // The detail counts recusals per application; who and why it does not show.
  GrantReviewerRecused: (d) => `一名评审专家回避申报 ${d.applicationId}`,
  GrantRoundAwarded: same('GrantRoundAwarded'),
};

const matchingPool: PublicDescribers<MatchingPoolEvent> = {
  // The sponsor, its terms and its top-ups are the pool's notice; its gifts are counted, never who gave or how much
  // (a gift's match, or the balance after it, would tell its amount; an unmatched gift's reason may name the sponsor).
  MatchingPoolPledged: same('MatchingPoolPledged'),
  GiftMatched: () => '配捐一笔捐赠',
  GiftLeftUnmatched: null,
  GiftMatchReversed: () => '撤回一笔配捐（捐赠已撤回）',
  MatchingPoolToppedUp: (d) => `追加配捐 ${yuanText(d.amountFen)}：配捐池共 ${yuanText(d.pledgedFen)}`,
  MatchingPoolClosed: () => '提前关闭配捐池：此后的捐赠不再配捐',
};

const PUBLIC_DESCRIPTIONS: Readonly<Record<string, ((data: never) => string) | null>> = { ...need, ...project, ...donation, ...grantRound, ...matchingPool };

/** The notice board's sentence for a fact, or null when the board does not show the fact at all. */
export const describePublicly = (type: string, data: unknown): string | null => {
  const describe = PUBLIC_DESCRIPTIONS[type] as ((data: unknown) => string) | null | undefined;
  return describe ? describe(data) : null;
};
