/**
 * The API's stable error codes in the words a user reads. A code the console does not know yet falls back
 * to a general sentence with the code (never the raw JSON); VALIDATION_FAILED is mapped field by field.
 */
const MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查标出的字段',
  MALFORMED_JSON: '请求格式有误',
  NETWORK_UNAVAILABLE: '无法连接服务，请检查网络后重试',
  INVALID_TEXT: '文字中含有不允许的字符',
  AUTHENTICATION_REQUIRED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  TOKEN_INVALID: '登录凭证无效，请重新登录',
  ROLE_NOT_ALLOWED: '该角色不能使用本系统',
  ROLE_NOT_PERMITTED: '您的角色无权进行此操作',
  OUTSIDE_YOUR_AREA: '超出您所辖区域，无权查看或操作',
  NOT_YOUR_RECORD: '只能操作本人（本单位）的记录',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  SHUTTING_DOWN: '服务正在重启，请稍后再试',
  READ_MODEL_NOT_CAUGHT_UP: '数据正在更新，请稍后刷新',
  DEMO_USER_UNKNOWN: '没有这个演示账号',
  COMMUNITY_NOT_FOUND: '社区不存在（请先由民政部门登记该社区）',
  COMMUNITY_ALREADY_REGISTERED: '该社区编码已登记',
  NEED_NOT_FOUND: '需求不存在',
  NEED_ALREADY_FULFILLED: '该需求已办结',
  NEED_WITHDRAWN: '该需求已撤回',
  PROJECT_NOT_FOUND: '项目不存在',
  ORGANISATION_NOT_FOUND: '社会组织不存在',
  VOLUNTEER_NOT_FOUND: '志愿者不存在',
  DONATION_NOT_FOUND: '捐赠不存在',
  DONATION_BALANCE_EXCEEDED: '超出捐赠余额（规则 12）',
  EARMARK_MISMATCH: '与捐赠的定向用途不符（规则 12）',
  MATCH_DECIDED_BY_RESOURCE: '该匹配应由资源方（捐赠方、志愿者或组织）决定',
  PROPOSAL_NOT_FOUND: '该匹配建议已不存在，请刷新',
  BIDDER_NOT_ELIGIBLE: '该组织不具备投标资格（规则 7、11）',
  BIDDING_STILL_OPEN: '投标截止时间未到，暂不能截标',
  BIDDING_CLOSED: '投标已截止',
  AWARD_NOT_ANNOUNCED: '请先公示中标结果：质疑期满后方可签约',
  STANDSTILL_PERIOD_RUNNING: '质疑期未满，暂不能签订合同',
  CHALLENGE_OPEN: '有质疑尚未答复，暂不能签订合同',
  AWARD_ALREADY_ANNOUNCED: '已公示其他投标中标；如需变更，须经质疑成立撤销',
  CHALLENGE_PERIOD_OVER: '质疑期已届满，不再受理质疑',
  NOT_A_BIDDER: '只有参与本项目投标的组织可以提出质疑',
  AWARDEE_CANNOT_CHALLENGE: '中标组织不能对本项目中标结果提出质疑',
  CHALLENGE_ALREADY_ANSWERED: '该质疑已答复',
  CONTRACT_TERMS_INCOMPLETE: '合同缺少必备条款（规则 4：服务内容、期限、数量、质量、价格、结算方式）',
  CONTRACT_EXCEEDS_BUDGET: '合同价格超出项目预算',
  CONTRACT_PRICE_INVALID: '合同价格应与中标价一致',
  BIDDING_DEADLINE_INVALID: '投标截止时间应晚于现在',
  STATION_UNDERSTAFFED: '社工站驻站人员不足（规则 1：至少 3 名，三分之二持证）',
  STATION_LEVELS_CONFLICT: '社工站层级冲突（规则 3）',
  CONCURRENCY_CONFLICT: '记录已被他人修改，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  VOLUNTEER_HOURS_EXCEEDED: '超出该志愿者每周可服务时长，请志愿者先更新可服务时间',
  VOLUNTEER_ALREADY_ASSIGNED: '该志愿者已派到此处',
  VOLUNTEER_ASSIGNMENT_ENDED: '该派单已结束',
  VOLUNTEER_DEREGISTERED: '该志愿者已注销',
  VOLUNTEER_DAILY_HOURS_EXCEEDED: '当天记录的时长已达上限（含待确认时长）',
  VOLUNTEER_HOURS_INVALID: '时长应大于 0 且不超过 24 小时',
  VOLUNTEER_HOURS_ALREADY_CONFIRMED: '该时长已被确认',
  VOLUNTEER_HOURS_ALREADY_DECLINED: '该时长已被不予确认',
  VOLUNTEER_HOURS_ENTRY_NOT_FOUND: '该时长记录不存在，请刷新',
  VOLUNTEER_HOURS_ENTRY_ALREADY_EXISTS: '该时长记录已存在',
  VOLUNTEER_HOURS_DECLINE_REASON_REQUIRED: '请填写不予确认的理由',
  VOLUNTEER_ASSIGNMENT_NOT_FOUND: '派单不存在',
  SERVED_BEFORE_ASSIGNMENT: '服务日期早于派单日期',
  SERVED_ON_INVALID: '请输入有效的服务日期',
  AVAILABILITY_BELOW_ASSIGNED_HOURS: '可服务时长不能少于已派单的时长',
  DONATION_EXPIRED: '该捐赠已过期',
  MATCHED_RESOURCE_OUT_OF_SERVICE: '该资源已停止服务',
  DONOR_NAME_IS_PERSONAL_DATA: '居民捐赠者的姓名属于个人信息，请勿填在公示名称中',
  DECLINE_REASON_REQUIRED: '请填写拒绝理由',
  PROJECT_ENDED: '项目已结束',
  // 特殊困难老年人名册与上门走访 (seed 003 第 3 栏)
  ELDER_NOT_FOUND: '名册中没有这位老人，请核对编号',
  ELDER_ALREADY_REGISTERED: '这位老人已在名册中',
  ELDER_NOT_ON_REGISTER: '这位老人已移出名册，不再记录走访',
  ELDER_ALREADY_REMOVED: '这位老人已移出名册',
  ELDER_CIRCUMSTANCES_REQUIRED: '请至少选择一项困难情形',
  ELDER_CIRCUMSTANCE_UNKNOWN: '困难情形不在可选范围内',
  ELDER_REMOVAL_REASON_UNKNOWN: '请选择移出名册的原因',
  BENEFICIARY_REF_REQUIRED: '老人信息不完整，请重新登记',
  HOME_VISIT_IN_FUTURE: '走访日期不能晚于今天（北京时间）',
  HOME_VISIT_DATE_INVALID: '请输入有效的走访日期',
  HOME_VISIT_ID_REQUIRED: '走访记录缺少编号，请重试',
  HOME_VISITOR_REQUIRED: '请填写走访人及其编号',
  HOME_VISITOR_KIND_UNKNOWN: '请选择走访人身份',
  HOME_VISIT_OUTCOME_UNKNOWN: '请选择走访情况',
  AREA_INVALID: '区域编码不完整或有误',
  // 配捐
  POOL_SPONSOR_KIND_INVALID: '配捐方应为企业、基金会、慈善总会、慈善基地等组织',
  POOL_SPONSOR_NAME_REQUIRED: '请填写配捐方名称',
  POOL_AMOUNT_INVALID: '配捐总额应为大于 0 的整分金额',
  POOL_CAP_INVALID: '上限应大于 0 且不超过配捐总额（等于总额即不设上限）',
  MATCH_RATIO_INVALID: '配捐比例应为 1–100 的整数，如 1:1',
  POOL_WINDOW_INVALID: '配捐时段有误：结束时间应晚于开始时间（北京时间）',
  POOL_WINDOW_PAST: '配捐时段已经结束，请选择今后的时段',
  POOL_CATEGORIES_INVALID: '请选择列表中的服务类别，或不限类别',
  MATCHING_POOL_ALREADY_EXISTS: '该配捐池已登记',
  MATCHING_POOL_NOT_FOUND: '配捐池不存在，或不在您的区域内',
  POOL_TOP_UP_INVALID: '追加金额应为大于 0 的整分金额',
  POOL_CLOSED: '配捐池已关闭，不再配捐',
  POOL_ALREADY_CLOSED: '配捐池已经关闭',
  POOL_WINDOW_ENDED: '配捐时段已经结束，不能再追加或关闭',
  // 时长确认（协调人）
  VOLUNTEER_HOURS_ENTRY_ID_REQUIRED: '时长记录缺少编号，请刷新',
  REVIEWS_INCOMPLETE: '尚有申报未达到规定的评审人数，评审截止前暂不能公布立项结果',
  REVIEW_PERIOD_OVER: '评审截止时间已过，不能再评分或增聘评审专家',
  REVIEWER_TIED_TO_APPLICANT: '您与申报机构存在关联，应当回避，请选择“回避”',
  REVIEWER_RECUSED: '您已回避该申报，不能评分',
  ALREADY_RECUSED: '您已回避该申报',
  NOT_A_REVIEWER: '您不是本次公益创投聘请的评审专家',
};

/** class-validator constraints, as the API names them in details.fields[].constraints. */
const CONSTRAINTS: Record<string, string> = {
  minLength: '不能为空或过短',
  maxLength: '内容过长',
  min: '数值过小',
  max: '数值过大',
  isInt: '请输入整数',
  isIn: '请选择列表中的一项',
  isCalendarDate: '请输入有效日期',
  isId: '编号格式不正确',
  matches: '格式不正确',
  isString: '请填写文字',
  whitelistValidation: '不允许的字段',
  isDefined: '必填',
  isNotEmpty: '必填',
  isArray: '请选择列表中的项目',
  arrayMinSize: '请至少选择一项',
  arrayMaxSize: '选择的项目过多',
};

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** An answer of the API that was not 2xx: its Chinese message, and per field what to show next to it. */
export class ApiError extends Error {
  readonly fields: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(messageOf(code, status));
    this.fields = fieldsOf(code, details);
  }
}

/** What to tell the user about anything a call threw: the API's Chinese message, or `fallback`. */
export const errorText = (caught: unknown, fallback: string): string => (caught instanceof ApiError ? caught.message : fallback);

export const messageOf = (code: string, status = 0): string =>
  MESSAGES[code] ?? (status === 404 ? '记录不存在' : status === 403 ? '您无权进行此操作' : status >= 500 ? '服务暂时不可用，请稍后再试' : `操作未成功（${code}）`);

/**
 * Which form field an error belongs to: each failing field of VALIDATION_FAILED (nested fields by their last
 * part: `contract.priceFen` -> `priceFen`), or for a broken rule the field its details name.
 */
const fieldsOf = (code: string, details: Record<string, unknown>): Record<string, string> => {
  const fields: Record<string, string> = {};
  if (code === 'VALIDATION_FAILED' && Array.isArray(details.fields)) {
    for (const failure of details.fields as { field: string; constraints?: Record<string, string> }[]) {
      const constraint = Object.keys(failure.constraints ?? {})[0] ?? '';
      const name = failure.field.split('.').pop() ?? failure.field;
      fields[name] = CONSTRAINTS[constraint] ?? '填写有误';
    }
    return fields;
  }
  const message = messageOf(code);
  for (const key of Object.keys(details)) {
    if (['rule', 'command', 'role', 'roles'].includes(key)) continue;
    fields[key] = message;
  }
  // The figures a rule names are asked for under another name in the forms.
  if ('requestedFen' in details || 'balanceFen' in details) fields.amountFen = message;
  return fields;
};
