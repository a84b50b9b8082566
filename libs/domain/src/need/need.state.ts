/** A need as its events leave it, and the one way its events change it. */
import { conflict, notFound } from '../shared/domain-error.js';
import type { NeedFacts } from '../shared/facts.js';
import type { Area, ServiceCategory, Urgency } from '../shared/values.js';
import type { NeedCommand } from './need.commands.js';
import type { MatchedResource, NeedEvent } from './need.events.js';

export type NeedStatus = NeedFacts['status'];

export interface ListedNeed {
  readonly status: NeedStatus;
  readonly needId: string;
  readonly area: Area;
  readonly category: ServiceCategory;
  readonly urgency: Urgency;
  readonly listedAt: string;
  /** The listing or the latest reconfirmation (需求复核): when the committee last said the need stands. */
  readonly lastConfirmedAt: string;
  /** Marked stale by the freshness clock and not reconfirmed since. */
  readonly stale: boolean;
  readonly verified: boolean;
  /** matchId -> resource: matches are few per need, and the map makes RecordNeedMatch idempotent. */
  readonly matches: Readonly<Record<string, MatchedResource>>;
  readonly projectIds: readonly string[];
  /** Resource keys declined for this need: a second decline of the same key records nothing. */
  readonly declinedResourceKeys: readonly string[];
}

export type NeedState = { readonly status: 'absent' } | ListedNeed;

/** The open status shows the furthest step reached: a project covering it outranks a single match. */
const openStatus = (need: Pick<ListedNeed, 'verified' | 'matches' | 'projectIds'>): NeedStatus => {
  if (need.projectIds.length > 0) return 'covered';
  if (Object.keys(need.matches).length > 0) return 'matched';
  return need.verified ? 'verified' : 'listed';
};

export const requireListed = (state: NeedState): ListedNeed => {
  if (state.status === 'absent') throw notFound('NEED_NOT_FOUND', 'No such need');
  return state;
};

/** Fulfilled and withdrawn needs accept no further change. */
export const requireOpen = (state: NeedState): ListedNeed => {
  const need = requireListed(state);
  if (need.status === 'fulfilled') {
    throw conflict('NEED_ALREADY_FULFILLED', 'The need is already fulfilled', { needId: need.needId });
  }
  if (need.status === 'withdrawn') {
    throw conflict('NEED_WITHDRAWN', 'The need was withdrawn', { needId: need.needId });
  }
  return need;
};

/** One decision per command type of an open need, grouped by phase; `now` is the decision's clock. */
export type NeedDecisions<Type extends NeedCommand['type']> = {
  readonly [K in Type]: (need: ListedNeed, data: Extract<NeedCommand, { type: K }>['data'], now: Date) => NeedEvent[];
};

const DAY_MS = 24 * 60 * 60 * 1000;
/** The instant a need confirmed at `lastConfirmedAt` turns stale (Beijing keeps no daylight saving: a day is 24 h). */
export const staleFrom = (lastConfirmedAt: string, staleAfterDays: number): Date => new Date(Date.parse(lastConfirmedAt) + staleAfterDays * DAY_MS);

export const evolveNeed = (state: NeedState, event: NeedEvent): NeedState => {
  if (event.type === 'NeedListed') {
    const data = event.data;
    return {
      status: 'listed',
      needId: data.needId,
      area: data.area,
      category: data.category,
      urgency: data.urgency,
      listedAt: data.listedAt,
      lastConfirmedAt: data.listedAt,
      stale: false,
      verified: false,
      matches: {},
      projectIds: [],
      declinedResourceKeys: [],
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'NeedReconfirmed':
      return { ...state, lastConfirmedAt: event.data.reconfirmedAt, stale: false };
    case 'NeedMarkedStale':
      return { ...state, stale: true };
    case 'NeedVerified': {
      const next = { ...state, verified: true };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedMatched': {
      const next = { ...state, matches: { ...state.matches, [event.data.matchId]: event.data.resource } };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedCoveredByProject': {
      const next = { ...state, projectIds: [...state.projectIds, event.data.projectId] };
      return { ...next, status: openStatus(next) };
    }
    case 'NeedFulfilled':
      return { ...state, status: 'fulfilled' };
    case 'NeedWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MatchProposalDeclined':
      return { ...state, declinedResourceKeys: [...state.declinedResourceKeys, event.data.resourceKey] };
  }
};
