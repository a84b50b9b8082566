import { CATEGORIES, URGENCIES } from '../labels';

/**
 * The matcher explains each score in English phrases (libs/matching/src/scoring.ts); committee members read
 * them in Chinese. A phrase not known here is shown as the API wrote it rather than hidden.
 */
const FACTORS: Record<string, string> = {
  distance: '距离', category: '服务类别', capacity: '可提供量', urgency: '紧急程度', skills: '技能', availability: '时间',
  grade: '资质等级', earmark: '定向用途', fairness: '公平分配', freshness: '时效',
};

const category = (text: string) => {
  const code = /^(\w+)/.exec(text)?.[1] ?? text;
  return CATEGORIES[code] ?? text;
};

const PHRASES: [RegExp, (...groups: string[]) => string][] = [
  [/^same community$/, () => '同一社区'],
  [/^same street, another community$/, () => '同一街道的其他社区'],
  [/^same district, another street$/, () => '同一区的其他街道'],
  [/^same city, another district$/, () => '同一市的其他区'],
  [/^urgency (\w+)$/, (u) => `紧急程度：${URGENCIES[u] ?? u}`],
  [/^serves (.+)$/, (c) => `服务${category(c)}`],
  [/^earmarked for (.+)$/, (c) => `定向用于${category(c)}`],
  [/^project covers (.+)$/, (c) => `项目覆盖${category(c)}`],
  [/^any category$/, () => '不限类别'],
  [/^can give ([\d.]+) of ([\d.]+) yuan needed$/, (a, b) => `可提供 ${a} 元（需要 ${b} 元）`],
  [/^can give ([\d.]+) of ([\d.]+) weekly hours needed$/, (a, b) => `每周可提供 ${a} 小时（需要 ${b} 小时）`],
  [/^can fill ([\d.]+) of the ([\d.]+) yuan funding gap$/, (a, b) => `可填补 ${a} 元（缺口 ${b} 元）`],
  [/^no skills required$/, () => '无技能要求'],
  [/^the need has no fixed time$/, () => '需求无固定时间'],
  [/^volunteer declared no time windows$/, () => '志愿者未填写可服务时段'],
  [/^free (\d+) of (\d+) minutes of (.+)$/, (a, b) => `可服务时段覆盖 ${a}/${b} 分钟`],
  [/^social workers serve every category$/, () => '社工可服务各类别'],
  [/^graded (\d)A$/, (g) => `等级 ${g}A`],
  [/^received nothing in the last (\d+) days$/, (d) => `近 ${d} 天未获分配`],
  [
    /^received ([\d.]+) of a fair share of ([\d.]+) (weekly hours|needs) in the last (\d+) days$/,
    (a, b, unit, d) => `近 ${d} 天已获分配 ${a}${unit === 'needs' ? ' 项需求' : ' 小时/周'}（公平份额 ${b}）`,
  ],
  [/^not graded$/, () => '未评级'],
];

export const reasonInChinese = (factor: string, detail: string): string => {
  for (const [pattern, say] of PHRASES) {
    const match = pattern.exec(detail);
    if (match) return `${FACTORS[factor] ?? factor}：${say(...match.slice(1))}`;
  }
  return `${FACTORS[factor] ?? factor}：${detail}`;
};
