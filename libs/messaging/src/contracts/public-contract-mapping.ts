import { domainEventRegistry } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { EventMessageMapper } from '../relay/event-message.js';
import type { RelayMapping } from '../relay/launch-relay.js';
import { contractValidator } from './contract-validator.js';
import { CONTRACT_MAJOR_VERSION, publicTopic, publicTopics, type IntegrationEventEnvelope } from './integration-event.js';
import type { PublishedDecision } from './integration-event.js';
import { publicContractDecisions } from './public-contract.js';

/** The relay's checkpoint name for the public contract: a new major version gets its own. */
export const PUBLIC_CONTRACT_RELAY_NAME = `public-contract-v${CONTRACT_MAJOR_VERSION}`;

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
 * The integration event for a stored event, or null when the contract withholds its type.
 * Pure: upcasts, applies the type's mapper (which copies only what the contract names) and wraps
 * it in the envelope. Throws for a type without a decision.
 */
export const toIntegrationEvent = (event: RecordedEvent, upcaster: ContractUpcaster = domainEventRegistry): IntegrationEventEnvelope | null => {
  const decision = publicContractDecisions[event.type];
  if (!decision) throw new UnmappedEventTypeError(event.type);
  if (!decision.publish) return null;
  const current = upcaster.upcast(event);
  return {
    eventId: event.eventId,
    type: decision.type,
    schemaVersion: CONTRACT_MAJOR_VERSION,
    occurredAt: event.metadata.occurredAt,
    correlationId: event.metadata.correlationId,
    streamId: event.streamId,
    position: event.position,
    data: decision.toData(current.data as Record<string, unknown>),
  };
};

export interface PublicContractMapperOptions {
  topicPrefix: string;
  upcaster?: ContractUpcaster;
}

/**
 * The relay mapper for the public contract: each published event goes to its aggregate's topic,
 * validated against its schema first, so nothing outside the contract (a field added by mistake,
 * an unknown category) ever reaches a consumer. A failure stops the relay on that event (it is
 * retried, never skipped) and shows in /health.
 */
export const publicContractMapper = (options: PublicContractMapperOptions): EventMessageMapper => {
  const validator = contractValidator();
  return (event) => {
    const integration = toIntegrationEvent(event, options.upcaster);
    if (!integration) return null;
    const violation = validator.check(integration);
    if (violation) throw new ContractViolationError(violation.type, violation.problems);
    const decision = publicContractDecisions[event.type] as PublishedDecision;
    const aggregate = decision.aggregate;
    return {
      topic: publicTopic(options.topicPrefix, aggregate),
      value: JSON.stringify(integration),
      headers: { [CONTRACT_TYPE_HEADER]: integration.type, [CONTENT_TYPE_HEADER]: 'application/json' },
    };
  };
};

/** What the relay runs to publish the public contract (apps/relay, and the API's in-process relay). */
export const publicContractMapping = (options: PublicContractMapperOptions & { name?: string }): RelayMapping => ({
  name: options.name ?? PUBLIC_CONTRACT_RELAY_NAME,
  mapEvent: publicContractMapper(options),
  topics: publicTopics(options.topicPrefix),
});
