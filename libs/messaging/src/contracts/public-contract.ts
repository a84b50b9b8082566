/**
 * The public contract as one catalogue: a decision for every internal event type, and a JSON
 * Schema (draft 2020-12) for every integration event it publishes: the envelope plus the data.
 */
import { communityContract } from './community.contract.js';
import { donationContract } from './donation.contract.js';
import { elderContract } from './elder.contract.js';
import {
  CONTRACT_AGGREGATES,
  contractAggregates,
  type ContractAggregate,
  type ContractMajor,
  type ContractDecision,
  type PublishedDecision,
  withheld,
} from './integration-event.js';
import { ID_PATTERN, instant, integer, JSON_SCHEMA_DIALECT, type JsonSchema } from './json-schema.js';
import { matchingPoolContract } from './matching-pool.contract.js';
import { grantRoundContract } from './grant-round.contract.js';
import { needContract } from './need.contract.js';
import { organisationContract } from './organisation.contract.js';
import { projectContract } from './project.contract.js';
import { socialWorkerContract } from './social-worker.contract.js';
import { volunteerContract } from './volunteer.contract.js';
import { volunteerContractV2 } from './volunteer.contract.v2.js';

/** Internal (stored) event type -> what the public contract does with it. */
export const publicContractDecisions: Readonly<Record<string, ContractDecision>> = {
  ...communityContract,
  ...organisationContract,
  ...socialWorkerContract,
  ...volunteerContract,
  ...donationContract,
  ...matchingPoolContract,
  ...grantRoundContract,
  ...needContract,
  ...projectContract,
  // 个人信息删除: the audit trail keeps it; the log's stream id (a Kafka key) is the person's vault reference.
  PersonalDataErased: withheld(
    null,
    'Names the person by its vault reference (also its stream id, which would be the Kafka key); consumers never received personal data, so they have nothing to erase',
  ),
  ...elderContract,
  // Corrections repair read models inside the product; consumers would need a correction type of their own.
  EventCorrected: withheld(null, "An operator's correction of a stored fact (README: Recovering a stopped projection); not yet part of the contract"),
  // Webhook subscriptions name an integrator's endpoint and, for a donor, its account; the notices themselves go to the subscriber.
  WebhookSubscribed: withheld(null, "An integrator's webhook endpoint (its URL, and a donor's account): internal to the notification service"),
  WebhookSecretRotated: withheld(null, "A webhook subscription's secret was rotated: internal to the notification service"),
  WebhookSubscriptionRemoved: withheld(null, 'A webhook subscription was removed: internal to the notification service'),
};

/**
 * v2, published beside v1 (deprecated, not withdrawn): only the aggregates whose shapes changed, each
 * with every one of its facts (volunteer: hours-logged gained entryId and status). A stored type not
 * named here is published on v1 alone.
 */
export const publicContractV2Decisions: Readonly<Record<string, ContractDecision>> = {
  ...volunteerContractV2,
};

/** Each major version's catalogue: what its relay mapping publishes. */
export const publicContractDecisionsOf = (major: ContractMajor): Readonly<Record<string, ContractDecision>> =>
  major === 1 ? publicContractDecisions : publicContractV2Decisions;

/** The aggregates a major version has topics for: every one in v1; in a later version, those it carries. */
export const contractAggregatesOf = (major: ContractMajor): ContractAggregate[] =>
  major === 1
    ? [...contractAggregates]
    : contractAggregates.filter((aggregate) => Object.values(publicContractDecisionsOf(major)).some((decision) => decision.aggregate === aggregate));

export interface IntegrationEventDefinition {
  /** `wushe.need.listed.v1` */
  type: string;
  aggregate: ContractAggregate;
  major: ContractMajor;
  summary: string;
  /** The stored event type it is published for; internal, for the product's own tests and docs. */
  internalType: string;
  /**
   * The whole message value (envelope and data) as published: what a consumer may find on the topic,
   * including a shape an earlier release wrote under the type (a deprecated alternative of the data).
   */
  schema: JsonSchema;
  /** The message the current producer writes: `schema` with the data in its current shape only (the relay checks against it). */
  producedSchema: JsonSchema;
  /** What each shape an earlier release wrote under the type is (its description); empty for most types. */
  earlierShapes: string[];
}

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** Where a published schema is found by id: `urn:wushe:contract:wushe.need.listed.v1`. */
export const schemaIdOf = (type: string): string => `urn:wushe:contract:${type}`;

/** File name of a type's schema under contracts/schemas/. */
export const schemaFileOf = (type: string): string => `${type}.json`;

/**
 * The data as published: the current shape, or one of the shapes an earlier release wrote, each marked
 * deprecated (JSON Schema's `deprecated` annotation) with who wrote it. The shapes are closed objects
 * with different required keys, so exactly one matches a message (`oneOf`).
 */
const publishedDataSchema = (decision: PublishedDecision): JsonSchema =>
  decision.earlierShapes?.length
    ? {
        description: 'The current shape (the first alternative: all the current producer writes), or a deprecated shape an earlier release wrote under this type',
        oneOf: [decision.dataSchema, ...decision.earlierShapes.map((shape) => ({ ...shape.dataSchema, description: shape.description, deprecated: true }))],
      }
    : decision.dataSchema;

const messageSchema = (decision: PublishedDecision, data: JsonSchema): JsonSchema => ({
  $schema: JSON_SCHEMA_DIALECT,
  $id: schemaIdOf(decision.type),
  title: decision.type,
  description: decision.summary,
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'type', 'schemaVersion', 'occurredAt', 'correlationId', 'streamId', 'position', 'data'],
  properties: {
    eventId: { type: 'string', format: 'uuid', pattern: UUID_PATTERN, description: 'Id of the fact; a republished fact keeps it: dedupe on it' },
    type: { const: decision.type },
    schemaVersion: { const: decision.major },
    occurredAt: instant('When the fact happened'),
    correlationId: { type: 'string', pattern: '^[\\x21-\\x7E]{1,128}$', description: 'Shared by every fact one request caused' },
    streamId: {
      type: 'string',
      pattern: `^${CONTRACT_AGGREGATES[decision.aggregate].streamPrefix}-${ID_PATTERN.slice(1)}`,
      description: 'The aggregate’s stream, also the Kafka key: order holds within it',
    },
    position: integer(1, 'Position in the product’s global log; increases within a stream'),
    data,
  },
});

const definitionOf = (internalType: string, decision: PublishedDecision): IntegrationEventDefinition => {
  const schema = messageSchema(decision, publishedDataSchema(decision));
  return {
    type: decision.type, aggregate: decision.aggregate, major: decision.major, summary: decision.summary, internalType, schema,
    earlierShapes: (decision.earlierShapes ?? []).map((shape) => shape.description),
    // The very same object when no earlier shape was published: the validator compiles it once.
    producedSchema: decision.earlierShapes?.length ? messageSchema(decision, decision.dataSchema) : schema,
  };
};

let definitions: IntegrationEventDefinition[] | undefined;

/** Every published integration event of every major version, in catalogue order (v1, then v2). */
export const integrationEventDefinitions = (): IntegrationEventDefinition[] =>
  (definitions ??= [publicContractDecisions, publicContractV2Decisions].flatMap((decisions) =>
    Object.entries(decisions).flatMap(([internalType, decision]) =>
      decision.publish ? [definitionOf(internalType, decision)] : [],
    ),
  ));

export const integrationEventDefinition = (type: string): IntegrationEventDefinition | undefined =>
  integrationEventDefinitions().find((definition) => definition.type === type);
