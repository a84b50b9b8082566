/**
 * The operator's way out when a stored fact cannot be applied (a decider once let a malformed
 * command through): events are immutable, so the fix is another fact. `EventCorrected` goes into
 * the SAME stream as the event it corrects and carries that event's corrected data (current
 * schema). Everything that folds a stream (the aggregate store, the projection runner) reads the
 * corrected event in place of the stored one; the stored one stays, so the log tells what happened.
 */
import type { DomainEvent } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import { isRecord } from '../shared/command-shape.js';

export const EVENT_CORRECTED = 'EventCorrected';

export interface EventCorrectedData {
  readonly correctedEventId: string;
  /** The corrected event keeps its type: a correction fixes data, it never turns one fact into another. */
  readonly correctedType: string;
  /** The whole corrected data, in the current schema of `correctedType`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Why, for the audit trail: which fault, which source the right values came from. */
  readonly reason: string;
}
export type EventCorrected = DomainEvent<typeof EVENT_CORRECTED, EventCorrectedData>;

/** Stored type name -> current schemaVersion. */
export const correctionEventTypes = { EventCorrected: 1 } as const;

export interface CorrectEventData {
  readonly eventId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly reason: string;
}

/** What a correction needs to know of a stored event: a RecordedEvent, after upcasting, fits. */
export interface CorrectableEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
}

const isCorrection = (event: CorrectableEvent): event is CorrectableEvent & EventCorrected => event.type === EVENT_CORRECTED;

/** Decides a correction of one event of `stream` (the whole stream, in order). */
export function decideCorrection(stream: readonly CorrectableEvent[], command: CorrectEventData): EventCorrected[] {
  const target = stream.find((event) => event.eventId === command.eventId);
  if (!target) throw notFound('CORRECTED_EVENT_NOT_FOUND', `Event ${command.eventId} is not in this stream`, { eventId: command.eventId });
  if (isCorrection(target)) throw conflict('CORRECTION_NOT_CORRECTABLE', 'Correct the original event again instead of a correction');
  if (!isRecord(command.data)) throw invalid('CORRECTION_DATA_INVALID', "The correction carries the event's whole corrected data, as an object");
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason === '') throw invalid('REASON_REQUIRED', 'A correction states why, and where the right values came from');
  const latest = latestCorrections(stream).get(target.eventId);
  if (latest && JSON.stringify(latest) === JSON.stringify(command.data)) return [];
  return [{ type: EVENT_CORRECTED, data: { correctedEventId: target.eventId, correctedType: target.type, data: command.data, reason } }];
}

/** The latest corrected data per corrected event id. */
export function latestCorrections(stream: readonly CorrectableEvent[]): Map<string, Readonly<Record<string, unknown>>> {
  const corrections = new Map<string, Readonly<Record<string, unknown>>>();
  for (const event of stream) if (isCorrection(event)) corrections.set(event.data.correctedEventId, event.data.data);
  return corrections;
}

/** The stream as if every corrected event had been stored right: corrected data in place, corrections left out. */
export function applyCorrections<Event extends CorrectableEvent>(stream: readonly Event[]): Event[] {
  const corrections = latestCorrections(stream);
  if (corrections.size === 0) return [...stream];
  return stream
    .filter((event) => !isCorrection(event))
    .map((event) => (corrections.has(event.eventId) ? { ...event, data: corrections.get(event.eventId) } : event));
}
