import { randomUUID } from 'node:crypto';
import type { HandledCommand } from '#event-store';
import type { Infrastructure } from '#platform';

export interface EventCorrectionRequest {
  /** The stream of the event, as /health names it (`community-c-1`). */
  readonly streamId: string;
  /** The event's id, as /health names it. */
  readonly eventId: string;
  /** The event's whole corrected data, in its current schema. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Why, and where the right values came from. */
  readonly reason: string;
  /** The operator, for the audit trail. */
  readonly operatorId: string;
}

/**
 * The operator's correction of a stored event that a projection cannot apply (README: "Recovering
 * a stopped projection"). Stores an EventCorrected in the event's stream; the projection runner
 * resumes the stopped projection with the corrected data, the aggregate folds it too.
 */
export const correctStoredEvent = (infrastructure: Infrastructure, request: EventCorrectionRequest): Promise<HandledCommand> =>
  infrastructure.aggregates.correct(
    request.streamId,
    { eventId: request.eventId, data: request.data, reason: request.reason },
    { correlationId: `correction-${randomUUID()}`, causationId: request.eventId, actor: { id: request.operatorId, role: 'operator' } },
  );
