import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { envelopeActor } from '#application';
import type { CommandEnvelope } from '#event-store';
import { HttpApiError } from './api-error.js';
import { authenticatedActor } from './authentication.js';
import { CORRELATION_ID } from './correlation.js';

/** The roles live with the identity in the application layer; re-exported for the HTTP layer's users. */
export { ACTOR_ROLES, type ActorRole } from '#application';

/**
 * The actor of a command: the verified token's subject, role, area and organisation, never anything
 * the client chose. The authentication hook already refused requests without a valid token; this is
 * the second lock for a route someone forgot to protect.
 */
export const actorFromRequest = (request: FastifyRequest): CommandEnvelope['actor'] => {
  const actor = authenticatedActor(request);
  if (!actor) throw new HttpApiError(401, 'AUTHENTICATION_REQUIRED', 'Send Authorization: Bearer <token> with every command');
  return envelopeActor(actor);
};

const SAFE_TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Canonical JSON (sorted keys) so the same request always hashes the same. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/**
 * Builds the command envelope of this request: actor, correlation id and the Idempotency-Key,
 * scoped to actor and route so two users' keys never collide.
 */
export const envelopeFromRequest = (request: FastifyRequest): CommandEnvelope => {
  const actor = actorFromRequest(request);
  const correlationId = (request as unknown as Record<string, string>)[CORRELATION_ID]!;
  const envelope: CommandEnvelope = { correlationId, causationId: null, actor };
  const key = request.headers['idempotency-key'];
  if (key !== undefined) {
    if (typeof key !== 'string' || !SAFE_TOKEN.test(key)) {
      throw new HttpApiError(400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1-128 characters of [A-Za-z0-9._:@-]');
    }
    const route = request.routeOptions.url ?? request.url;
    envelope.idempotencyKey = `${actor.id}|${request.method} ${route}|${key}`;
    envelope.requestHash = createHash('sha256')
      .update(canonical({ params: request.params ?? {}, body: request.body ?? null }))
      .digest('base64url');
  }
  return envelope;
};

/** `@Envelope() envelope: CommandEnvelope` in a controller method. */
export const Envelope = createParamDecorator((_data: unknown, context: ExecutionContext): CommandEnvelope =>
  envelopeFromRequest(context.switchToHttp().getRequest<FastifyRequest>()),
);
