import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The kind "a wrong method on a path that exists": `PUT /needs`, `DELETE /needs/:id`,
 * `GET /needs/:id/verify` answered 404 ROUTE_NOT_FOUND, as if the path were unknown, so a client could
 * not tell a typo in the path from a wrong method. Every path of the OpenAPI document (present and
 * future), asked with every method it does not take, must answer 405 METHOD_NOT_ALLOWED in the
 * product's body with an `Allow` header naming the methods it does take, and store nothing; an unknown
 * path stays 404 ROUTE_NOT_FOUND.
 */
describe('a method the path does not take: 405 with Allow (e2e)', () => {
  let app: TestApp;
  let paths: Record<string, Record<string, unknown>>;
  const bureau = actor('civil_affairs_bureau', 'bureau-methods');
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

  beforeAll(async () => {
    app = await startTestApp();
    paths = (await app.anonymous().get('/docs-json').expect(200)).body.paths;
  });

  afterAll(async () => {
    await app?.close();
  });

  const send = (method: string, path: string): Promise<Response> =>
    app.http()[method.toLowerCase() as 'get'](path).set(bureau).set('Content-Type', 'application/json').send(method === 'GET' ? undefined : '{}');

  const refusedAs405 = async (method: string, path: string, allowed: readonly string[]) => {
    const response = await send(method, path);
    expect({ method, path, status: response.status, code: response.body.code }).toEqual({ method, path, status: 405, code: 'METHOD_NOT_ALLOWED' });
    const allow = String(response.headers['allow']).split(', ');
    expect(allow).toEqual(expect.arrayContaining([...allowed]));
    expect(allow).not.toContain(method);
    expect(response.body).toMatchObject({ statusCode: 405, message: expect.any(String), details: { method, allowed: allow } });
  };

  it('the cases a tester found: PUT /needs, DELETE /needs/:id, GET /needs/:id/verify', async () => {
    await refusedAs405('PUT', '/needs', ['GET', 'HEAD', 'POST']);
    await refusedAs405('DELETE', '/needs/need-1', ['GET', 'HEAD']);
    await refusedAs405('GET', '/needs/need-1/verify', ['POST']);
  });

  it('every path of the OpenAPI document, with every method it does not take; nothing stored', async () => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    let asked = 0;
    // The methods a concrete path takes: those of every template it matches (`/needs/import` is also a `/needs/{needId}`).
    const templates = Object.entries(paths).map(([template, operations]) => ({
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      methods: Object.keys(operations).map((method) => method.toUpperCase()),
    }));
    for (const template of Object.keys(paths)) {
      // A sample value for each path parameter: no literal route of the API is spelt like it.
      const path = template.replace(/\{[^}]+\}/g, 'sample-x1');
      const declared = [...new Set(templates.filter(({ pattern }) => pattern.test(path)).flatMap(({ methods }) => methods))];
      const allowed = declared.includes('GET') ? [...declared, 'HEAD'] : declared;
      for (const method of METHODS.filter((candidate) => !declared.includes(candidate))) {
        await refusedAs405(method, path, allowed);
        asked += 1;
      }
    }
    expect(asked).toBeGreaterThan(200);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
  });

  it('an unknown path stays 404 ROUTE_NOT_FOUND, without Allow', async () => {
    for (const [method, path] of [['GET', '/wishes'], ['PUT', '/wishes'], ['GET', '/needs/need-1/verify/again'], ['DELETE', '/needs/need-1/nope']] as const) {
      const response = await send(method, path);
      expect({ method, path, status: response.status, code: response.body.code, allow: response.headers['allow'] }).toEqual({
        method, path, status: 404, code: 'ROUTE_NOT_FOUND', allow: undefined,
      });
    }
  });
});
