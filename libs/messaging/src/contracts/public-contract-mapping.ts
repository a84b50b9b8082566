import { domainEventRegistry } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { EventMessageMapper } from '../relay/event-message.js';
import type { RelayMapping } from '../relay/launch-relay.js';
import { contractValidator } from './contract-validator.js';
import { CONTRACT_MAJOR_VERSION, type ContractMajor, publicTopic, type IntegrationEventEnvelope } from './integration-event.js';
import type { PublishedDecision } from './integration-event.js';
import { contractAggregatesOf, publicContractDecisions, publicContractDecisionsOf } from './public-contract.js';

/** The relay's checkpoint name for a major version of the public contract: each has its own. */
export const publicContractRelayName = (major: ContractMajor): string => `public-contract-v${major}`;
export const PUBLIC_CONTRACT_RELAY_NAME = publicContractRelayName(CONTRACT_MAJOR_VERSION);

/** Headers the mapping adds to the relay's own (eventId, streamId, position, ...). */
export const CONTRACT_TYPE_HEADER = 'contractType';
export const CONTENT_TYPE_HEADER = 'contentType';

/** Reads any stored version of an event as its current shape. */
export interface ContractUpcaster {
  upcast(event: { type: string; schemaVersion: number; data: unknown }): { type: string; data: unknown };
}

/** A stored event type the contract has no decision for: the relay stops on it rather than guess. */
export class UnmappedEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`No public contract decision for event type ${eventType}: publish or withhold it in libs/messaging/src/contracts`);
    this.name = 'UnmappedEventTypeError';
  }
}

/** A mapper produced a message its own schema refuses: a bug, never sent. */
export class ContractViolationError extends Error {
  constructor(
    readonly integrationType: string,
    readonly problems: string[],
  ) {
    super(`${integrationType} does not match its schema: ${problems.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

/**
 * The integration event of a major version for a stored event, or null when that version withholds
 * its type, does not carry it (v2 carries only the aggregates it changed), or does not publish this
 * fact of it. Pure: upcasts, applies the type's mapper (which copies only what the contract names)
 * and wraps it in the envelope. Throws for a type without a v1 decision.
 */
export const toIntegrationEvent = (
  event: RecordedEvent,
  upcaster: ContractUpcaster = domainEventRegistry,
  major: ContractMajor = CONTRACT_MAJOR_VERSION,
): IntegrationEventEnvelope | null => {
  if (!publicContractDecisions[event.type]) throw new UnmappedEventTypeError(event.type);
  const decision = publicContractDecisionsOf(major)[event.type];
  if (!decision?.publish) return null;
  const current = upcaster.upcast(event);
  const data = current.data as Record<string, unknown>;
  if (decision.publishes && !decision.publishes(data)) return null;
  return {
    eventId: event.eventId,
    type: decision.type,
    schemaVersion: decision.major,
    occurredAt: event.metadata.occurredAt,
    correlationId: event.metadata.correlationId,
    streamId: event.streamId,
    position: event.position,
    data: decision.toData(data),
  };
};

export interface PublicContractMapperOptions {
  topicPrefix: string;
  upcaster?: ContractUpcaster;
  /** Which major version this mapping publishes (default 1); each runs as its own relay. */
  major?: ContractMajor;
}

/**
 * The relay mapper for the public contract: each published event goes to its aggregate's topic,
 * validated against its type's current shape first (`checkProduced`), so nothing outside the
 * contract (a field added by mistake, an unknown category, a shape an earlier release wrote) ever
 * reaches a consumer. A failure stops the relay on that event (it is retried, never skipped) and
 * shows in /health.
 */
export const publicContractMapper = (options: PublicContractMapperOptions): EventMessageMapper => {
  const validator = contractValidator();
  const major = options.major ?? CONTRACT_MAJOR_VERSION;
  return (event) => {
    const integration = toIntegrationEvent(event, options.upcaster, major);
    if (!integration) return null;
    // The current shape only: a shape an earlier release wrote is described for consumers, never written again.
    const violation = validator.checkProduced(integration);
    if (violation) throw new ContractViolationError(violation.type, violation.problems);
    const decision = publicContractDecisionsOf(major)[event.type] as PublishedDecision;
    return {
      topic: publicTopic(options.topicPrefix, decision.aggregate, major),
      value: JSON.stringify(integration),
      headers: { [CONTRACT_TYPE_HEADER]: integration.type, [CONTENT_TYPE_HEADER]: 'application/json' },
    };
  };
};

/**
 * What a relay runs to publish one major version of the public contract (apps/relay and the API's
 * in-process relay run one per version, side by side): its checkpoint, mapper and topics.
 */
export const publicContractMapping = (options: PublicContractMapperOptions & { name?: string }): RelayMapping => {
  const major = options.major ?? CONTRACT_MAJOR_VERSION;
  return {
    name: options.name ?? publicContractRelayName(major),
    mapEvent: publicContractMapper(options),
    topics: contractAggregatesOf(major).map((aggregate) => publicTopic(options.topicPrefix, aggregate, major)),
  };
};
