/**
 * Matching a donation to a need or project (rule 12: within its earmark and its unallocated balance;
 * automatically only as the donor consented), and releasing a match that was not disbursed.
 */
import { hasText, isRecord, requireArea } from '../shared/command-shape.js';
import { chinaDateOf } from '../shared/calendar.js';
import { conflict, invalid, ruleBroken } from '../shared/domain-error.js';
import type { ServiceCategory } from '../shared/values.js';
import type { MatchDonationData } from './donation.commands.js';
import type { AutoMatchConsent, DonationEarmark, DonationEvent, DonationTarget } from './donation.events.js';
import { type DonationDecisions, isServiceCategory, requireAmount, requireMatch, requireReason } from './donation.guards.js';
import type { DonationRecord, MatchableTarget } from './donation.state.js';

const categoriesOf = (target: MatchableTarget): readonly ServiceCategory[] => (target.kind === 'need' ? [target.category] : target.categories);
const targetIdOf = (target: DonationTarget): string => (target.kind === 'need' ? target.needId : target.projectId);
const sameTarget = (a: DonationTarget, b: DonationTarget): boolean => a.kind === b.kind && targetIdOf(a) === targetIdOf(b);

/** Rule 12: may an earmarked donation go to this need or project? An unearmarked one goes anywhere. */
export function earmarkAllows(earmark: DonationEarmark | null | undefined, target: MatchableTarget): boolean {
  if (!earmark) return true;
  if (earmark.category && !categoriesOf(target).includes(earmark.category)) return false;
  return (
    (!earmark.district || earmark.district === target.area.district) &&
    (!earmark.street || earmark.street === target.area.street) &&
    (!earmark.community || earmark.community === target.area.community)
  );
}

/** Did the donor consent to automatic matching for this need or project's category? (The per-need cap needs the state.) */
export function autoMatchAllows(autoMatch: AutoMatchConsent | null | undefined, target: MatchableTarget): boolean {
  if (!autoMatch) return false;
  return !autoMatch.categories || categoriesOf(target).some((category) => autoMatch.categories!.includes(category));
}

/** A need (its category) or a project (its categories), each with the area the earmark is checked against. */
const requireTarget = (target: DonationTarget): DonationTarget => {
  const code = 'DONATION_TARGET_INVALID';
  const fail = () => invalid(code, 'A match goes to a need (needId, category, area) or a project (projectId, categories, area)');
  if (!isRecord(target)) throw fail();
  if (target.kind === 'need' && hasText(target.needId) && isServiceCategory(target.category)) {
    return { kind: 'need', needId: target.needId, category: target.category, area: requireArea(code, target.area, ['city', 'district']) };
  }
  if (target.kind === 'project' && hasText(target.projectId) && Array.isArray(target.categories) && target.categories.every(isServiceCategory)) {
    return { kind: 'project', projectId: target.projectId, categories: target.categories, area: requireArea(code, target.area, ['city', 'district']) };
  }
  throw fail();
};

const decideMatch = (donation: DonationRecord, data: MatchDonationData, now: Date): DonationEvent[] => {
  const { matchId, amountFen } = data;
  const target = requireTarget(data.target);
  const automatic = data.automatic ?? false;
  const existing = donation.matches[matchId];
  if (existing) {
    // The same match sent again is a retry; the same id for another match is a bug upstream.
    if (sameTarget(existing.target, target) && existing.amountFen === amountFen && existing.automatic === automatic) return [];
    throw conflict('DONATION_MATCH_ALREADY_EXISTS', `Match ${matchId} already exists with other terms`, { matchId });
  }
  if (donation.status === 'expired' || (donation.expiresOn !== null && chinaDateOf(now) > donation.expiresOn)) {
    throw conflict('DONATION_EXPIRED', `Donation ${donation.donationId} expired after ${donation.expiresOn}`, { expiresOn: donation.expiresOn });
  }
  requireAmount(amountFen);
  if (!earmarkAllows(donation.earmark, target)) {
    throw ruleBroken('EARMARK_MISMATCH', `Donation ${donation.donationId} is earmarked for another category or area`, {
      rule: 12,
      earmark: donation.earmark,
      targetCategories: categoriesOf(target),
      targetArea: target.area,
    });
  }
  if (automatic) {
    if (!autoMatchAllows(donation.autoMatch, target)) {
      throw ruleBroken('AUTO_MATCH_NOT_CONSENTED', `The donor did not consent to automatic matching for this ${target.kind}`, {
        autoMatch: donation.autoMatch,
        targetCategories: categoriesOf(target),
      });
    }
    const maxPerNeedFen = donation.autoMatch!.maxPerNeedFen;
    const alreadyMatchedFen = Object.values(donation.matches)
      .filter((match) => !match.released && sameTarget(match.target, target))
      .reduce((sum, match) => sum + match.amountFen, 0);
    if (maxPerNeedFen !== null && alreadyMatchedFen + amountFen > maxPerNeedFen) {
      throw ruleBroken('AUTO_MATCH_LIMIT_EXCEEDED', `Automatic matches give one ${target.kind} at most ${maxPerNeedFen} fen of this donation`, {
        maxPerNeedFen,
        alreadyMatchedFen,
        requestedFen: amountFen,
      });
    }
  }
  if (amountFen > donation.balanceFen) {
    throw ruleBroken('DONATION_BALANCE_EXCEEDED', `Donation ${donation.donationId} has ${donation.balanceFen} fen unallocated`, {
      rule: 12,
      balanceFen: donation.balanceFen,
      requestedFen: amountFen,
    });
  }
  return [
    {
      type: 'DonationMatched',
      data: {
        donationId: donation.donationId,
        matchId,
        target,
        amountFen,
        resource: donation.resource,
        donorKind: donation.donor.kind,
        automatic,
        balanceFen: donation.balanceFen - amountFen,
      },
    },
  ];
};

export const matching: DonationDecisions<'MatchDonation' | 'ReleaseDonationMatch'> = {
  MatchDonation: decideMatch,
  ReleaseDonationMatch(donation, data) {
    const donationId = donation.donationId;
    const match = requireMatch(donation, data.matchId);
    if (match.released) return [];
    if (match.disbursedFen > 0) {
      throw conflict('DONATION_MATCH_ALREADY_DISBURSED', `Match ${match.matchId} was already disbursed in part or whole`, {
        matchId: match.matchId,
        disbursedFen: match.disbursedFen,
      });
    }
    return [
      {
        type: 'DonationMatchReleased',
        data: {
          donationId,
          matchId: match.matchId,
          target: match.target,
          amountFen: match.amountFen,
          balanceFen: donation.balanceFen + match.amountFen,
          reason: requireReason(data.reason),
        },
      },
    ];
  },
};
