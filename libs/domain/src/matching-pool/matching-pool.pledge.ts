import { beijingWallClockInstant } from '../shared/calendar.js';
import { isRecord, requireArea } from '../shared/command-shape.js';
import { accountOf, type DecisionContext } from '../shared/decider.js';
import { conflict, invalid } from '../shared/domain-error.js';
import { SERVICE_CATEGORIES, type ServiceCategory } from '../shared/values.js';
import type { PledgeMatchingPoolData } from './matching-pool.commands.js';
import { POOL_SPONSOR_KINDS, type MatchingPoolEvent, type MatchRatio } from './matching-pool.events.js';

/** The largest term of a ratio: 1:100 is already more than any giving day offers. */
const MAX_RATIO_TERM = 100;

const isPositiveFen = (amount: unknown): amount is number => typeof amount === 'number' && Number.isSafeInteger(amount) && amount > 0;
const isRatioTerm = (term: unknown): term is number => typeof term === 'number' && Number.isInteger(term) && term >= 1 && term <= MAX_RATIO_TERM;

const requireFen = (code: string, amount: unknown, what: string): number => {
  if (!isPositiveFen(amount)) throw invalid(code, `${what} is whole fen above 0`, { received: amount });
  return amount;
};

const requireRatio = (ratio: unknown): MatchRatio => {
  if (!isRecord(ratio) || !isRatioTerm(ratio.gift) || !isRatioTerm(ratio.match)) {
    throw invalid('MATCH_RATIO_INVALID', `A ratio is {gift, match}, whole numbers 1-${MAX_RATIO_TERM}: 1:1 is {gift: 1, match: 1}`, { ratio });
  }
  return { gift: ratio.gift, match: ratio.match };
};

const requireCategories = (value: unknown): readonly ServiceCategory[] | null => {
  if (value === undefined || value === null) return null;
  const known = (category: unknown) => typeof category === 'string' && Object.hasOwn(SERVICE_CATEGORIES, category);
  if (!Array.isArray(value) || value.length === 0 || !value.every(known)) {
    throw invalid('POOL_CATEGORIES_INVALID', 'Categories are a non-empty list of known service categories; leave them out to match any');
  }
  return [...new Set(value as ServiceCategory[])];
};

/** 配捐: an organisation pledges a pool that matches other donors' gifts by a ratio, within caps and a window. */
export const decidePledgeMatchingPool = (data: PledgeMatchingPoolData, alreadyPledged: boolean, context: DecisionContext): MatchingPoolEvent[] => {
  const { poolId } = data;
  if (alreadyPledged) throw conflict('MATCHING_POOL_ALREADY_EXISTS', `Matching pool ${poolId} is already pledged`, { poolId });
  const sponsor = isRecord(data.sponsor) ? data.sponsor : null;
  if (!sponsor || !(POOL_SPONSOR_KINDS as readonly unknown[]).includes(sponsor.kind)) {
    throw invalid('POOL_SPONSOR_KIND_INVALID', `A matching pool is pledged by an organisation: ${POOL_SPONSOR_KINDS.join(', ')}`, { kind: sponsor?.kind });
  }
  const displayName = typeof sponsor.displayName === 'string' ? sponsor.displayName.trim() : '';
  if (displayName === '') throw invalid('POOL_SPONSOR_NAME_REQUIRED', "Give the sponsoring organisation's name");
  const pledgedFen = requireFen('POOL_AMOUNT_INVALID', data.pledgedFen, 'The pledged amount');
  const perDonorCapFen = requireFen('POOL_CAP_INVALID', data.perDonorCapFen, 'The cap per donor');
  const perTargetCapFen = requireFen('POOL_CAP_INVALID', data.perTargetCapFen, 'The cap per need or project');
  // A cap above the pool caps nothing: the pledger meant another amount (a fen/yuan slip, a missing digit).
  if (perDonorCapFen > pledgedFen || perTargetCapFen > pledgedFen) {
    throw invalid('POOL_CAP_INVALID', 'A cap is at most the pledged amount (equal to it: no cap)', { pledgedFen, perDonorCapFen, perTargetCapFen });
  }
  const ratio = requireRatio(data.ratio);
  const opens = beijingWallClockInstant(data.opensAt);
  const closes = beijingWallClockInstant(data.closesAt);
  if (!opens || !closes) {
    throw invalid('POOL_WINDOW_INVALID', "The window is two Beijing times 'YYYY-MM-DDTHH:mm'", { opensAt: data.opensAt, closesAt: data.closesAt });
  }
  if (closes <= opens) throw invalid('POOL_WINDOW_INVALID', 'The window closes after it opens', { opensAt: data.opensAt, closesAt: data.closesAt });
  if (closes <= context.now) throw invalid('POOL_WINDOW_PAST', 'The window has already closed', { closesAt: data.closesAt });
  return [
    {
      type: 'MatchingPoolPledged',
      data: {
        poolId,
        sponsor: { kind: sponsor.kind as (typeof POOL_SPONSOR_KINDS)[number], displayName },
        ownerAccount: accountOf(context.actor),
        pledgedFen,
        ratio,
        perDonorCapFen,
        perTargetCapFen,
        opensAt: data.opensAt,
        closesAt: data.closesAt,
        area: requireArea('AREA_INVALID', data.area, ['city']),
        categories: requireCategories(data.categories),
      },
    },
  ];
};
