import { randomUUID } from 'node:crypto';
import { type CommandEnvelope, deterministicUuid } from '#event-store';

/**
 * The id of something a POST creates. With an Idempotency-Key it is derived from the key, so a
 * retry targets the same stream and finds its first attempt instead of creating a twin.
 */
export const newId = (envelope: CommandEnvelope, purpose: string): string =>
  envelope.idempotencyKey ? deterministicUuid('id', purpose, envelope.idempotencyKey) : randomUUID();
