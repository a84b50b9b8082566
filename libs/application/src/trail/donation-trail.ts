import {
  accountOf,
  applyCorrections, chinaDateTimeOf, DONOR_KINDS, domainEventRegistry, forbidden, notFound, type Area, type DomainEvent, type DonationEvent,
  type DonationTarget, type Fen, type NeedListedData, type ProjectDesignedData, type ServiceDeliveredData,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { areaCovers, creatorOf } from '../authority/authority.js';
import { readAccess } from '../authority/read-access.js';
import type { AuthenticatedActor, PersonRole } from '../identity/actor.js';
import { describeFact } from '../history/event-descriptions.js';

/** Who may follow a gift: the donor itself, and the charity base, the civil-affairs office and auditors of its area. */
export const TRAIL_ROLES: readonly PersonRole[] = ['donor', 'resident', 'charity_base', 'civil_affairs_bureau', 'auditor'];
/** Roles that see a gift only when they pledged it themselves. */
const OWN_GIFT_ROLES: ReadonlySet<string> = new Set(['donor', 'resident']);

export interface TrailStep {
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly occurredAtBeijing: string;
  /** What happened, in Chinese (the same words as the record's history). */
  readonly summary: string;
  /** Fen this step moved (pledged, matched, released, disbursed, refunded, receipted); null for steps that move none. */
  readonly amountFen: Fen | null;
  readonly matchId: string | null;
}

/** What the gift's money reached: a need (its people) or a project (its services). */
export type TrailOutcome =
  | { readonly kind: 'need'; readonly status: string; readonly beneficiaries: number; readonly fulfilledAt: string | null }
  | {
      readonly kind: 'project';
      readonly status: string;
      readonly contractor: string | null;
      /** All the project's services so far, and those delivered since this gift was matched to it. */
      readonly delivered: ServiceTotals;
      readonly deliveredSinceMatched: ServiceTotals;
      readonly completedAt: string | null;
    };

export interface ServiceTotals {
  readonly deliveries: number;
  readonly hours: number;
  readonly beneficiaries: number;
}

export interface TrailMatch {
  readonly matchId: string;
  readonly target: { readonly kind: 'need' | 'project'; readonly id: string; readonly title: string };
  readonly matchedAt: string;
  readonly automatic: boolean;
  /** Matched at first; releasedFen of it went back to the balance. */
  readonly matchedFen: Fen;
  readonly releasedFen: Fen;
  /** Still allocated to the target: matched less released. */
  readonly allocatedFen: Fen;
  readonly disbursedFen: Fen;
  readonly outcome: TrailOutcome;
}

export interface TrailTotals {
  readonly pledgedFen: Fen;
  /** Allocated to needs and projects now (matches less releases). */
  readonly allocatedFen: Fen;
  readonly disbursedFen: Fen;
  /** Allocated but not yet paid out. */
  readonly undisbursedFen: Fen;
  readonly releasedFen: Fen;
  readonly refundedFen: Fen;
  /** Neither allocated nor refunded: pledged = allocated + unallocated + refunded. */
  readonly unallocatedFen: Fen;
  /** What the receipt states now (after corrections); null while none was issued. */
  readonly receiptedFen: Fen | null;
}

export interface DonationTrailView {
  readonly donationId: string;
  readonly donor: { readonly kind: string; readonly kindLabel: string; readonly name: string };
  readonly resource: string;
  readonly description: string;
  readonly area: Area;
  readonly pledgedAt: string;
  readonly expired: boolean;
  readonly receipt: { readonly number: string; readonly amountFen: Fen | null; readonly voided: boolean } | null;
  readonly matches: readonly TrailMatch[];
  /** Every fact of the donation in order, corrections included. */
  readonly steps: readonly TrailStep[];
  readonly totals: TrailTotals;
}

interface MatchWalk {
  matchId: string;
  target: DonationTarget;
  matchedAt: string;
  automatic: boolean;
  matchedFen: Fen;
  releasedFen: Fen;
  disbursedFen: Fen;
}

const targetIdOf = (target: DonationTarget): string => (target.kind === 'need' ? target.needId : target.projectId);
const sum = (deliveries: readonly ServiceDeliveredData[]): ServiceTotals => ({
  deliveries: deliveries.length,
  hours: deliveries.reduce((total, delivery) => total + delivery.hours, 0),
  beneficiaries: deliveries.reduce((total, delivery) => total + delivery.beneficiaries, 0),
});

/** Fen a donation fact moves, for the steps' amount column. */
const amountOf = (event: DomainEvent): Fen | null => {
  const data = event.data as { amountFen?: Fen | null };
  return event.type === 'EventCorrected' || event.type === 'DonationExpired' ? null : (data.amountFen ?? null);
};

/**
 * A gift's trail in one call (issue 12 item 4): pledged -> matched (to which need or project, by
 * title) -> disbursed -> what the target delivered and to how many -> receipts, refunds, releases
 * and corrections. Read from the donation's stream and its targets' streams, never from a list that
 * may lag; the figures are the stream's own (after operator corrections), so they add up to the
 * donation's amounts by construction, and a replay of the donation's decider must agree.
 */
export class DonationTrail {
  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  /** The role check, before anything is read: a role that may never follow a gift learns nothing. */
  static checkRole(asker: AuthenticatedActor): void {
    if (!TRAIL_ROLES.includes(asker.role)) {
      throw forbidden('ROLE_NOT_PERMITTED', `A ${asker.role} may not follow a donation's trail`, { role: asker.role, roles: TRAIL_ROLES });
    }
  }

  async of(donationId: string, asker: AuthenticatedActor): Promise<DonationTrailView> {
    DonationTrail.checkRole(asker);
    const stored = await this.store.readStream(`donation-${donationId}`);
    const unknown = () => notFound('DONATION_NOT_FOUND', `No donation ${donationId}`, { donationId });
    if (stored.length === 0) throw unknown();
    const pledge = domainEventRegistry.upcast(stored[0]!).data as { area: Area };
    // A gift the asker may not even read (outside its area) answers as an unknown id: its existence is not told.
    if (!readAccess(asker, 'donation').sees({ area: pledge.area, createdBy: creatorOf(stored) })) throw unknown();
    if (OWN_GIFT_ROLES.has(asker.role)) {
      if (creatorOf(stored) !== accountOf(asker)) throw forbidden('NOT_YOUR_RECORD', "A donor follows only its own gifts' trails", { donationId });
    } else if (!areaCovers(asker.area, pledge.area)) {
      throw forbidden('OUTSIDE_YOUR_AREA', "The donation lies outside the asker's area", { donationId, area: pledge.area, actorArea: asker.area });
    }
    return this.build(donationId, stored);
  }

  /** The trails of every gift an account pledged (ids from the donor-gifts read model), oldest first. */
  async ofMany(donationIds: readonly string[]): Promise<DonationTrailView[]> {
    const trails: DonationTrailView[] = [];
    for (const donationId of donationIds) trails.push(await this.build(donationId, await this.store.readStream(`donation-${donationId}`)));
    return trails;
  }

  private async build(donationId: string, stored: readonly RecordedEvent[]): Promise<DonationTrailView> {
    const upcast = stored.map((recorded) => ({ eventId: recorded.eventId, ...domainEventRegistry.upcast(recorded) }));
    const occurredAt = new Map(stored.map((recorded) => [recorded.eventId, recorded.metadata.occurredAt]));
    const steps = stored.map((recorded, index): TrailStep => {
      const event = upcast[index]!;
      return {
        revision: recorded.revision,
        type: event.type,
        occurredAt: recorded.metadata.occurredAt,
        occurredAtBeijing: chinaDateTimeOf(new Date(recorded.metadata.occurredAt)),
        summary: describeFact(event.type, event.data),
        amountFen: amountOf(event),
        matchId: (event.data as { matchId?: string }).matchId ?? null,
      };
    });

    // The figures: the stream as corrected (an operator's EventCorrected stands in for the fact it fixes).
    const facts = applyCorrections(upcast) as (DonationEvent & { eventId: string })[];
    const first = facts[0]!;
    if (first.type !== 'DonationPledged') throw new Error(`donation-${donationId} does not start with its pledge`);
    const pledged = first.data;
    const matches = new Map<string, MatchWalk>();
    let refundedFen = 0;
    let receipt: DonationTrailView['receipt'] = null;
    let expired = false;
    for (const fact of facts) {
      switch (fact.type) {
        case 'DonationMatched': {
          const existing = matches.get(fact.data.matchId);
          if (existing) existing.matchedFen += fact.data.amountFen;
          else matches.set(fact.data.matchId, { matchId: fact.data.matchId, target: fact.data.target, matchedAt: occurredAt.get(fact.eventId)!, automatic: fact.data.automatic, matchedFen: fact.data.amountFen, releasedFen: 0, disbursedFen: 0 });
          break;
        }
        case 'DonationMatchReleased':
          matches.get(fact.data.matchId)!.releasedFen += fact.data.amountFen;
          break;
        case 'DonationDisbursed':
          matches.get(fact.data.matchId)!.disbursedFen += fact.data.amountFen;
          break;
        case 'DonationRefunded':
          refundedFen += fact.data.amountFen;
          break;
        case 'DonationReceipted':
          receipt = { number: fact.data.receiptNumber, amountFen: fact.data.amountFen, voided: false };
          break;
        case 'DonationReceiptCorrected':
          receipt = { number: fact.data.receiptNumber, amountFen: fact.data.amountFen, voided: fact.data.voided };
          break;
        case 'DonationExpired':
          expired = true;
          break;
        case 'DonationPledged':
          break;
      }
    }

    const trailMatches: TrailMatch[] = [];
    for (const match of matches.values()) trailMatches.push(await this.followMatch(match));
    const allocatedFen = trailMatches.reduce((total, match) => total + match.allocatedFen, 0);
    const disbursedFen = trailMatches.reduce((total, match) => total + match.disbursedFen, 0);
    return {
      donationId,
      donor: { kind: pledged.donor.kind, kindLabel: DONOR_KINDS[pledged.donor.kind], name: pledged.donor.displayName },
      resource: pledged.resource,
      description: pledged.description,
      area: pledged.area,
      pledgedAt: stored[0]!.metadata.occurredAt,
      expired,
      receipt,
      matches: trailMatches,
      steps,
      totals: {
        pledgedFen: pledged.amountFen,
        allocatedFen,
        disbursedFen,
        undisbursedFen: allocatedFen - disbursedFen,
        releasedFen: trailMatches.reduce((total, match) => total + match.releasedFen, 0),
        refundedFen,
        unallocatedFen: pledged.amountFen - allocatedFen - refundedFen,
        receiptedFen: receipt === null ? null : receipt.amountFen,
      },
    };
  }

  /** The target's title and what it did with the money, from its own stream. */
  private async followMatch(match: MatchWalk): Promise<TrailMatch> {
    const id = targetIdOf(match.target);
    const facts = applyCorrections((await this.store.readStream(`${match.target.kind}-${id}`)).map((recorded) => ({
      eventId: recorded.eventId, occurredAt: recorded.metadata.occurredAt, ...domainEventRegistry.upcast(recorded),
    })));
    const common = {
      matchId: match.matchId, matchedAt: match.matchedAt, automatic: match.automatic, matchedFen: match.matchedFen,
      releasedFen: match.releasedFen, allocatedFen: match.matchedFen - match.releasedFen, disbursedFen: match.disbursedFen,
    };
    const last = (type: string) => facts.filter((fact) => fact.type === type).at(-1);
    if (match.target.kind === 'need') {
      const listed = facts[0]?.data as NeedListedData | undefined;
      const ended = last('NeedFulfilled') ?? last('NeedWithdrawn');
      const covered = facts.some((fact) => fact.type === 'NeedCoveredByProject');
      const status = ended ? (ended.type === 'NeedFulfilled' ? 'fulfilled' : 'withdrawn') : covered ? 'covered' : 'matched';
      return {
        ...common,
        target: { kind: 'need', id, title: listed?.title ?? id },
        outcome: { kind: 'need', status, beneficiaries: listed?.beneficiaries ?? 0, fulfilledAt: last('NeedFulfilled')?.occurredAt ?? null },
      };
    }
    const designed = facts[0]?.data as ProjectDesignedData | undefined;
    const deliveries = facts.filter((fact) => fact.type === 'ServiceDelivered');
    const since = deliveries.filter((fact) => fact.occurredAt >= match.matchedAt);
    const completed = last('ProjectCompleted');
    const terminated = last('ContractTerminated');
    const contracted = last('OrganisationContracted')?.data as { organisationName: string } | undefined;
    return {
      ...common,
      target: { kind: 'project', id, title: designed?.title ?? id },
      outcome: {
        kind: 'project',
        status: completed ? 'completed' : terminated ? 'terminated' : contracted ? 'contracted' : 'not_contracted',
        contractor: contracted?.organisationName ?? null,
        delivered: sum(deliveries.map((fact) => fact.data as ServiceDeliveredData)),
        deliveredSinceMatched: sum(since.map((fact) => fact.data as ServiceDeliveredData)),
        completedAt: completed?.occurredAt ?? null,
      },
    };
  }
}
