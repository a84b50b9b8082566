/**
 * A need's first phase: listed for its community (what a listing must hold: need-listing.ts), verified,
 * reconfirmed by the committee (需求复核), and marked stale by the freshness clock when nobody
 * reconfirmed it within the period.
 */
import { conflict, invalid } from '../shared/domain-error.js';
import type { ListNeedData } from './need.commands.js';
import type { NeedEvent } from './need.events.js';
import { NEED_NOTE_MAX_LENGTH, validateListing } from './need-listing.js';
import { type NeedDecisions, type NeedState, staleFrom } from './need.state.js';

export const decideListing = (data: ListNeedData, state: NeedState, now: Date): NeedEvent[] => {
  if (state.status !== 'absent') {
    throw conflict('NEED_ALREADY_EXISTS', 'A need with this id is already listed', { needId: data.needId });
  }
  const area = validateListing(data);
  return [
    {
      type: 'NeedListed',
      data: {
        needId: data.needId,
        communityId: data.community.communityId,
        area,
        category: data.category,
        title: data.title.trim(),
        description: data.description,
        urgency: data.urgency,
        beneficiaryRef: data.beneficiaryRef,
        beneficiaries: data.beneficiaries,
        requiredSkills: [...new Set(data.requiredSkills.map((skill) => skill.trim()).filter((skill) => skill.length > 0))],
        hoursPerWeek: data.hoursPerWeek ?? null,
        amountFen: data.amountFen ?? null,
        window: data.window ?? null,
        source: data.source,
        listedAt: now.toISOString(),
      },
    },
  ];
};

export const verificationAndFreshness: NeedDecisions<'VerifyNeed' | 'ReconfirmNeed' | 'MarkNeedStale'> = {
  VerifyNeed(need, _data, now) {
    if (need.verified) return [];
    return [{ type: 'NeedVerified', data: { needId: need.needId, verifiedAt: now.toISOString() } }];
  },
  ReconfirmNeed(need, { note }, now) {
    if (note !== undefined && (typeof note !== 'string' || note.length > NEED_NOTE_MAX_LENGTH)) {
      throw invalid('NEED_NOTE_TOO_LONG', `The note is text of at most ${NEED_NOTE_MAX_LENGTH} characters`, { max: NEED_NOTE_MAX_LENGTH });
    }
    const trimmed = note?.trim() ?? '';
    return [{ type: 'NeedReconfirmed', data: { needId: need.needId, reconfirmedAt: now.toISOString(), note: trimmed === '' ? null : trimmed } }];
  },
  MarkNeedStale(need, { staleAfterDays }, now) {
    if (!Number.isSafeInteger(staleAfterDays) || staleAfterDays < 1) {
      throw invalid('STALE_AFTER_DAYS_INVALID', 'The freshness period is a whole number of days, at least 1', { staleAfterDays });
    }
    if (need.stale) return [];
    const due = staleFrom(need.lastConfirmedAt, staleAfterDays);
    // The clock may run early or read a lagging list: the need's own history decides.
    if (now < due) {
      throw conflict('NEED_NOT_STALE_YET', `The need was confirmed at ${need.lastConfirmedAt}; it turns stale at ${due.toISOString()}`, {
        lastConfirmedAt: need.lastConfirmedAt,
        staleFrom: due.toISOString(),
      });
    }
    return [
      {
        type: 'NeedMarkedStale',
        data: { needId: need.needId, lastConfirmedAt: need.lastConfirmedAt, staleAfterDays, markedStaleAt: now.toISOString(), area: need.area, category: need.category },
      },
    ];
  },
};
