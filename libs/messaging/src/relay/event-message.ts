import type { RecordedEvent } from '#event-store';

/** What a mapper decides for one event: the topic and the serialized value (plus optional extra headers). */
export interface MappedEventMessage {
  topic: string;
  value: string | Buffer;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Turns a stored event into a broker message, or null to leave it out (its position still counts as
 * relayed). A mapper that throws stops the relay at that event (it is retried, never skipped).
 */
export type EventMessageMapper = (event: RecordedEvent) => MappedEventMessage | null;

/** A message ready for the broker: keyed by stream so one aggregate's events stay in one partition, in order. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers: Record<string, string>;
  /** Epoch milliseconds as a decimal string (kafkajs's format); the fact's occurredAt when it parses. */
  timestamp?: string;
}

/** The topic the default mapper writes: the internal envelope, for consumers inside the service's trust boundary. */
export const internalEventLogTopic = (topicPrefix: string): string => `${topicPrefix}.internal.event-log.v1`;

/**
 * Default mapper: every event, as its full stored envelope in JSON, to one topic. The public,
 * versioned contract mapping replaces it; both go through the same relay.
 */
export const internalEnvelopeMapper =
  (topic: string): EventMessageMapper =>
  (event) => ({
    topic,
    value: JSON.stringify({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
      data: event.data,
      metadata: event.metadata,
    }),
  });

/**
 * Headers every relayed message carries, so consumers can dedupe (eventId), route (type,
 * schemaVersion) and trace (correlationId, causationId) without parsing the value. A null
 * causationId (a user's own command) is left out rather than sent as an empty string.
 */
export const relayHeaders = (event: RecordedEvent): Record<string, string> => {
  const headers: Record<string, string> = {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: String(event.schemaVersion),
    correlationId: event.metadata.correlationId,
    streamId: event.streamId,
    revision: String(event.revision),
    position: String(event.position),
  };
  if (event.metadata.causationId !== null) headers.causationId = event.metadata.causationId;
  return headers;
};

export const toOutgoingMessage = (event: RecordedEvent, mapped: MappedEventMessage): OutgoingMessage => {
  const occurredAt = Date.parse(event.metadata.occurredAt);
  return {
    topic: mapped.topic,
    key: event.streamId,
    value: mapped.value,
    // The relay's own headers win: a mapper cannot forge the eventId consumers dedupe on.
    headers: { ...mapped.headers, ...relayHeaders(event) },
    ...(Number.isFinite(occurredAt) ? { timestamp: String(occurredAt) } : {}),
  };
};
