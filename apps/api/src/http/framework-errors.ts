import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from './api-error.js';
import { HttpApiError } from './api-error.js';

/**
 * The answers the platform itself would give (Fastify's router, Node's HTTP server) before any of our
 * code runs, each turned into the product's error body with a stable code (README "Errors"). Without
 * this a client saw `FST_ERR_MAX_PARAM_LENGTH`, `FST_ERR_BAD_URL`, a bodiless 400 or 417, or a
 * connection closed without an answer: codes and shapes we never documented and cannot keep stable.
 * (Node's parser errors are answered in client-error.ts; Nest's 404 and the body parser in error.filter.ts.)
 */

/** Fastify's router errors, raised before a route is chosen, by their Fastify code. */
const ROUTER_ERRORS: Record<string, { statusCode: number; code: string; message: string }> = {
  // A path segment longer than the router takes (maxParamLength, 100): no id is that long (ID_PATTERN: 64).
  FST_ERR_MAX_PARAM_LENGTH: { statusCode: 414, code: 'URI_TOO_LONG', message: 'A path segment is longer than any id the API has (at most 64 characters)' },
  FST_ERR_BAD_URL: { statusCode: 400, code: 'MALFORMED_URL', message: 'The path is not valid percent-encoded UTF-8' },
};

const send = (reply: FastifyReply, body: ApiErrorBody): void => {
  void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
};

/** Fastify's `frameworkErrors` option: its router's own refusals, in our body. */
export const answerFrameworkError = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  const known = ROUTER_ERRORS[error.code];
  send(reply, known ?? { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Unexpected error; it has been logged' });
};

/** Writes an answer straight to a socket that has no response object (CONNECT). */
const answerOnSocket = (socket: Duplex, body: ApiErrorBody, extraHeaders = ''): void => {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${body.statusCode} ${STATUS_CODES[body.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n${extraHeaders}` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
};

/**
 * Node's own answers, on the server: an `Expect` other than 100-continue (Node: a bodiless 417) and
 * CONNECT (Node: the connection closed without a word; the API is no proxy).
 */
export const answerProtocolRequests = (server: Server): void => {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const body: ApiErrorBody = { statusCode: 417, code: 'EXPECTATION_FAILED', message: 'The API honours only Expect: 100-continue' };
    response.writeHead(417, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(JSON.stringify(body));
  });
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    answerOnSocket(socket, { statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'CONNECT is not a method of this API (it is no proxy)' }, 'Allow: GET, HEAD, POST, DELETE\r\n');
  });
};

/** Node's server options for the above: the Host check is ours (below), so that it answers our body. */
export const HTTP_SERVER_OPTIONS = { requireHostHeader: false } as const;

const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * Early refusals of requests no route should see: HTTP/1.1 without Host (RFC 9112 §3.2; Node's own
 * check answered a bodiless 400), and a body on GET or HEAD, which no query reads — a client that put
 * its filters there would otherwise get every row back as if it had asked for them.
 */
export const registerRequestFraming = (fastify: FastifyInstance): void => {
  fastify.addHook('onRequest', async (request) => {
    const raw = request.raw;
    if (raw.httpVersionMajor === 1 && raw.httpVersionMinor === 1 && (raw.headers.host === undefined || raw.headers.host === '')) {
      throw new HttpApiError(400, 'MALFORMED_REQUEST', 'An HTTP/1.1 request must carry a Host header');
    }
    const length = Number(raw.headers['content-length'] ?? 0);
    if (BODYLESS_METHODS.has(raw.method ?? '') && (length > 0 || raw.headers['transfer-encoding'] !== undefined)) {
      throw new HttpApiError(400, 'BODY_NOT_ALLOWED', `${raw.method} takes no body: filters go in the query string`);
    }
  });
};
