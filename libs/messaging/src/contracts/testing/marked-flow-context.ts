/**
 * What every step of the marked domain flow shares: the flow's own clock, the markers it hands out, one
 * way to send a command through the real deciders, and the facts a command carries about other
 * aggregates. Each step (one file each, beside this one) takes it and returns the ids later steps name.
 */
import {
  chinaDateOf,
  chinaDateTimeOf,
  communityDecider,
  domainEventRegistry,
  organisationDecider,
  projectDecider,
  socialWorkerDecider,
  toCommunityFacts,
  toOrganisationFacts,
  toProjectFacts,
  toSocialWorkerFacts,
  type CommunityFacts,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  type OrganisationFacts,
  type ProjectFacts,
  type SocialWorkerFacts,
} from '#domain';
import { AggregateStore, type EventStore } from '#event-store';

export const MARKER_PREFIX = 'PII-MARKER';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A Beijing wall-clock minute, `YYYY-MM-DDTHH:mm`, as pools and grant rounds take their windows. */
export const beijingMinute = (instant: Date): string => chinaDateTimeOf(instant).slice(0, 16);

export interface MarkedFlowOptions {
  /** Where the flow starts; its deliveries and reports must not lie in the future of the real clock. */
  start?: Date;
  /** Prefix for every id, so the flow can run twice in one store. */
  idPrefix?: string;
}

export interface MarkedFlow {
  readonly store: EventStore;
  readonly aggregates: AggregateStore;
  /** Every marker value handed out so far; none may appear in a published message. */
  readonly markers: string[];
  /** A new marker naming the field it goes into. */
  mark(field: string): string;
  /** A value whose format the domain checks, kept as a marker as it is: still unique enough to scan for. */
  markExactly(value: string): string;
  /** The id with the run's prefix. */
  idOf(name: string): string;
  /** Sends a command as `role`; the acting user's id and the idempotency key are marked (both are personal). */
  send<State, Command extends DomainCommand, Event extends DomainEvent>(
    decider: Decider<State, Command, Event>,
    aggregateId: string,
    command: Command,
    role?: string,
  ): ReturnType<AggregateStore['handle']>;
  /** The account of the last command's actor. */
  lastActor(): string;
  /** Moves the flow's clock on by `ms`. */
  advance(ms: number): void;
  /** The flow's clock now. */
  now(): Date;
  /** The instant `ms` after the flow's clock now. */
  later(ms: number): Date;
  /** The Beijing date of the flow's clock. */
  today(): string;
  community(communityId: string): Promise<CommunityFacts>;
  organisation(organisationId: string): Promise<OrganisationFacts>;
  socialWorker(socialWorkerId: string): Promise<SocialWorkerFacts>;
  project(projectId: string): Promise<ProjectFacts>;
}

export function startMarkedFlow(store: EventStore, options: MarkedFlowOptions = {}): MarkedFlow {
  // Two purchases each wait out a standstill of 7 working days (质疑期), one of them twice.
  let now = new Date(options.start ?? Date.now() - 60 * DAY);
  const aggregates = new AggregateStore(store, domainEventRegistry, { clock: () => new Date(now) });
  const markers: string[] = [];
  const mark = (field: string): string => {
    const value = `${MARKER_PREFIX}-${field}`;
    markers.push(value);
    return value;
  };
  let commandCount = 0;
  return {
    store,
    aggregates,
    markers,
    mark,
    markExactly: (value) => {
      markers.push(value);
      return value;
    },
    idOf: (name) => `${options.idPrefix ?? ''}${name}`,
    send: (decider, aggregateId, command, role = 'civil_affairs_bureau') => {
      commandCount += 1;
      return aggregates.handle(decider, aggregateId, command, {
        correlationId: `marked-flow-${commandCount}`,
        causationId: null,
        actor: { id: mark(`actor-${commandCount}`), role },
        idempotencyKey: mark(`idempotency-key-${commandCount}`),
        requestHash: `hash-${commandCount}`,
      });
    },
    lastActor: () => `${MARKER_PREFIX}-actor-${commandCount}`,
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
    now: () => now,
    later: (ms) => new Date(now.getTime() + ms),
    today: () => chinaDateOf(now),
    community: async (communityId) => toCommunityFacts((await aggregates.load(communityDecider, communityId)).state),
    organisation: async (organisationId) => toOrganisationFacts((await aggregates.load(organisationDecider, organisationId)).state),
    socialWorker: async (socialWorkerId) => toSocialWorkerFacts((await aggregates.load(socialWorkerDecider, socialWorkerId)).state),
    project: async (projectId) => toProjectFacts((await aggregates.load(projectDecider, projectId)).state),
  };
}
