import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The kind "an error the framework or platform answers itself": Fastify's router (a path segment
 * longer than it takes, bad percent-encoding), Node's HTTP server (no Host, an Expect it does not
 * know, CONNECT) and the requests no route reads (a body on GET, a compressed body, prototype names in
 * the query). Each once answered a code of Fastify's own (FST_ERR_...), a bodiless status, no answer at
 * all, or 200 as if nothing were wrong. Each must answer the product's error body with a stable code
 * (README "Errors") and store nothing. Sent as raw bytes: supertest would repair most of these.
 */
describe('errors the framework would answer itself (e2e)', () => {
  let app: TestApp;
  let port = 0;
  const bureau = actor('civil_affairs_bureau', 'bureau-framework').Authorization;

  beforeAll(async () => {
    app = await startTestApp();
    await app.service.app.listen(0, '127.0.0.1');
    port = (app.service.app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Writes the bytes and reads until the server closes (every request here says Connection: close). */
  const raw = (text: string) =>
    new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write(text));
      let out = '';
      socket.on('data', (chunk: Buffer) => (out += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', ...rest] = out.split('\r\n\r\n');
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        const type = /content-type: *([^\r\n]+)/i.exec(head)?.[1] ?? '';
        let body = rest.join('\r\n\r\n');
        // A chunked answer: keep the JSON between the chunk sizes.
        if (/transfer-encoding: *chunked/i.test(head)) body = body.slice(body.indexOf('\r\n') + 2, body.lastIndexOf('\r\n0'));
        resolve({ status, type, body });
      });
    });
  const request = (line: string, headers = '', body = '') =>
    `${line}\r\nHost: 127.0.0.1\r\nAuthorization: ${bureau}\r\nConnection: close\r\n${headers}\r\n${body}`;

  /** The answer is our error body with this status and code, and the log did not move. */
  const answers = async (text: string, status: number, code: string) => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const answer = await raw(text);
    expect({ status: answer.status, type: answer.type }).toEqual({ status, type: expect.stringContaining('application/json') });
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: status, code });
    expect(typeof body['message']).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/FST_|"error":/);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  };

  it.each([
    ['a path segment of 101 characters', `/webhooks/${'a'.repeat(101)}`],
    ['a path segment of 5,000 characters', `/needs/${'n'.repeat(5000)}`],
    ['a too-long id in a command path', `/volunteers/${'v'.repeat(300)}/hours`],
  ])('%s -> 414 URI_TOO_LONG, not FST_ERR_MAX_PARAM_LENGTH', async (_name, path) => {
    const method = path.endsWith('/hours') ? 'POST' : 'GET';
    await answers(request(`${method} ${path} HTTP/1.1`, 'Content-Type: application/json\r\nContent-Length: 2\r\n', '{}'), 414, 'URI_TOO_LONG');
  });

  it.each([['/webhooks/%ZZ'], ['/needs/%E0%A4%A'], ['/projects/%C0%AF/bids']])('bad percent-encoding in the path %s -> 400 MALFORMED_URL, not FST_ERR_BAD_URL', async (path) => {
    await answers(request(`GET ${path} HTTP/1.1`), 400, 'MALFORMED_URL');
  });

  it('an HTTP/1.1 request without Host -> 400 MALFORMED_REQUEST in our body, not a bodiless 400', async () => {
    await answers(`GET /needs HTTP/1.1\r\nConnection: close\r\n\r\n`, 400, 'MALFORMED_REQUEST');
    await answers(`POST /needs HTTP/1.1\r\nAuthorization: ${bureau}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`, 400, 'MALFORMED_REQUEST');
  });

  it('an Expect other than 100-continue -> 417 EXPECTATION_FAILED in our body', async () => {
    await answers(request('POST /needs HTTP/1.1', 'Content-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-foo\r\n', '{}'), 417, 'EXPECTATION_FAILED');
  });

  it('CONNECT -> 405 METHOD_NOT_ALLOWED, not a connection closed without an answer', async () => {
    await answers(request('CONNECT 127.0.0.1:5432 HTTP/1.1'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('a body on GET or HEAD -> 400 BODY_NOT_ALLOWED, not the unfiltered list', async () => {
    const filters = '{"community":"someone-else"}';
    await answers(request('GET /needs HTTP/1.1', `Content-Type: application/json\r\nContent-Length: ${filters.length}\r\n`, filters), 400, 'BODY_NOT_ALLOWED');
    await answers(request('GET /webhooks HTTP/1.1', 'Content-Type: text/plain\r\nContent-Length: 5\r\n', 'hello'), 400, 'BODY_NOT_ALLOWED');
    const empty = await raw(request('GET /needs HTTP/1.1', 'Content-Length: 0\r\n'));
    expect(empty.status).toBe(200);
  });

  it('a compressed body -> 415 UNSUPPORTED_MEDIA_TYPE, never read as if it were plain JSON', async () => {
    const body = '{"reason":"x"}';
    for (const encoding of ['gzip', 'br', 'deflate, gzip']) {
      await answers(request('POST /needs HTTP/1.1', `Content-Type: application/json\r\nContent-Encoding: ${encoding}\r\nContent-Length: ${body.length}\r\n`, body), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it.each([['__proto__=x'], ['constructor=x'], ['constructor[prototype]=x'], ['prototype=1']])('?%s -> 400 VALIDATION_FAILED like any unknown parameter, not 200', async (query) => {
    await answers(request(`GET /needs?${query} HTTP/1.1`), 400, 'VALIDATION_FAILED');
  });

  it('unknown routes and double slashes answer 404 ROUTE_NOT_FOUND in our body', async () => {
    for (const line of ['GET /nope HTTP/1.1', 'GET //needs HTTP/1.1', 'GET /needs/../communities HTTP/1.1', 'OPTIONS /nope HTTP/1.1']) {
      await answers(request(line), 404, 'ROUTE_NOT_FOUND');
    }
  });

  it('another method on a known path, OPTIONS and TRACE included, answers 405 METHOD_NOT_ALLOWED in our body (method-not-allowed.e2e covers every path)', async () => {
    for (const line of ['DELETE /needs HTTP/1.1', 'PUT /needs HTTP/1.1', 'PATCH /webhooks HTTP/1.1', 'OPTIONS /needs HTTP/1.1', 'TRACE /needs HTTP/1.1']) {
      await answers(request(line), 405, 'METHOD_NOT_ALLOWED');
    }
  });

  it('a repeated query parameter where one value belongs -> 400 VALIDATION_FAILED naming it', async () => {
    const answer = await raw(request('GET /needs?limit=1&limit=2 HTTP/1.1'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [expect.objectContaining({ field: 'limit' })] } });
  });
});
