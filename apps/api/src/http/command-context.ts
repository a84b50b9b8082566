import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CommandEnvelope } from '#event-store';
import { HttpApiError } from './api-error.js';
import { CORRELATION_ID } from './correlation.js';

/** Roles an actor may hold; authentication (a later issue) will vouch for them instead of headers. */
export const ACTOR_ROLES = [
  'community_committee',
  'civil_affairs_bureau',
  'social_organisation',
  'social_worker',
  'volunteer',
  'donor',
  'charity_base',
  'resident',
  'system',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

const SAFE_TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

/**
 * The seam where authentication plugs in: today the actor comes from X-Actor-Id / X-Actor-Role;
 * a later issue replaces this function with one that reads a verified token. Nothing else changes.
 */
export const actorFromRequest = (request: FastifyRequest): CommandEnvelope['actor'] => {
  const id = request.headers['x-actor-id'];
  const role = request.headers['x-actor-role'];
  if (typeof id !== 'string' || !SAFE_TOKEN.test(id) || typeof role !== 'string') {
    throw new HttpApiError(401, 'ACTOR_REQUIRED', 'Send X-Actor-Id (1-128 safe characters) and X-Actor-Role with every command');
  }
  if (!(ACTOR_ROLES as readonly string[]).includes(role)) {
    throw new HttpApiError(401, 'ACTOR_ROLE_UNKNOWN', `X-Actor-Role must be one of ${ACTOR_ROLES.join(', ')}`);
  }
  return { id, role };
};

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
