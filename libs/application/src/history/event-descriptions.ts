import {
  chinaDateOf, DONOR_KINDS, ORGANISATION_KINDS, SERVICE_CATEGORIES, SOCIAL_WORKER_GRADES, type CommunityEvent, type DomainEvent, type DonationEvent,
  type DonationTarget, type ElderEvent, ELDER_CIRCUMSTANCES, ELDER_REMOVAL_REASONS, HOME_VISIT_OUTCOMES, HOME_VISITOR_KINDS, type EventCorrected, type Fen,
  type MatchingPoolEvent, UNMATCHED_REASONS, GRANT_FUNDER_KINDS, GRANT_OUTCOMES, GRANT_RECUSAL_REASONS, type GrantRoundEvent, type NeedEvent, type OrganisationEvent, type PersonEvent, type ProjectEvent, type ServiceCategory,
  type SocialWorkerEvent, type Urgency, type VolunteerAssignmentTarget, type VolunteerEvent, type WebhookEvent,
} from '#domain';

/**
 * What each stored fact says, in a sentence a committee member reads (issue 12 item 1). One
 * describer per event type, all here: the map's type is exhaustive over every aggregate's event
 * union, so a new event type that has no description here does not compile. The sentence is the
 * predicate; the history puts who acted in front of it (居委会 c-1 + 发布需求：…).
 */
export type RecordedFact =
  | CommunityEvent
  | OrganisationEvent
  | SocialWorkerEvent
  | VolunteerEvent
  | DonationEvent
  | MatchingPoolEvent
  | GrantRoundEvent
  | NeedEvent
  | ProjectEvent
  | WebhookEvent
  | PersonEvent
  | ElderEvent
  | EventCorrected;

type Describers<Event extends DomainEvent> = { readonly [Type in Event['type']]: (data: Extract<Event, { type: Type }>['data']) => string };

/** 减负: how many figures the report filed, and how many differ from the facts at filing time. */
const figuresText = (figures: readonly { fromFacts: number; filed: number }[]): string => {
  if (figures.length === 0) return '';
  const differing = figures.filter((figure) => figure.filed !== figure.fromFacts).length;
  return `；报送数据 ${figures.length} 项${differing > 0 ? `，其中 ${differing} 项与系统记录不一致` : '，均与系统记录一致'}`;
};

/** Fen as yuan, exactly (integer arithmetic): 123456 -> '1,234.56 元'. */
export const yuanText = (fen: Fen): string => {
  const sign = fen < 0 ? '-' : '';
  const whole = Math.trunc(Math.abs(fen) / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(Math.abs(fen) % 100).padStart(2, '0')} 元`;
};

const category = (code: ServiceCategory): string => SERVICE_CATEGORIES[code] ?? code;
const categories = (codes: readonly ServiceCategory[]): string => codes.map(category).join('、');
const URGENCY_LABELS: Record<Urgency, string> = { low: '低', medium: '中', high: '高', critical: '紧急' };
const NEED_SOURCE_LABELS: Record<string, string> = { visit: '走访', hotline: '热线', questionnaire: '问卷', grid_worker: '网格员', other: '其他' };
const RESOURCE_LABELS = { money: '资金', goods: '物资', venue_time: '场地时间' } as const;
const REPORT_LABELS = { monthly_brief: '月度工作简报', mid_term: '中期工作报告', final: '终期工作报告' } as const;
const EVALUATION_LABELS = { excellent: '优秀', good: '良好', qualified: '合格', unqualified: '不合格' } as const;
const RESOURCE_KIND_LABELS = { donation: '捐赠', volunteer: '志愿者', social_worker: '社工', organisation: '社会组织' } as const;
const reasonText = (reason: string | null | undefined): string => (reason ? `，原因：${reason}` : '');
const donationTarget = (target: DonationTarget): string => (target.kind === 'need' ? `需求 ${target.needId}` : `项目 ${target.projectId}`);
const volunteerTarget = (target: VolunteerAssignmentTarget): string => (target.kind === 'need' ? `需求 ${target.needId}` : `项目 ${target.projectId}`);
const grade = (value: number): string => (value > 0 ? `${value}A` : '无等级');

const community: Describers<CommunityEvent> = {
  CommunityRegistered: (d) => `登记社区：${d.name}（${d.kind === 'urban' ? '城市社区' : '农村社区'}，${d.residents} 人，${d.households} 户）`,
  CommunityPopulationUpdated: (d) => `更新人口：${d.previousResidents} 人 → ${d.residents} 人，${d.previousHouseholds} 户 → ${d.households} 户`,
};

const organisation: Describers<OrganisationEvent> = {
  OrganisationRegistered: (d) =>
    `登记${ORGANISATION_KINDS[d.kind] ?? d.kind}：${d.name}（统一社会信用代码 ${d.unifiedSocialCreditCode}，服务 ${categories(d.serviceCategories)}，可同时承接 ${d.capacity} 个项目）`,
  AnnualInspectionPassed: (d) => `${d.year} 年度检查合格`,
  AnnualInspectionFailed: (d) => `${d.year} 年度检查不合格${reasonText(d.reason)}（不得参与投标，规则 11）`,
  OrganisationGraded: (d) => `${d.year} 年等级评估：${grade(d.previousGrade)} → ${grade(d.grade)}`,
  OrganisationSuspended: (d) => `暂停活动${reasonText(d.reason)}`,
  OrganisationReinstated: (d) => `恢复活动${reasonText(d.reason)}`,
  OrganisationDeregistered: (d) =>
    `注销登记${reasonText(d.reason)}${d.heldStationProjectIds.length > 0 ? `；仍持有社工站合同：${d.heldStationProjectIds.join('、')}` : ''}`,
  StationContractRecorded: (d) => `承接${d.stationLevel === 'general' ? '社工总站' : '街道社工站'}：项目 ${d.projectId}（${d.district}）`,
  StationContractReleased: (d) => `不再承接${d.stationLevel === 'general' ? '社工总站' : '街道社工站'}：项目 ${d.projectId}${reasonText(d.reason)}`,
};

const socialWorker: Describers<SocialWorkerEvent> = {
  SocialWorkerRegistered: (d) =>
    `登记社工（${d.base.level === 'community' ? `驻社区 ${d.base.area.community}` : `区社工总站 ${d.base.district}`}${d.hasSocialWorkDegree ? '，社会工作专业学历' : ''}${d.employerOrganisationId ? `，受聘于 ${d.employerOrganisationId}` : ''}）`,
  SocialWorkerCertified: (d) => `取得${SOCIAL_WORKER_GRADES[d.grade]}证书（${d.certificateNumber}，${d.certifiedOn}）`,
  SocialWorkerEmployed: (d) => (d.employerOrganisationId ? `受聘于 ${d.employerOrganisationId}` : `与 ${d.previousEmployerOrganisationId ?? '原机构'} 解除聘用`),
  SocialWorkerAssigned: (d) => `派驻项目 ${d.projectId}：每周 ${d.hoursPerWeek} 小时（合计每周 ${d.totalHoursPerWeek} 小时）`,
  SocialWorkerReleased: (d) => `撤离项目 ${d.projectId}，释放每周 ${d.hoursPerWeek} 小时${reasonText(d.reason)}`,
  SocialWorkerDeregistered: (d) => `注销社工登记${reasonText(d.reason)}`,
};

const volunteer: Describers<VolunteerEvent> = {
  VolunteerRegistered: (d) => `实名登记志愿者（社区 ${d.area.community}，${d.registeredOn}）`,
  VolunteerSkillsDeclared: (d) => `申报技能：${d.skills.join('、') || '无'}（服务类别 ${categories(d.categories) || '无'}）`,
  VolunteerAvailabilityDeclared: (d) => `申报可服务时间：每周 ${d.hoursPerWeek} 小时${d.windows.length > 0 ? `，${d.windows.length} 个固定时段` : '，时间另约'}`,
  VolunteerAssigned: (d) => `安排服务 ${volunteerTarget(d.target)}：每周 ${d.hoursPerWeek} 小时，自 ${d.assignedOn} 起`,
  VolunteerAssignmentEnded: (d) => `结束服务 ${volunteerTarget(d.target)}（${d.endedOn}）${reasonText(d.reason)}`,
  VolunteerHoursLogged: (d) =>
    `${d.status === 'pending' ? '志愿者自报服务时长（待协调人确认）' : '记录服务时长'}：${d.servedOn} 为 ${volunteerTarget(d.target)} 服务 ${d.hours} 小时（记录 ${d.entryId}）`,
  VolunteerHoursConfirmed: (d) => `协调人确认服务时长：${d.servedOn} 为 ${volunteerTarget(d.target)} 服务 ${d.hours} 小时，计入时长（记录 ${d.entryId}）`,
  VolunteerHoursDeclined: (d) => `协调人未予确认服务时长：${d.servedOn} ${d.hours} 小时不计入（记录 ${d.entryId}）${reasonText(d.reason)}`,
  VolunteerServiceSessionOpened: (d) => `开启签到场次 ${d.sessionId}：${volunteerTarget(d.target)}`,
  VolunteerCheckedIn: (d) => `扫码签到（场次 ${d.sessionId}）`,
  VolunteerCheckedOut: (d) => `扫码签退（场次 ${d.sessionId}）：${d.servedOn} 为 ${volunteerTarget(d.target)} 服务 ${d.hours} 小时`,
  VolunteerDeregistered: (d) => `注销志愿者登记${reasonText(d.reason)}`,
};

const donation: Describers<DonationEvent> = {
  DonationPledged: (d) =>
    `认捐${RESOURCE_LABELS[d.resource]}：${d.donor.displayName}（${DONOR_KINDS[d.donor.kind]}）${yuanText(d.amountFen)}` +
    `${d.earmark ? `，定向${d.earmark.category ? ` ${category(d.earmark.category)}` : ''}${d.earmark.district ? ` ${d.earmark.district}` : ''}${d.earmark.street ? ` ${d.earmark.street}` : ''}${d.earmark.community ? ` ${d.earmark.community}` : ''}` : ''}` +
    `${d.expiresOn ? `，${d.expiresOn} 前有效` : ''}`,
  DonationMatched: (d) => `${d.automatic ? '自动' : ''}对接${donationTarget(d.target)}：${yuanText(d.amountFen)}，剩余未分配 ${yuanText(d.balanceFen)}`,
  DonationMatchReleased: (d) => `撤回对${donationTarget(d.target)}的对接：${yuanText(d.amountFen)} 退回未分配余额（现为 ${yuanText(d.balanceFen)}）${reasonText(d.reason)}`,
  DonationDisbursed: (d) => `向${donationTarget(d.target)}拨付 ${yuanText(d.amountFen)}（该对接累计拨付 ${yuanText(d.disbursedFen)}）`,
  DonationReceipted: (d) => `开具公益事业捐赠票据 ${d.receiptNumber}${d.amountFen === null ? '' : `：${yuanText(d.amountFen)}`}`,
  DonationReceiptCorrected: (d) =>
    d.voided ? `作废捐赠票据 ${d.receiptNumber}（原 ${yuanText(d.previousAmountFen)}，退款 ${yuanText(d.refundedFen)}）` : `更正捐赠票据 ${d.receiptNumber}：${yuanText(d.previousAmountFen)} → ${yuanText(d.amountFen)}（退款 ${yuanText(d.refundedFen)}）`,
  DonationRefunded: (d) => `退款 ${yuanText(d.amountFen)}，剩余未分配 ${yuanText(d.balanceFen)}${reasonText(d.reason)}`,
  DonationExpired: (d) => `认捐到期（${d.expiresOn}）：未分配的 ${yuanText(d.unallocatedFen)} 不再参与对接（仍可退款）`,
};

const LIMIT_LABELS = { donor_cap: '该捐赠人配捐上限', target_cap: '该需求或项目配捐上限', pool_balance: '配捐池余额' } as const;
const matchingPool: Describers<MatchingPoolEvent> = {
  MatchingPoolPledged: (d) =>
    `设立配捐池：${d.sponsor.displayName}（${DONOR_KINDS[d.sponsor.kind]}）${yuanText(d.pledgedFen)}，比例 ${d.ratio.gift}:${d.ratio.match}，` +
    `每位捐赠人最多配 ${yuanText(d.perDonorCapFen)}，每个需求或项目最多配 ${yuanText(d.perTargetCapFen)}，北京时间 ${d.opensAt.replace('T', ' ')} 至 ${d.closesAt.replace('T', ' ')}` +
    `${d.categories ? `，限 ${categories(d.categories)}` : ''}`,
  GiftMatched: (d) =>
    `配捐捐赠 ${d.donationId} 对${donationTarget(d.target)}的 ${yuanText(d.giftFen)}：配 ${yuanText(d.matchFen)}` +
    `${d.limitedBy ? `（按比例应配 ${yuanText(d.ratioFen)}，受${LIMIT_LABELS[d.limitedBy]}所限）` : ''}，配捐池余额 ${yuanText(d.balanceFen)}`,
  GiftLeftUnmatched: (d) => `未配捐捐赠 ${d.donationId} 对${donationTarget(d.target)}的 ${yuanText(d.giftFen)}：${UNMATCHED_REASONS[d.reason] ?? d.reason}`,
  GiftMatchReversed: (d) => `撤回对捐赠 ${d.donationId} 的配捐 ${yuanText(d.matchFen)}（捐赠已撤回），配捐池余额 ${yuanText(d.balanceFen)}${reasonText(d.reason)}`,
  MatchingPoolToppedUp: (d) => `追加配捐 ${yuanText(d.amountFen)}：配捐池共 ${yuanText(d.pledgedFen)}，余额 ${yuanText(d.balanceFen)}`,
  MatchingPoolClosed: (d) => `提前关闭配捐池：此后的捐赠不再配捐，未用完的 ${yuanText(d.balanceFen)} 留归配捐方`,
};

const grantRound: Describers<GrantRoundEvent> = {
  GrantRoundOpened: (d) =>
    `发布公益创投：${d.title}（${GRANT_FUNDER_KINDS[d.funder.kind] ?? d.funder.kind} ${d.funder.name}），资助总额 ${yuanText(d.budgetFen)}，` +
    `评分标准 ${d.criteria.map((criterion) => `${criterion.name} ${criterion.points} 分`).join('、')}，立项分数线 ${d.passingScore} 分，` +
    `申报截止北京时间 ${d.applicationDeadline.replace('T', ' ')}，评审截止 ${d.reviewDeadline.replace('T', ' ')}`,
  GrantReviewerAppointed: (d) => `聘请第 ${d.reviewerNumber} 号评审专家${d.declaredTies.length > 0 ? `（申报回避 ${d.declaredTies.join('、')}）` : ''}`,
  GrantApplicationSubmitted: (d) =>
    `${d.organisation.name} 申报项目「${d.design.title}」（${category(d.design.category)}，服务 ${d.design.communityIds.join('、')}），申请资助 ${yuanText(d.requestedFen)}`,
  GrantApplicationWithdrawn: (d) => `撤回申报 ${d.applicationId}${reasonText(d.reason)}`,
  GrantApplicationsClosed: (d) => `截止申报，共 ${d.applications} 份申报`,
  GrantApplicationScored: (d) => `第 ${d.reviewerNumber} 号评审专家为申报 ${d.applicationId} 评分：${d.totalScore} 分`,
  GrantReviewerRecused: (d) => `第 ${d.reviewerNumber} 号评审专家回避申报 ${d.applicationId}（${GRANT_RECUSAL_REASONS[d.reason] ?? d.reason}）`,
  GrantRoundAwarded: (d) =>
    `公布立项结果：资助 ${d.awards.length} 个项目共 ${yuanText(d.awardedFen)}，结余 ${yuanText(d.unawardedFen)}` +
    `${d.ranking.length > 0 ? `（${d.ranking.map((entry) => `${entry.rank}. ${entry.applicationId} ${entry.meanScore} 分 ${GRANT_OUTCOMES[entry.outcome] ?? entry.outcome}${entry.reviewsRequired !== undefined && entry.reviews < entry.reviewsRequired ? `，评审 ${entry.reviews}/${entry.reviewsRequired} 份` : ''}`).join('；')}）` : ''}` +
    `${(d.unreviewed ?? []).length > 0 ? `；评审截止时无人评分、未排名：${d.unreviewed!.map((entry) => entry.applicationId).join('、')}` : ''}`,
};

const need: Describers<NeedEvent> = {
  NeedListed: (d) =>
    `发布需求：${d.title}，${d.beneficiaries} 人（${category(d.category)}，紧急程度${URGENCY_LABELS[d.urgency]}，来源${NEED_SOURCE_LABELS[d.source] ?? d.source}` +
    `${d.amountFen !== null ? `，资金缺口 ${yuanText(d.amountFen)}` : ''}${d.hoursPerWeek !== null ? `，每周 ${d.hoursPerWeek} 小时` : ''}）`,
  NeedVerified: () => '核实需求',
  NeedReconfirmed: (d) => `复核需求仍然存在${d.note ? `：${d.note}` : ''}`,
  NeedMatched: (d) =>
    `对接资源：${RESOURCE_KIND_LABELS[d.resource.kind]} ${d.resource.id}${d.amountFen !== null ? `，${yuanText(d.amountFen)}` : ''}${d.hoursPerWeek !== null ? `，每周 ${d.hoursPerWeek} 小时` : ''}${d.firstMatch ? '（首次对接）' : ''}`,
  NeedCoveredByProject: (d) => `纳入项目 ${d.projectId}`,
  NeedFulfilled: (d) => `需求已满足：${d.note}`,
  NeedWithdrawn: (d) => `撤回需求${reasonText(d.reason)}`,
  NeedMarkedStale: (d) => `需求失效：自 ${chinaDateOf(new Date(d.lastConfirmedAt))} 起 ${d.staleAfterDays} 天未复核，暂不参与对接`,
  MatchProposalDeclined: (d) => `拒绝推荐的资源 ${d.resourceKey}${reasonText(d.reason)}`,
};

const project: Describers<ProjectEvent> = {
  ProjectDesigned: (d) =>
    `设计项目：${d.title}（${d.kind === 'social_work_station' ? (d.stationLevel === 'general' ? '社工总站' : '街道社工站') : '服务项目'}，${categories(d.categories)}，预算 ${yuanText(d.budgetFen)}，` +
    `自 ${d.period.start} 起 ${d.period.months} 个月${d.needIds.length > 0 ? `，回应需求 ${d.needIds.join('、')}` : ''}）`,
  ProjectPublishedForPurchase: (d) => `发布政府购买服务公告，投标截止 ${d.deadline}${d.eligibility.minimumGrade > 0 ? `，投标人须达 ${d.eligibility.minimumGrade}A` : ''}`,
  BidSubmitted: (d) => `${d.organisationId} 投标：报价 ${yuanText(d.priceFen)}`,
  BidWithdrawn: (d) => `${d.organisationId} 撤回投标 ${d.bidId}`,
  BiddingClosed: (d) => `截止投标：有效投标 ${d.bidIds.length} 份`,
  AwardAnnounced: (d) =>
    `公示中标结果：${d.organisationName}（${d.organisationId}）中标，报价 ${yuanText(d.priceFen)}；质疑期 ${d.standstill.workingDays} 个工作日，至 ${d.standstill.lastDay} 止，期满且无未答复质疑方可签约`,
  ChallengeLodged: (d) => `${d.organisationId} 对中标结果（${d.awardedBidId}）提出质疑 ${d.challengeId}：${d.grounds}`,
  ChallengeDismissed: (d) => `答复质疑 ${d.challengeId}（${d.organisationId}）：质疑不成立，维持中标结果。理由：${d.reasons}`,
  ChallengeUpheld: (d) =>
    `答复质疑 ${d.challengeId}（${d.organisationId}）：质疑成立，撤销 ${d.cancelledAward.organisationId} 的中标，重新开放投标至 ${d.biddingDeadline}，` +
    `原有效投标继续有效${d.lapsedChallengeIds.length > 0 ? `，质疑 ${d.lapsedChallengeIds.join('、')} 随之终结` : ''}。理由：${d.reasons}`,
  OrganisationContracted: (d) =>
    `与 ${d.organisationName}（${d.organisationId}）签订购买服务合同：${yuanText(d.contract.priceFen)}，${d.contract.termMonths} 个月，结算方式：${d.contract.settlementMethod}`,
  ProjectStaffAssigned: (d) => `派驻社工 ${d.socialWorkerId}${d.qualified ? '（持证或专业学历）' : ''}`,
  ProjectStaffReleased: (d) => `社工 ${d.socialWorkerId} 离岗，剩余 ${d.remainingStaff} 人（其中持证或专业 ${d.remainingQualified} 人）${reasonText(d.reason)}`,
  StaffOnPostConfirmed: (d) => `确认社工到岗：${d.staff} 人（其中持证或专业 ${d.qualified} 人）`,
  ServiceDelivered: (d) =>
    `提供服务：${d.deliveredOn} ${d.serviceItem}（${category(d.category)}），${d.hours} 小时，服务 ${d.beneficiaries} 人，社工 ${d.socialWorkerIds.length} 名、志愿者 ${d.volunteerIds.length} 名，社区 ${d.communityId}`,
  ReportFiled: (d) => `提交${REPORT_LABELS[d.kind]}（${d.period}）：${d.summary}${figuresText(d.figures)}`,
  ServiceRated: (d) => `居民评价：${d.rating === 'good' ? '好评' : '差评'}，${d.score} 分${d.comment ? `：${d.comment}` : ''}`,
  ContractEvaluated: (d) => `${d.year} 年度绩效评估：${EVALUATION_LABELS[d.grade]}（${d.score} 分）${d.continues ? '，合同继续' : '，合同终止（规则 9）'}`,
  ContractTerminated: (d) => `终止与 ${d.organisationId} 的合同${d.reason === 'annual_evaluation_unqualified' ? '：年度评估不合格（规则 9）' : reasonText(d.reason)}`,
  ProjectCompleted: (d) => `项目完成：服务 ${d.deliveries} 次，${d.deliveredHours} 小时，受益 ${d.beneficiariesServed} 人次`,
};

const WEBHOOK_SUBSCRIBER_LABELS = { organisation: '社会组织', community: '社区', donor: '捐赠人' } as const;
const WEBHOOK_TOPIC_LABELS = { proposals: '匹配建议', matches: '匹配结果', deadlines: '截止提醒' } as const;

const webhook: Describers<WebhookEvent> = {
  // The URL is shown without its path and query, which may carry the integrator's own tokens.
  WebhookSubscribed: (d) =>
    `${WEBHOOK_SUBSCRIBER_LABELS[d.subscriber.kind]}订阅对接通知：发送至 ${URL.canParse(d.url) ? new URL(d.url).origin : '（无效地址）'}，内容：${d.topics.map((topic) => WEBHOOK_TOPIC_LABELS[topic]).join('、')}`,
  WebhookSecretRotated: (d) => `更换通知签名密钥（第 ${d.secretVersion} 版）`,
  WebhookSubscriptionRemoved: () => '取消对接通知订阅，待发送的通知不再发送',
};

const PERSON_RECORD_LABELS = { volunteer: '志愿者', socialWorker: '社工', need: '需求', donation: '捐赠', elder: '特殊困难老年人名册' } as const;
const person: Describers<PersonEvent> = {
  PersonalDataErased: (d) =>
    `依法删除个人信息（${d.records.map((record) => `${PERSON_RECORD_LABELS[record.kind]} ${record.id}`).join('、')} 所载实名信息）：个人密钥已销毁，记录只保留假名编号`,
};

const elder: Describers<ElderEvent> = {
  ElderInDifficultyRegistered: (d) => `登记特殊困难老年人（${d.circumstances.map((each) => ELDER_CIRCUMSTANCES[each] ?? each).join('、')}），纳入每月走访`,
  HomeVisitRecorded: (d) =>
    `记录 ${d.visitedOn} 上门走访：${HOME_VISITOR_KINDS[d.visitor.kind] ?? d.visitor.kind}走访，${HOME_VISIT_OUTCOMES[d.outcome] ?? d.outcome}`,
  ElderInDifficultyRemoved: (d) => `移出特殊困难老年人名册，原因：${ELDER_REMOVAL_REASONS[d.reason] ?? d.reason}`,
};

const correction: Describers<EventCorrected> = {
  EventCorrected: (d) => `更正事实 ${d.correctedEventId}（${d.correctedType}）的数据${reasonText(d.reason)}`,
};

/** Every event type's describer, in one map that must name them all. */
export const EVENT_DESCRIPTIONS: Describers<RecordedFact> = {
  ...community, ...organisation, ...socialWorker, ...volunteer, ...donation, ...matchingPool, ...grantRound, ...need, ...project, ...webhook, ...person, ...elder, ...correction,
};

/** The sentence for one fact in its current shape (upcast); a type this build does not know says so. */
export const describeFact = (type: string, data: unknown): string => {
  const describe = (EVENT_DESCRIPTIONS as Record<string, ((data: unknown) => string) | undefined>)[type];
  return describe ? describe(data) : `记录了本版本不认识的事实 ${type}`;
};
