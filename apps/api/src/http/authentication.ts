import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedActor } from '#application';
import { AuthenticationError, type TokenVerifier } from '#platform';
import type { ApiErrorBody } from './api-error.js';
import { CORRELATION_ID } from './correlation.js';
import { isConsoleRoute } from '../web/console-static.js';

/**
 * What needs no token: health, the API docs, and the anonymous notice-board view of the three public
 * lists (needs, projects, donations: no personal field in them) and the open-contracting disclosures. Everything else, including every
 * detail view (a volunteer's or social worker's record carries a real name), requires a bearer token.
 * One table, read both by the request hook and by the OpenAPI document, so the two cannot disagree.
 */
const PUBLIC_LISTS = new Set(['/needs', '/projects', '/donations']);
/** Open contracting (OCDS) is public disclosure by design; both spellings of the route (Fastify's and OpenAPI's). */
const PUBLIC_DISCLOSURES = new Set(['/ocds/releases', '/projects/:projectId/ocds', '/projects/{projectId}/ocds']);

export const isPublicRoute = (method: string, path: string): boolean => {
  const upper = method.toUpperCase();
  if (upper === 'OPTIONS') return true; // CORS preflight: answered by @fastify/cors, carries no credentials.
  // The embedded mode's demo sign-in (a route only that mode registers) is how a person gets a token.
  if (upper === 'POST' && path === '/auth/demo-sign-in') return true;
  if (upper !== 'GET' && upper !== 'HEAD') return false;
  if (path === '/health' || path.startsWith('/health/')) return true;
  if (path === '/docs' || path.startsWith('/docs/') || path === '/docs-json' || path === '/docs-yaml') return true;
  if (path === '/auth/demo-users' || isConsoleRoute(path)) return true;
  return PUBLIC_LISTS.has(path) || PUBLIC_DISCLOSURES.has(path);
};

type Authentication = { actor: AuthenticatedActor } | { error: AuthenticationError } | { anonymous: true };

const AUTHENTICATION = Symbol('wushe.authentication');
type WithAuthentication = FastifyRequest & { [AUTHENTICATION]?: Authentication };

/** The verified actor of this request, or undefined for an anonymous one. */
export const authenticatedActor = (request: FastifyRequest): AuthenticatedActor | undefined => {
  const authentication = (request as WithAuthentication)[AUTHENTICATION];
  return authentication && 'actor' in authentication ? authentication.actor : undefined;
};

const BEARER = /^Bearer ([A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

const refuse = (request: FastifyRequest, reply: FastifyReply, error: AuthenticationError): FastifyReply => {
  if (error.status === 401) {
    // RFC 6750: tell the client which scheme, and whether the token it sent was the problem.
    const detail = error.code === 'AUTHENTICATION_REQUIRED' ? '' : `, error="invalid_token", error_description="${error.code}"`;
    void reply.header('www-authenticate', `Bearer realm="wushe"${detail}`);
  }
  const body: ApiErrorBody = {
    statusCode: error.status,
    code: error.code,
    message: error.message,
    correlationId: (request as unknown as Record<string, string>)[CORRELATION_ID],
  };
  return reply.code(error.status).send(body);
};

/**
 * Two hooks. onRequest verifies the bearer token (if any) and remembers who is asking, before the rate
 * limiter keys its buckets by that subject. preParsing, after the limiter, refuses: a bad token
 * anywhere, no token on a protected route. Nothing is parsed, decided or stored for a refused request.
 * X-Actor-Id / X-Actor-Role are ignored: they identify no one any more.
 */
export const registerAuthentication = (fastify: FastifyInstance, verifier: TokenVerifier): void => {
  fastify.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    let authentication: Authentication;
    if (header === undefined || header === '') {
      authentication = { anonymous: true };
    } else {
      const match = BEARER.exec(header);
      if (!match) {
        authentication = { error: new AuthenticationError(401, 'TOKEN_INVALID', 'Authorization must be "Bearer <token>" with a signed JWT (header.payload.signature)') };
      } else {
        try {
          authentication = { actor: await verifier.verify(match[1]!) };
        } catch (error) {
          authentication = {
            error: error instanceof AuthenticationError ? error : new AuthenticationError(401, 'TOKEN_INVALID', 'The token could not be verified'),
          };
        }
      }
    }
    (request as WithAuthentication)[AUTHENTICATION] = authentication;
  });

  fastify.addHook('preParsing', async (request, reply) => {
    const authentication = (request as WithAuthentication)[AUTHENTICATION];
    if (authentication && 'error' in authentication) return refuse(request, reply, authentication.error);
    if (authentication && 'actor' in authentication) return;
    const route = request.routeOptions.url;
    // An unknown path answers its 404 without a token: the routes are public in the OpenAPI document anyway.
    if (route === undefined || isPublicRoute(request.method, route)) return;
    const legacy = request.headers['x-actor-id'] !== undefined || request.headers['x-actor-role'] !== undefined;
    return refuse(
      request,
      reply,
      new AuthenticationError(
        401,
        'AUTHENTICATION_REQUIRED',
        legacy
          ? 'X-Actor-Id / X-Actor-Role are no longer accepted: send Authorization: Bearer <token> (npm run -s token -- --help)'
          : 'Send Authorization: Bearer <token> (in the embedded mode: npm run -s token -- --role <role> --subject <id> --area <path>)',
      ),
    );
  });
};

/** Rate-limit bucket: the token's subject when authenticated, else the client address. */
export const rateLimitKey = (request: FastifyRequest): string => {
  const actor = authenticatedActor(request);
  return actor ? `user:${actor.issuer}|${actor.id}` : `ip:${request.ip}`;
};
