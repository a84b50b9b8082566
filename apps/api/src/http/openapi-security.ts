import type { OpenAPIObject } from '@nestjs/swagger';
import { isPublicRoute } from './authentication.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const errorBody = (description: string, example: { statusCode: number; code: string; message: string }) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['statusCode', 'code', 'message'],
        properties: { statusCode: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, correlationId: { type: 'string' } },
      },
      example,
    },
  },
});

/**
 * Marks every protected operation with the bearer scheme and its 401/403 answers, from the same
 * table the request hook enforces (isPublicRoute); public operations carry neither.
 */
export const declareSecurity = (document: OpenAPIObject, scheme: string): OpenAPIObject => {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (isPublicRoute(method, path)) {
        delete operation.security;
        continue;
      }
      operation.security = [{ [scheme]: [] }];
      operation.responses ??= {};
      operation.responses['401'] ??= errorBody('AUTHENTICATION_REQUIRED (no token), TOKEN_EXPIRED, or TOKEN_INVALID (bad signature, alg none, wrong issuer or audience, unknown role, malformed)', {
        statusCode: 401,
        code: 'AUTHENTICATION_REQUIRED',
        message: 'Send Authorization: Bearer <token>',
      });
      operation.responses['403'] ??= errorBody(
        'ROLE_NOT_ALLOWED: the token claims a role no person may hold (system); on commands also ROLE_NOT_PERMITTED (the role may not ask this), ' +
          'OUTSIDE_YOUR_AREA (the command names an area outside the token\'s), NOT_YOUR_RECORD (another organisation\'s or donor\'s record the actor may read); ' +
          'a record the actor may not read answers 404 as an unknown id. ' +
          'Reads answer 404 for records outside the token\'s scope (README "Who may see what")',
        { statusCode: 403, code: 'ROLE_NOT_ALLOWED', message: "The role system belongs to the service's own policies; no token may claim it" },
      );
    }
  }
  return document;
};
