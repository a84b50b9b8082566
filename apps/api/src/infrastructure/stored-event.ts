import type { IEvent } from '@nestjs/cqrs';
import type { RecordedEvent } from '#event-store';

/**
 * What the in-process EventBus carries: an event that is already stored, with its envelope.
 * Nothing is published before the append succeeded.
 */
export class StoredEvent implements IEvent {
  constructor(readonly event: RecordedEvent) {}
}
