/**
 * The public, versioned contract analytics consumers read: integration events, separate from the
 * stored domain events so the domain can change its shapes (and keep personal references) without
 * breaking or exposing anything outside.
 *
 * Naming (see ./README.md):
 * - integration event type: `wushe.<aggregate>.<fact>.v<major>`, e.g. `wushe.need.listed.v1`;
 *   the namespace is fixed (it names the contract, not a deployment), the fact is the past-tense
 *   verb phrase in kebab-case, and the major version changes only with a breaking change;
 * - topic: `<prefix>.<aggregate>.v<major>`, e.g. `wushe.need.v1`, one per aggregate, keyed by the
 *   stream id so one aggregate's events stay in one partition, in order.
 */
import type { JsonSchema } from './json-schema.js';

export const CONTRACT_NAMESPACE = 'wushe';

/** The contract's first major version: part of every type name and topic name; every aggregate has it. */
export const CONTRACT_MAJOR_VERSION = 1;

/**
 * The major versions published side by side. A new major is published for the aggregates whose
 * shapes changed (their whole topic, so order within a stream holds), by a relay mapping of its own
 * with its own checkpoint (it publishes the log from the start); the older one stays, deprecated,
 * until consumers have moved (README "Changing the contract").
 */
export const CONTRACT_MAJORS = [1, 2] as const;
export type ContractMajor = (typeof CONTRACT_MAJORS)[number];

/** Each aggregate: its topic segment and the stream prefix its stream ids start with. */
export const CONTRACT_AGGREGATES = {
  community: { streamPrefix: 'community', title: 'Communities (社区/村): the platform and its population' },
  organisation: { streamPrefix: 'organisation', title: 'Community social organisations (社会组织): registration, inspection, grade, exit' },
  'social-worker': { streamPrefix: 'socialworker', title: 'Professional social workers (社工): base, certification, assignments' },
  volunteer: { streamPrefix: 'volunteer', title: 'Community volunteers (志愿者): registration, assignments, hours' },
  donation: { streamPrefix: 'donation', title: 'Charitable resources (慈善资源): pledges, matches, disbursements' },
  'matching-pool': { streamPrefix: 'matchingpool', title: 'Matching pools (配捐): pledged pools and the match each gift drew' },
  'grant-round': { streamPrefix: 'grantround', title: 'Grant rounds (公益创投): applications, reviewers\' scores and the awards from them' },
  need: { streamPrefix: 'need', title: "Residents' needs (居民需求清单): listed, matched, fulfilled" },
  project: { streamPrefix: 'project', title: 'Service projects and stations (民生项目清单): purchase, contract, delivery, evaluation' },
  elder: { streamPrefix: 'elder', title: 'Elderly people in special difficulty (特殊困难老年人): the register and monthly home visits' },
} as const;
export type ContractAggregate = keyof typeof CONTRACT_AGGREGATES;
export const contractAggregates = Object.keys(CONTRACT_AGGREGATES) as ContractAggregate[];

export const publicTopic = (topicPrefix: string, aggregate: ContractAggregate, major: ContractMajor = CONTRACT_MAJOR_VERSION): string =>
  `${topicPrefix}.${aggregate}.v${major}`;

/** The v1 topics, one per aggregate (what a consumer of the whole v1 contract subscribes to). */
export const publicTopics = (topicPrefix: string): string[] => contractAggregates.map((aggregate) => publicTopic(topicPrefix, aggregate));

/** `wushe.need.listed.v1` from the aggregate and the fact. */
export const integrationEventType = (aggregate: ContractAggregate, fact: string, major: ContractMajor = CONTRACT_MAJOR_VERSION): string =>
  `${CONTRACT_NAMESPACE}.${aggregate}.${fact}.v${major}`;

/** What every integration event carries around its data: enough to dedupe, order, route and trace. */
export interface IntegrationEventEnvelope<Type extends string = string, Data = unknown> {
  /** The stored event's id: the same fact republished has the same eventId (dedupe on it). */
  eventId: string;
  type: Type;
  /** The contract's major version, also the `.vN` of the type. */
  schemaVersion: number;
  occurredAt: string;
  /** Ties together every fact one request caused. */
  correlationId: string;
  /** `<stream prefix>-<aggregate id>`: the Kafka key; order holds per stream. */
  streamId: string;
  /** The event's global position in the product's log: increasing within a stream. */
  position: number;
  data: Data;
}

/** The internal event's data after upcasting to its current schema version. */
type InternalData = Record<string, unknown>;

/** Published: the integration type, its data schema and the mapper that drops everything personal. */
export interface PublishedDecision {
  readonly publish: true;
  readonly aggregate: ContractAggregate;
  /** The major version it belongs to: its type's and topic's `.vN`, the envelope's schemaVersion. */
  readonly major: ContractMajor;
  readonly type: string;
  readonly summary: string;
  readonly dataSchema: JsonSchema;
  readonly toData: (internal: InternalData) => unknown;
  /**
   * Published only for the facts this holds for (absent: every fact of the type). A fact it does not
   * hold for is not a message of this type at all (v1 hours-logged: only hours that count when logged).
   */
  readonly publishes?: (internal: InternalData) => boolean;
  /**
   * Shapes an earlier release published under this very type, which a consumer replaying the topic
   * still meets: the published schema accepts each as a deprecated alternative of `dataSchema`. The
   * current producer never writes one (the relay checks its messages against `dataSchema` alone).
   */
  readonly earlierShapes?: readonly EarlierShape[];
}

/** A data shape an earlier release wrote under a type (README "Shapes an earlier release wrote"). */
export interface EarlierShape {
  /** Which release wrote it, until when, and how a consumer reads it: the alternative's description. */
  readonly description: string;
  readonly dataSchema: JsonSchema;
}

/** Deliberately not published, with the reason (a reviewer reads it; the tests require one). */
export interface WithheldDecision {
  readonly publish: false;
  /** null for a fact that may sit in any aggregate's stream (an operator's EventCorrected). */
  readonly aggregate: ContractAggregate | null;
  readonly reason: string;
}

export type ContractDecision = PublishedDecision | WithheldDecision;

/**
 * Declares a published integration event. The mapper is typed against the internal event's data,
 * so a renamed internal field fails to compile here instead of silently dropping out.
 */
export const published = <Internal, Data>(
  aggregate: ContractAggregate,
  fact: string,
  summary: string,
  dataSchema: JsonSchema,
  toData: (internal: Internal) => Data,
  options: { readonly major?: ContractMajor; readonly publishes?: (internal: Internal) => boolean; readonly earlierShapes?: readonly EarlierShape[] } = {},
): ContractDecision =>
  ({
    publish: true,
    aggregate,
    major: options.major ?? CONTRACT_MAJOR_VERSION,
    type: integrationEventType(aggregate, fact, options.major ?? CONTRACT_MAJOR_VERSION),
    summary,
    dataSchema,
    // Safe: the relay hands each mapper only events of the internal type it is registered under.
    toData: toData as unknown as PublishedDecision['toData'],
    ...(options.publishes ? { publishes: options.publishes as unknown as NonNullable<PublishedDecision['publishes']> } : {}),
    ...(options.earlierShapes ? { earlierShapes: options.earlierShapes } : {}),
  });

export const withheld = (aggregate: ContractAggregate | null, reason: string): ContractDecision => ({ publish: false, aggregate, reason });
