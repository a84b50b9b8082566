import { CATEGORIES, URGENCIES } from '../labels.js';

/**
 * The matcher explains each score in English phrases (libs/matching/src/scoring.ts: one phrase per factor and
 * case); committee members, donors and volunteers read them here in Chinese. Every phrase the matcher writes has a
 * sentence below (apps/web/src/api/reasons.spec.ts runs the real matcher and checks that no Latin word is left);
 * a phrase added to the matcher later shows the factor and its points, never the English.
 */
const FACTORS: Record<string, string> = {
  distance: '距离', category: '服务类别', capacity: '可提供量', urgency: '紧急程度', waiting: '等待时间', skills: '技能', availability: '服务时段',
  grade: '资质等级', evaluation: '服务评估', earmark: '定向用途', fairness: '公平分配', freshness: '时效',
};
const DAYS: Record<string, string> = { Mon: '周一', Tue: '周二', Wed: '周三', Thu: '周四', Fri: '周五', Sat: '周六', Sun: '周日' };
const SOCIAL_WORKER_GRADES: Record<string, string> = { assistant: '助理社会工作师', intermediate: '社会工作师', senior: '高级社会工作师', ungraded: '未评职业水平等级' };
const EARMARK_SCOPES: Record<string, string> = { community: '本社区', street: '本街道', district: '本区', category: '本服务类别' };

/** `elderly_care (养老服务)` as the matcher writes a category: its Chinese name. */
const category = (text: string) => {
  const code = /^(\w+)/.exec(text)?.[1] ?? text;
  return CATEGORIES[code] ?? /\(([^)]+)\)/.exec(text)?.[1] ?? '该类别';
};
const days = (text: string) => text.replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b/g, (day) => DAYS[day]!);

const PHRASES: [RegExp, (...groups: string[]) => string][] = [
  // distance
  [/^same community$/, () => '同一社区'],
  [/^same street, another community$/, () => '同一街道的其他社区'],
  [/^same district, another street$/, () => '同一区的其他街道'],
  [/^same city, another district$/, () => '同一市的其他区'],
  // urgency and waiting
  [/^urgency (\w+)$/, (u) => `需求${URGENCIES[u] ?? '紧急程度未注明'}`],
  [/^project funding counts as (\w+)$/, (u) => `项目资金缺口按“${URGENCIES[u] ?? '较急'}”计`],
  [/^listed ([\d.]+) days ago \(full at (\d+)\)$/, (d, full) => `已登记 ${d} 天（满 ${full} 天计满分）`],
  // category
  [/^serves (.+)$/, (c) => `可提供${category(c)}`],
  [/^earmarked for this (\w+)$/, (scope) => `定向用于${EARMARK_SCOPES[scope] ?? '此处'}`],
  [/^earmarked for (.+)$/, (c) => `定向用于${category(c)}`],
  [/^project covers (.+)$/, (c) => `项目覆盖${category(c)}`],
  [/^any category$/, () => '不限类别'],
  [/^social workers serve every category$/, () => '社工可服务各类别'],
  [/^unrestricted donation$/, () => '非定向捐赠'],
  // capacity
  [/^can give ([\d.]+) of ([\d.]+) yuan needed$/, (a, b) => `可提供 ${a} 元（需要 ${b} 元）`],
  [/^can give ([\d.]+) of ([\d.]+) weekly hours needed$/, (a, b) => `每周可提供 ${a} 小时（需要 ${b} 小时）`],
  [/^can fill ([\d.]+) of the ([\d.]+) yuan funding gap$/, (a, b) => `可填补 ${a} 元（资金缺口 ${b} 元）`],
  // skills and availability
  [/^no skills required$/, () => '无技能要求'],
  [/^covers (\d+) of (\d+) required skills(?:: (.+))?$/, (a, b, names) => `具备所需 ${b} 项技能中的 ${a} 项${names ? `：${names.split(', ').join('、')}` : ''}`],
  [/^the need has no fixed time$/, () => '需求无固定时间'],
  [/^volunteer declared no time windows$/, () => '志愿者未填写可服务时段'],
  [/^free (\d+) of (\d+) minutes of (.+)$/, (a, b, window) => `${days(window)} 共 ${b} 分钟，其中 ${a} 分钟有空`],
  // grade and evaluation
  [/^graded (\d)A$/, (g) => `等级 ${g}A`],
  [/^received nothing in the last (\d+) days$/, (d) => `近 ${d} 天未获分配`],
  [
    /^received ([\d.]+) of a fair share of ([\d.]+) (weekly hours|needs) in the last (\d+) days$/,
    (a, b, unit, d) => `近 ${d} 天已获分配 ${a}${unit === 'needs' ? ' 项需求' : ' 小时/周'}（公平份额 ${b}）`,
  ],
  [/^not graded$/, () => '未评等级'],
  [/^(\w+), (qualified|not qualified)$/, (grade, qualified) => `${SOCIAL_WORKER_GRADES[grade] ?? '职业水平等级未注明'}，${qualified === 'qualified' ? '持证' : '未持证'}`],
  [/^no evaluation yet$/, () => '尚无评估'],
  [/^evaluated (\d+(?:\.\d+)?)\/100$/, (score) => `评估得分 ${score}/100`],
];

/** One reason of a proposal's score in a Chinese sentence, e.g. `距离：同一社区`. */
export const reasonInChinese = (factor: string, detail: string): string => {
  const name = FACTORS[factor] ?? '其他因素';
  for (const [pattern, say] of PHRASES) {
    const match = pattern.exec(detail);
    if (match) return `${name}：${say(...match.slice(1))}`;
  }
  return name;
};

/** Points a reason adds to the 0–100 score, as people read them. */
export const pointsText = (points: number): string => `+${(Math.round(points * 10) / 10).toFixed(1)} 分`;
