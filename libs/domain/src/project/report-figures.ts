/**
 * 减负 (seeds 000, 002, 003): the figures a report owes (rule 10), drafted from the project's own facts
 * rather than typed in: deliveries by kind and community, hours by staff and by week (rule 2's 24 h a
 * week at a station), beneficiaries served, ratings (好差评), the money of the contract and the money
 * matched and spent (report-money.ts, from the donations' and pools' facts). A figure has a
 * stable key, a Chinese label for the sheet and its unit; the organisation files its own value per key.
 */
import { addMonths, chinaDateOf } from '../shared/calendar.js';
import { invalid } from '../shared/domain-error.js';
import { type IsoDate, SERVICE_CATEGORIES } from '../shared/values.js';
import type { ProjectEvent, ReportKind } from './project.events.js';
import { isMonth } from './project.rules.js';
import { moneyFiguresFromFacts, type ProjectMoneyFacts } from './report-money.js';

/** count: 次/条; persons: 人次; hours: 小时 (two decimals); fen: 1/100 yuan. */
export const FIGURE_UNITS = { count: '次', persons: '人次', hours: '小时', fen: '分' } as const;
export type FigureUnit = keyof typeof FIGURE_UNITS;

export interface ReportFigure {
  readonly key: string;
  /** 中文: what the sheet's row says. */
  readonly label: string;
  readonly unit: FigureUnit;
  readonly value: number;
}

/** The Beijing dates a report covers, both inclusive. */
export interface ReportSpan {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface ContractSpan {
  readonly signedAt: string;
  readonly endsAt: string;
  readonly termMonths: number;
}

const lastDayBefore = (instant: Date): IsoDate => chinaDateOf(new Date(instant.getTime() - 1));

/**
 * Rule 10's spans: a monthly brief covers its month (YYYY-MM), the mid-term report the first half of
 * the term, the final report the whole term.
 */
export function reportSpan(contract: ContractSpan, kind: ReportKind, month: string | null): ReportSpan {
  const signedOn = chinaDateOf(new Date(contract.signedAt));
  if (kind === 'monthly_brief') {
    if (month === null || !isMonth(month)) throw invalid('REPORT_PERIOD_INVALID', 'A monthly brief covers one month: period=YYYY-MM', { period: month });
    const [year, monthOfYear] = month.split('-').map(Number) as [number, number];
    const lastDay = new Date(Date.UTC(year, monthOfYear, 0)).getUTCDate();
    return { from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
  }
  if (kind === 'mid_term') return { from: signedOn, to: lastDayBefore(addMonths(new Date(contract.signedAt), Math.floor(contract.termMonths / 2))) };
  return { from: signedOn, to: lastDayBefore(new Date(contract.endsAt)) };
}

const round2 = (hours: number): number => Math.round(hours * 100) / 100;
const within = (date: IsoDate, span: ReportSpan): boolean => date >= span.from && date <= span.to;

/** Adds to a figure, creating it at 0 first; the order of first mention is the sheet's order within a group. */
class Tally {
  private readonly figures = new Map<string, ReportFigure>();
  add(key: string, label: string, unit: FigureUnit, amount: number): void {
    const current = this.figures.get(key);
    this.figures.set(key, { key, label, unit, value: (current?.value ?? 0) + amount });
  }
  list(): ReportFigure[] {
    return [...this.figures.values()].map((figure) => (figure.unit === 'hours' ? { ...figure, value: round2(figure.value) } : figure));
  }
}

/**
 * The figures of one report from the project's facts in its span, and from the facts of the
 * donations and pools that named it (`money`). Totals come first and always appear (0 when nothing
 * happened); the breakdowns follow, sorted by key, so two drafts of the same facts are the same sheet.
 */
export function figuresFromFacts(events: readonly ProjectEvent[], span: ReportSpan, money: ProjectMoneyFacts = { projectId: '', facts: [] }): ReportFigure[] {
  const totals = new Tally();
  totals.add('deliveries.total', '服务次数（合计）', 'count', 0);
  totals.add('hours.delivered', '服务时长（合计）', 'hours', 0);
  totals.add('hours.social_workers', '社工服务时长（合计）', 'hours', 0);
  totals.add('hours.volunteers', '志愿服务时长（合计）', 'hours', 0);
  totals.add('beneficiaries.total', '服务人次（合计）', 'persons', 0);
  totals.add('ratings.good', '好评数', 'count', 0);
  totals.add('ratings.bad', '差评数', 'count', 0);
  totals.add('money.contract_price', '合同金额', 'fen', 0);
  const breakdown = new Tally();
  for (const event of events) {
    switch (event.type) {
      case 'OrganisationContracted':
        totals.add('money.contract_price', '合同金额', 'fen', event.data.contract.priceFen);
        break;
      case 'ServiceDelivered': {
        const delivery = event.data;
        if (!within(delivery.deliveredOn, span)) break;
        totals.add('deliveries.total', '服务次数（合计）', 'count', 1);
        totals.add('hours.delivered', '服务时长（合计）', 'hours', delivery.hours);
        totals.add('beneficiaries.total', '服务人次（合计）', 'persons', delivery.beneficiaries);
        breakdown.add(`deliveries.category.${delivery.category}`, `服务次数·${SERVICE_CATEGORIES[delivery.category] ?? delivery.category}`, 'count', 1);
        breakdown.add(`deliveries.community.${delivery.communityId}`, `服务次数·社区 ${delivery.communityId}`, 'count', 1);
        breakdown.add(`beneficiaries.community.${delivery.communityId}`, `服务人次·社区 ${delivery.communityId}`, 'persons', delivery.beneficiaries);
        for (const [socialWorkerId, hours] of Object.entries(delivery.hoursBySocialWorker)) {
          totals.add('hours.social_workers', '社工服务时长（合计）', 'hours', hours);
          breakdown.add(`hours.staff.${socialWorkerId}`, `社工服务时长·${socialWorkerId}`, 'hours', hours);
          // Rule 2: a station's social worker serves at least 24 h a week in the communities.
          breakdown.add(`hours.staff.${socialWorkerId}.week.${delivery.weekOf}`, `社工周服务时长·${socialWorkerId}·${delivery.weekOf}起`, 'hours', hours);
        }
        for (const hours of Object.values(delivery.hoursByVolunteer)) totals.add('hours.volunteers', '志愿服务时长（合计）', 'hours', hours);
        break;
      }
      case 'ServiceRated':
        if (!within(chinaDateOf(new Date(event.data.ratedAt)), span)) break;
        totals.add(`ratings.${event.data.rating}`, event.data.rating === 'good' ? '好评数' : '差评数', 'count', 1);
        break;
      default:
        break;
    }
  }
  return [...totals.list(), ...moneyFiguresFromFacts(money.projectId, money.facts, span), ...breakdown.list().sort((a, b) => a.key.localeCompare(b.key))];
}

/** One figure as the organisation filed it: the key of a drafted figure and its own value. */
export interface FiledFigureInput {
  readonly key: string;
  readonly value: number;
}

/** One figure of a filed report: the organisation's value next to the facts' at filing time. */
export interface FiledFigure {
  readonly key: string;
  readonly label: string;
  readonly unit: FigureUnit;
  readonly fromFacts: number;
  readonly filed: number;
}

/** Why one filed figure cannot be taken, with its place (index in the list, or the sheet's row). */
export interface FigureProblem {
  readonly key: string;
  readonly code: 'REPORT_FIGURE_UNKNOWN' | 'REPORT_FIGURE_DUPLICATE' | 'REPORT_FIGURE_INVALID';
  readonly index: number;
}

/** The problems of a filed list of figures against the draft's figures; empty when every one is sound. */
export function figureProblems(filed: readonly FiledFigureInput[], fromFacts: readonly ReportFigure[]): FigureProblem[] {
  const drafted = new Map(fromFacts.map((figure) => [figure.key, figure]));
  const seen = new Set<string>();
  const problems: FigureProblem[] = [];
  filed.forEach((figure, index) => {
    const known = drafted.get(figure.key);
    if (!known) problems.push({ key: figure.key, code: 'REPORT_FIGURE_UNKNOWN', index });
    else if (seen.has(figure.key)) problems.push({ key: figure.key, code: 'REPORT_FIGURE_DUPLICATE', index });
    else if (!figureValueSound(known.unit, figure.value)) problems.push({ key: figure.key, code: 'REPORT_FIGURE_INVALID', index });
    seen.add(figure.key);
  });
  return problems;
}

/** A count, persons or fen is a whole number; hours have at most two decimals; none is negative. */
export const figureValueSound = (unit: FigureUnit, value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1e12 &&
  (unit === 'hours' ? Math.abs(value * 100 - Math.round(value * 100)) < 1e-6 : Number.isInteger(value));

/** The report's figures: every drafted one, with the organisation's value where it corrected it. */
export function filedFigures(filed: readonly FiledFigureInput[], fromFacts: readonly ReportFigure[]): FiledFigure[] {
  const corrected = new Map(filed.map((figure) => [figure.key, figure.value]));
  return fromFacts.map((figure) => ({ key: figure.key, label: figure.label, unit: figure.unit, fromFacts: figure.value, filed: corrected.get(figure.key) ?? figure.value }));
}
