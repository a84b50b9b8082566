/**
 * 减负 (issue 13 item 7): the money figures of a report, from the facts of the donations and matching
 * pools that named the project, not from the project's own stream: charity money matched to the
 * project (DonationMatched less DonationMatchReleased), the pools' matches of those gifts (配捐,
 * GiftMatched less GiftMatchReversed) and the money disbursed to the project (DonationDisbursed).
 * Each as a flow within the report's span and as a standing amount at the span's end, in fen.
 *
 * Only donated money counts: goods and venue time carry an appraised value, not money a report
 * accounts for (their delivery is reported as service). A fact's date is the Beijing date it was
 * recorded (its envelope's occurredAt): a match, a release or a disbursement has no other time.
 */
import type { DonationEvent } from '../donation/donation.events.js';
import type { MatchingPoolEvent } from '../matching-pool/matching-pool.events.js';
import type { IsoDate } from '../shared/values.js';
import type { ReportFigure, ReportSpan } from './report-figures.js';

/** A donation's or a pool's fact, with the Beijing date it was recorded. */
export interface DatedMoneyFact {
  readonly on: IsoDate;
  readonly event: DonationEvent | MatchingPoolEvent;
}

/** The facts of every donation and pool that named the project (they may name other targets too). */
export interface ProjectMoneyFacts {
  readonly projectId: string;
  readonly facts: readonly DatedMoneyFact[];
}

/** The money totals, in the sheet's order; every one appears, 0 when nothing happened. */
export const MONEY_FIGURES = [
  ['money.donations.matched', '本期捐赠匹配金额'],
  ['money.donations.released', '本期撤回的捐赠匹配金额'],
  ['money.donations.matched_to_date', '累计捐赠匹配金额（截至期末，扣除撤回）'],
  ['money.pool.matched', '本期配捐金额'],
  ['money.pool.reversed', '本期撤回的配捐金额'],
  ['money.pool.matched_to_date', '累计配捐金额（截至期末，扣除撤回）'],
  ['money.spent', '本期拨付金额'],
  ['money.spent_to_date', '累计拨付金额（截至期末）'],
] as const;
export type MoneyFigureKey = (typeof MONEY_FIGURES)[number][0];

type MoneyFlow = { readonly period: MoneyFigureKey; readonly toDate: MoneyFigureKey; readonly sign: 1 | -1; readonly fen: number };

/** What one fact adds, when it concerns the project's money; null otherwise. */
const flowOf = (projectId: string, event: DonationEvent | MatchingPoolEvent): MoneyFlow | null => {
  switch (event.type) {
    case 'DonationMatched':
    case 'DonationMatchReleased':
    case 'DonationDisbursed': {
      const { target } = event.data;
      if (target.kind !== 'project' || target.projectId !== projectId) return null;
      if (event.type === 'DonationMatched') {
        return event.data.resource === 'money' ? { period: 'money.donations.matched', toDate: 'money.donations.matched_to_date', sign: 1, fen: event.data.amountFen } : null;
      }
      if (event.type === 'DonationDisbursed') {
        return event.data.resource === 'money' ? { period: 'money.spent', toDate: 'money.spent_to_date', sign: 1, fen: event.data.amountFen } : null;
      }
      // A release names no resource: it takes back what its match gave, counted only for money (below).
      return { period: 'money.donations.released', toDate: 'money.donations.matched_to_date', sign: -1, fen: event.data.amountFen };
    }
    case 'GiftMatched':
    case 'GiftMatchReversed': {
      const { target } = event.data;
      if (target.kind !== 'project' || target.projectId !== projectId || event.data.matchFen === 0) return null;
      return event.type === 'GiftMatched'
        ? { period: 'money.pool.matched', toDate: 'money.pool.matched_to_date', sign: 1, fen: event.data.matchFen }
        : { period: 'money.pool.reversed', toDate: 'money.pool.matched_to_date', sign: -1, fen: event.data.matchFen };
    }
    default:
      return null;
  }
};

/**
 * The money figures of one report: flows dated within the span, standing amounts up to its last
 * day. A release of a match of goods or venue time is not money and is left out, as its match was.
 */
export function moneyFiguresFromFacts(projectId: string, facts: readonly DatedMoneyFact[], span: ReportSpan): ReportFigure[] {
  const totals = new Map<MoneyFigureKey, number>(MONEY_FIGURES.map(([key]) => [key, 0]));
  const moneyMatches = new Set<string>();
  for (const { event } of facts) {
    if (event.type === 'DonationMatched' && event.data.resource === 'money') moneyMatches.add(`${event.data.donationId}/${event.data.matchId}`);
  }
  for (const { on, event } of facts) {
    if (event.type === 'DonationMatchReleased' && !moneyMatches.has(`${event.data.donationId}/${event.data.matchId}`)) continue;
    const flow = flowOf(projectId, event);
    if (!flow || on > span.to) continue;
    totals.set(flow.toDate, totals.get(flow.toDate)! + flow.sign * flow.fen);
    if (on >= span.from) totals.set(flow.period, totals.get(flow.period)! + flow.fen);
  }
  return MONEY_FIGURES.map(([key, label]) => ({ key, label, unit: 'fen' as const, value: totals.get(key)! }));
}
