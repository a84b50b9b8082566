/** Chinese labels of the API's codes (the API speaks English identifiers; users read these). */
export const CATEGORIES: Record<string, string> = {
  elderly_care: '养老服务', child_welfare: '儿童关爱', disability_support: '助残服务', social_assistance: '社会救助',
  family_support: '家庭服务', mental_health: '心理健康', health: '健康服务', education: '教育辅导', employment: '就业帮扶',
  community_governance: '社区治理', culture_sports: '文体活动', emergency_relief: '应急救助',
};
export const URGENCIES: Record<string, string> = { low: '一般', medium: '较急', high: '紧急', critical: '特急' };
export const NEED_SOURCES: Record<string, string> = { visit: '入户走访', hotline: '热线电话', questionnaire: '问卷调查', grid_worker: '网格员上报', other: '其他' };
export const NEED_STATUSES: Record<string, string> = { listed: '已登记', verified: '已核实', matched: '已匹配', covered: '项目覆盖', fulfilled: '已办结', withdrawn: '已撤回' };
export const PROJECT_STATUSES: Record<string, string> = {
  designed: '已设计', published: '招标中', bidding_closed: '已截标', awarded: '公示期', challenged: '质疑中', contracted: '已签约', terminated: '已终止', completed: '已完成',
};
export const PROJECT_KINDS: Record<string, string> = { service_project: '服务项目', social_work_station: '社工站' };
export const BID_STATUSES: Record<string, string> = { submitted: '已投标', withdrawn: '已撤回', standing: '有效', awarded: '拟中标', won: '中标', lost: '未中标' };
export const CHALLENGE_STATUSES: Record<string, string> = { open: '待答复', upheld: '质疑成立', dismissed: '质疑不成立', lapsed: '随中标撤销终结' };
export const DONATION_STATUSES: Record<string, string> = { open: '可分配', allocated: '已分配', expired: '已过期', refunded: '已退回' };
export const DONATED_RESOURCES: Record<string, string> = { money: '资金', goods: '物资', venue_time: '场地时间' };
export const DONOR_KINDS: Record<string, string> = {
  enterprise: '企业', resident: '居民', community_foundation: '社区基金会', charity_federation: '慈善总会', charity_base: '慈善基地', other: '其他',
};
export const ORGANISATION_KINDS: Record<string, string> = {
  social_organisation: '社会组织', social_work_agency: '社工机构', enterprise: '企业', mass_organisation: '群团组织', public_institution: '事业单位',
};
export const REPORT_KINDS: Record<string, string> = { monthly_brief: '月度简报', mid_term: '中期报告', final: '结项报告' };
export const EVALUATION_GRADES: Record<string, string> = { excellent: '优秀', good: '良好', qualified: '合格', unqualified: '不合格' };
export const ROLES: Record<string, string> = {
  community_committee: '社区居委会', civil_affairs_bureau: '民政部门', social_organisation: '社会组织', social_worker: '社会工作者',
  volunteer: '志愿者', donor: '捐赠方', charity_base: '慈善基地', resident: '居民', analytics_reader: '数据分析', auditor: '审计',
};
export const RESOURCE_KINDS: Record<string, string> = { donation: '捐赠', volunteer: '志愿者', 'social-worker': '社工', social_worker: '社工', organisation: '社会组织', project: '项目' };

export const label = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '—');
export const options = (table: Record<string, string>) => Object.entries(table).map(([value, text]) => ({ value, label: text }));

/** Fen (分) as yuan, the way a Chinese finance form writes it: ¥1,234.50. */
export const yuan = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '—' : `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** An instant in Beijing time, to the minute. */
export const beijing = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—';

/** Today's date in Beijing (YYYY-MM-DD), as the API's calendar dates are. */
export const beijingToday = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Volunteer hours (志愿服务时长): self-reported ones count once the coordinator confirms them. */
export const HOURS_STATUSES: Record<string, string> = { pending: '待确认', confirmed: '已确认', declined: '未通过' };
export const HOURS_SOURCES: Record<string, string> = { self_reported: '本人填报', coordinator: '协调人录入', session: '扫码签到' };
export const hoursStatusType = (status: string) => (({ pending: 'warning', confirmed: 'success', declined: 'danger' }) as const)[status as 'pending'] ?? 'info';

/** 特殊困难老年人 (libs/domain/src/elder/elder.events.ts): why the community keeps an eye on the person, who visited, what they found. */
export const ELDER_CIRCUMSTANCES: Record<string, string> = {
  living_alone: '独居', empty_nest: '空巢', left_behind: '留守', disabled: '失能半失能', low_income: '低保特困', advanced_age: '高龄',
};
export const HOME_VISITOR_KINDS: Record<string, string> = { committee_member: '社区工作人员', social_worker: '社工', volunteer: '志愿者' };
export const HOME_VISIT_OUTCOMES: Record<string, string> = { well: '安好', concern: '发现问题，需跟进', urgent: '紧急情况，已处置或转介', not_met: '未见到本人（不计入探访率）' };
export const ELDER_REMOVAL_REASONS: Record<string, string> = { deceased: '去世', moved_away: '迁出', entered_care_home: '入住养老机构', no_longer_in_difficulty: '不再属于特殊困难' };

/** 配捐 (libs/domain/src/matching-pool/matching-pool.events.ts): who pledges a pool, and why a gift drew nothing from it. */
export const POOL_SPONSOR_KINDS: Record<string, string> = { enterprise: '企业', community_foundation: '社区基金会', charity_federation: '慈善总会', charity_base: '慈善基地', other: '其他组织' };
export const POOL_WINDOWS: Record<string, string> = { upcoming: '未开始', open: '配捐中', closed: '已结束' };
export const UNMATCHED_REASONS: Record<string, string> = {
  pool_exhausted: '配捐池已用完', donor_cap_reached: '该捐赠人的配捐已达上限', target_cap_reached: '该需求或项目的配捐已达上限', outside_window: '不在配捐时段内',
  pool_owner_gift: '配捐方自己的捐赠不配捐', outside_pool_scope: '不在配捐范围（区域或类别）内', not_money: '物资和场地不配捐', below_one_fen: '按比例不足 1 分',
};
export const MATCH_LIMITS: Record<string, string> = { donor_cap: '受捐赠人上限限制', target_cap: '受需求或项目上限限制', pool_balance: '受配捐池余额限制' };
