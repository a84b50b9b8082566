import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { HttpApiError } from './api-error.js';

/**
 * How deep a body may nest. The deepest DTO (a project's delivery) is 3 levels; 16 leaves room and
 * keeps class-transformer, which recurses over every property, far from the stack's end.
 */
export const MAX_JSON_DEPTH = 16;

// C0 controls except tab, line feed and carriage return, and DEL: no free text a person types has
// them, and PostgreSQL cannot store NUL in text at all.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069): they make a name or a title display
// as something other than what is stored ("Trojan Source" spoofing); no Chinese or Latin text needs them.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// What shows nothing: format characters (zero-width space and joiners, marks, BOM) and combining marks
// with no letter to sit on. A text made of them alone (and spaces) is a blank that passed a length check.
// Asked as "has it one visible character", a test that stops at the first (every string of every body
// passes here; a replace would copy each one).
const VISIBLE = /[^\s\p{Cf}\p{M}]/u;

/** Why a text is unacceptable, or undefined when it is fine. */
export const textDefect = (text: string): string | undefined => {
  if (!text.isWellFormed()) return 'contains a lone UTF-16 surrogate';
  if (CONTROL_CHARACTER.test(text)) return 'contains a control character (NUL, or another C0 code)';
  if (BIDI_CONTROL.test(text)) return 'contains a bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069)';
  if (text.trim() !== '' && !VISIBLE.test(text)) return 'shows nothing: only zero-width, format or combining characters';
  return undefined;
};

const fail = (code: string, message: string, details?: Record<string, unknown>): never => {
  throw new HttpApiError(400, code, message, details);
};

/**
 * Walks a parsed value once, iteratively: refuses nesting deeper than MAX_JSON_DEPTH and any string,
 * key included, that `textDefect` refuses. Iterative so that a hostile depth cannot exhaust the stack.
 */
export const checkJsonValue = (root: unknown, where = 'body'): void => {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: root, path: where, depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop()!;
    if (typeof value === 'string') {
      const defect = textDefect(value);
      if (defect) fail('INVALID_TEXT', `${path} ${defect}`, { field: path });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) fail('JSON_TOO_DEEP', `The body nests deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH });
    for (const [key, child] of Object.entries(value)) {
      const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
      const keyDefect = textDefect(key);
      if (keyDefect) fail('INVALID_TEXT', `A field name in ${path} ${keyDefect}`, { field: path });
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** application/json in UTF-8, parsed strictly: bytes that are not UTF-8 are refused, not replaced by U+FFFD. */
const parseJsonBody = (request: FastifyRequest, body: Buffer): unknown => {
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(request.headers['content-type'] ?? '')?.[2]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `The API reads JSON in UTF-8 only, not ${charset}`);
  }
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    // Read as it came, a compressed body would be taken for JSON or refused as malformed: say why instead.
    throw new HttpApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `The API reads uncompressed JSON only, not Content-Encoding: ${encoding.slice(0, 40)}`);
  }
  if (body.length === 0) fail('MALFORMED_JSON', 'The body is empty; send a JSON value or no content-type');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return fail('INVALID_ENCODING', 'The body is not valid UTF-8');
  }
  let value: unknown;
  try {
    // Refuses __proto__ and constructor.prototype keys, as Fastify's own parser does.
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    return fail('MALFORMED_JSON', `The body is not valid JSON: ${(error as Error).message}`);
  }
  checkJsonValue(value);
  // Every command takes an object; `null` would reach validation as an empty one.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpApiError(400, 'VALIDATION_FAILED', 'The body must be a JSON object', {
      fields: [{ field: 'body', constraints: { isObject: 'the body must be a JSON object' } }],
    });
  }
  return value;
};

// Names the query parser drops or that reach an object's prototype: refused like any other unknown parameter
// (the parser would silently drop them, so `?__proto__=x` answered 200 where `?x=1` answers 400).
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Each query-string value must be percent-encoded UTF-8: '%ED%A0%80' is refused, not read as U+FFFD. */
const checkQueryEncoding = (url: string): void => {
  const query = url.indexOf('?') < 0 ? '' : url.slice(url.indexOf('?') + 1);
  for (const piece of query.split('&')) {
    let decoded = '';
    try {
      decoded = decodeURIComponent(piece.replaceAll('+', ' '));
    } catch {
      fail('INVALID_ENCODING', 'The query string is not percent-encoded UTF-8', { field: 'query' });
    }
    const key = decoded.split('=')[0]!.replace(/\[.*$/, '');
    if (PROTOTYPE_KEYS.has(key)) {
      fail('VALIDATION_FAILED', 'The request has invalid fields', { fields: [{ field: key, constraints: { whitelistValidation: `property ${key} should not exist` } }] });
    }
  }
};

/**
 * The API reads JSON only: every other media type (forms, plain text, multipart) answers 415
 * UNSUPPORTED_MEDIA_TYPE before any handler runs. Query strings and path parameters get the same
 * text check as bodies.
 */
export const registerJsonOnlyBodies = (fastify: FastifyInstance, bodyLimit: number): void => {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request, body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('preValidation', async (request) => {
    checkQueryEncoding(request.url);
    checkJsonValue(request.query, 'query');
    checkJsonValue(request.params, 'path');
  });
};
