import { EVENT_CORRECTED, latestCorrections, type EventCorrectedData } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { ProjectionLogger } from './projection-runner.js';

/**
 * Operators' corrected data by corrected eventId (README: "Recovering a stopped projection"),
 * learnt from the EventCorrected facts the runner reads and from the failing event's stream when a
 * handler throws: an event is only ever applied as stored or as an operator corrected it.
 */
export class OperatorCorrections {
  private readonly byEventId = new Map<string, Readonly<Record<string, unknown>>>();

  constructor(
    private readonly store: EventStore,
    private readonly logger: ProjectionLogger,
  ) {}

  /** The event as an operator corrected it, if one did; a correction itself is remembered on the way. */
  apply(event: RecordedEvent, projection: string): RecordedEvent {
    if (event.type === EVENT_CORRECTED) {
      const correction = event.data as EventCorrectedData;
      this.byEventId.set(correction.correctedEventId, correction.data);
      return event;
    }
    const data = this.byEventId.get(event.eventId);
    if (data === undefined) return event;
    // Never silent: every projection that reads the corrected data in place of the stored data says so.
    this.logger.warn(
      { projection, position: event.position, eventId: event.eventId, eventType: event.type, streamId: event.streamId },
      `Applying the operator's correction of event #${event.position} ${event.type} of stream ${event.streamId} in place of the stored data`,
    );
    return { ...event, data };
  }

  /**
   * Looks in the failing event's stream for a correction stored after it. True when one is newly
   * known (the event is then applied as corrected); false when there is none, or when the corrected
   * data fails too: then the projection stops, naming the event.
   */
  async learnFromStreamOf(event: RecordedEvent): Promise<boolean> {
    if (this.byEventId.has(event.eventId)) return false;
    const data = latestCorrections(await this.store.readStream(event.streamId)).get(event.eventId);
    if (data === undefined) return false;
    this.byEventId.set(event.eventId, data);
    return true;
  }
}
