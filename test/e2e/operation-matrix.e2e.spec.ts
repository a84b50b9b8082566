import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER, generateSigningKeyPem, mintToken, signingKeyFromPem } from '#platform';
import { HostileRequestGenerator, type OpenApiDocument, type OpenApiSchema } from '../support/hostile-requests.js';
import { startTestApp, testSigningKey, testToken, type TestApp } from '../support/test-app.js';

const METHODS = ['get', 'post', 'delete', 'put', 'patch'] as const;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Issue 10, per operation, generated from the OpenAPI document (/docs-json): every protected
 * operation, present and future, refuses each bad credential with 401 and a code, every command
 * refuses a role that may ask nothing with 403 and a code, and none of it stores a fact. The document
 * itself must declare the bearer scheme and 401/403 on each protected operation. The per-command
 * matrix of roles x areas x own records is libs/application/src/authority/authority-matrix.spec.ts.
 */
describe('per-operation authentication matrix (generated from OpenAPI)', () => {
  let app: TestApp;
  let port: number;
  let document: OpenApiDocument & { components: { securitySchemes?: Record<string, unknown> } };
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  const now = () => Math.floor(Date.now() / 1000);
  const forger = signingKeyFromPem(generateSigningKeyPem());
  /** Every kind of bad credential and the 401 code it must get. */
  const badCredentials: { kind: string; code: string; header: () => string | undefined }[] = [
    { kind: 'no token', code: 'AUTHENTICATION_REQUIRED', header: () => undefined },
    { kind: 'expired', code: 'TOKEN_EXPIRED', header: () => `Bearer ${testToken('civil_affairs_bureau', 'late', { city: 'xiamen' }, { ttlSeconds: 60, now: new Date(Date.now() - 3600_000) })}` },
    {
      kind: 'forged (another key)',
      code: 'TOKEN_INVALID',
      header: () => `Bearer ${mintToken({ ...forger, kid: testSigningKey.kid }, { actor: { id: 'forger', role: 'civil_affairs_bureau', area: { city: 'xiamen' } }, issuer: EMBEDDED_ISSUER, audience: DEFAULT_AUDIENCE })}`,
    },
    {
      kind: 'alg none',
      code: 'TOKEN_INVALID',
      header: () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: EMBEDDED_ISSUER, aud: DEFAULT_AUDIENCE, sub: 'nobody', role: 'civil_affairs_bureau', area: 'xiamen', iat: now(), exp: now() + 600 })}.`,
    },
    {
      kind: 'wrong audience',
      code: 'TOKEN_INVALID',
      header: () => `Bearer ${mintToken(testSigningKey, { actor: { id: 'elsewhere', role: 'civil_affairs_bureau', area: { city: 'xiamen' } }, issuer: EMBEDDED_ISSUER, audience: 'another-api' })}`,
    },
  ];

  const send = (method: string, path: string, authorization: string | undefined, body?: unknown) =>
    new Promise<{ status: number; code: unknown }>((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const sent = httpRequest(
        {
          host: '127.0.0.1', port, agent, method: method.toUpperCase(), path,
          headers: { ...(authorization ? { authorization } : {}), ...(payload ? { 'content-type': 'application/json' } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            let code: unknown;
            try {
              code = (JSON.parse(text) as { code?: unknown }).code;
            } catch {
              code = `not JSON: ${text.slice(0, 100)}`;
            }
            resolve({ status: response.statusCode ?? 0, code });
          });
        },
      );
      sent.on('error', reject);
      sent.end(payload);
    });

  /** A body with only the required fields, each a value its shape accepts: valid, so the role decides the answer. */
  const sample = (schema: OpenApiSchema): unknown => new HostileRequestGenerator(document).sample(schema, { requiredOnly: true });
  /**
   * POSTs that compute without storing anything (a proposed allocation, "nothing is committed"): any
   * signed-in reader may ask them. Every other POST or DELETE is a command, so a new one is in the
   * matrix the moment it is in the document.
   */
  const COMPUTING = new Set(['post /matching/allocations']);
  /** Bodies the document's shapes cannot say in full (a one-of base, a pattern): valid ones written out. */
  const VALID_BODIES: Record<string, unknown> = {
    'post /social-workers': { person: { name: '李明' }, base: { level: 'community', communityId: 'ghost-0001' }, hasSocialWorkDegree: false },
    'post /social-workers/{socialWorkerId}/employ': { employerOrganisationId: 'ghost-0001' },
    'post /needs/{needId}/proposals/accept': { resourceKey: 'donation:ghost-0001' },
    'post /needs/{needId}/proposals/decline': { resourceKey: 'donation:ghost-0001', reason: '志愿者住得太远' },
  };

  /** Path parameters filled with an id of the right shape that names nothing. */
  const urlOf = (path: string) => path.replace(/\{[^}]+\}/g, 'ghost-0001');
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method] !== undefined).map((method) => ({ path, method, operation: item[method] as { security?: unknown[]; responses: Record<string, unknown> } })),
    );
  const protectedOperations = () => operations().filter(({ operation }) => operation.security !== undefined);

  beforeAll(async () => {
    app = await startTestApp();
    await app.service.app.listen(0, '127.0.0.1');
    port = (app.service.app.getHttpServer().address() as { port: number }).port;
    document = (await app.anonymous().get('/docs-json').expect(200)).body;
  });

  afterAll(async () => {
    agent.destroy();
    await app?.close();
  });

  it('OpenAPI declares the bearer scheme, and each protected operation names it with its 401 and 403 answers', () => {
    expect(document.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const undeclared = protectedOperations()
      .filter(({ operation }) => JSON.stringify(operation.security) !== JSON.stringify([{ bearer: [] }]) || !operation.responses['401'] || !operation.responses['403'])
      .map(({ method, path }) => `${method} ${path}`);
    expect(undeclared).toEqual([]);
    // Public: health, docs, the notice board's three lists, the open-contracting disclosures (public by design,
    // no personal data) and the embedded mode's demo sign-in (how a person without a token gets one).
    const open = operations().filter(({ operation }) => operation.security === undefined).map(({ method, path }) => `${method} ${path}`).sort();
    expect(open).toEqual([
      'get /auth/demo-users', 'get /donations', 'get /health', 'get /health/live', 'get /health/ready', 'get /needs',
      'get /ocds/releases', 'get /projects', 'get /projects/{projectId}/ocds', 'post /auth/demo-sign-in',
    ]);
  });

  it('every protected operation x every bad credential -> 401 with its code, nothing stored', async () => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const answers: string[] = [];
    let cases = 0;
    for (const { path, method } of protectedOperations()) {
      for (const credential of badCredentials) {
        cases++;
        const { status, code } = await send(method, urlOf(path), credential.header(), method === 'post' ? {} : undefined);
        if (status !== 401 || code !== credential.code) answers.push(`${method} ${path} with ${credential.kind}: ${status} ${String(code)}`);
      }
    }
    expect(answers).toEqual([]);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
    // The size of the matrix, for the record: operations x kinds of bad credential.
    console.info(`authentication matrix: ${protectedOperations().length} protected operations x ${badCredentials.length} bad credentials = ${cases} requests`);
    expect(cases).toBe(protectedOperations().length * badCredentials.length);
  });

  it('every command (POST, DELETE) asked by a role that may ask nothing (auditor, analytics reader) -> 403 with a code, nothing stored', async () => {
    const before = await app.service.infrastructure.eventStore.headPosition();
    const answers: string[] = [];
    let cases = 0;
    const commands = protectedOperations().filter(({ method, path }) => method !== 'get' && !COMPUTING.has(`${method} ${path}`));
    for (const role of ['auditor', 'analytics_reader']) {
      const authorization = `Bearer ${testToken(role, `${role}-matrix`, { city: 'xiamen' })}`;
      for (const { path, method, operation } of commands) {
        cases++;
        const schema = (operation as { requestBody?: { content?: Record<string, { schema?: object }> } }).requestBody?.content?.['application/json']?.schema;
        const body = VALID_BODIES[`${method} ${path}`] ?? (schema ? sample(schema) : method === 'post' ? {} : undefined);
        const { status, code } = await send(method, urlOf(path), authorization, body);
        if (status !== 403 || typeof code !== 'string') answers.push(`${role} ${method} ${path}: ${status} ${String(code)} ${JSON.stringify(body)}`);
      }
    }
    expect(answers).toEqual([]);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
    console.info(`wrong-role matrix: ${commands.length} command operations x 2 read-only roles = ${cases} requests`);
  });
});
