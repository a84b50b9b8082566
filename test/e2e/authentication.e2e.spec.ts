import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER, generateSigningKeyPem, mintToken, SIGNING_KEY_FILE, signingKeyFromPem } from '#platform';
import { actor, startTestApp, testSigningKey, testToken, type TestApp } from '../support/test-app.js';
import { HOOKS, REGISTER, REPO_ROOT } from '../support/ts-launcher.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const community = (communityId: string) => ({
  communityId, name: '认证社区', area: { city: 'xiamen', district: 'siming', street: 'zhonghua' }, kind: 'urban', residents: 100, households: 40,
});

/**
 * Who may call the API at all: a bearer token the configured issuer signed, for a role a person may
 * hold. Every refusal answers the product's error body, without a stack, and stores nothing.
 */
describe('authentication (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  const head = () => app.service.infrastructure.eventStore.headPosition();
  const refusedWithoutFacts = async (headers: Record<string, string>, status: number, code: string) => {
    const before = await head();
    const response = await app.http().post('/communities').set(headers).send(community(`refused-${code}-${Math.random().toString(36).slice(2, 8)}`));
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(Object.keys(response.body).sort()).toEqual(['code', 'correlationId', 'message', 'statusCode']);
    expect(response.body.message).not.toMatch(/\n\s+at /);
    expect(await head()).toBe(before);
    return response;
  };

  describe('refusals: 401/403 with a code, nothing stored', () => {
    it('no token -> 401 AUTHENTICATION_REQUIRED with a WWW-Authenticate challenge', async () => {
      const response = await refusedWithoutFacts({}, 401, 'AUTHENTICATION_REQUIRED');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('X-Actor-Id / X-Actor-Role alone -> 401 AUTHENTICATION_REQUIRED (the headers identify no one)', async () => {
      const response = await refusedWithoutFacts({ 'X-Actor-Id': 'policy:auto-match', 'X-Actor-Role': 'system' }, 401, 'AUTHENTICATION_REQUIRED');
      expect(response.body.message).toMatch(/X-Actor/);
      await refusedWithoutFacts({ 'X-Actor-Id': 'someone', 'X-Actor-Role': 'civil_affairs_bureau' }, 401, 'AUTHENTICATION_REQUIRED');
    });

    it('X-Actor headers beside a valid token change nothing: the token names the actor', async () => {
      const response = await app
        .http()
        .post('/communities')
        .set({ ...actor('civil_affairs_bureau', 'bureau-real'), 'X-Actor-Id': 'policy:auto-match', 'X-Actor-Role': 'system' })
        .send(community('token-wins'))
        .expect(201);
      const [event] = await app.service.infrastructure.eventStore.readStream(response.body.streamId);
      expect(event!.metadata.actor).toEqual({ id: 'bureau-real', role: 'civil_affairs_bureau', area: { city: 'xiamen' }, issuer: EMBEDDED_ISSUER });
    });

    it('an expired token -> 401 TOKEN_EXPIRED', async () => {
      const expired = testToken('civil_affairs_bureau', 'late', { city: 'xiamen' }, { ttlSeconds: 60, now: new Date(Date.now() - 3600_000) });
      await refusedWithoutFacts(bearer(expired), 401, 'TOKEN_EXPIRED');
    });

    it('a token signed by another key (forged) -> 401 TOKEN_INVALID', async () => {
      const other = signingKeyFromPem(generateSigningKeyPem());
      const forged = mintToken({ ...other, kid: testSigningKey.kid }, {
        actor: { id: 'forger', role: 'civil_affairs_bureau', area: { city: 'xiamen' } }, issuer: EMBEDDED_ISSUER, audience: DEFAULT_AUDIENCE,
      });
      const response = await refusedWithoutFacts(bearer(forged), 401, 'TOKEN_INVALID');
      expect(response.body.message).toMatch(/signature/);
    });

    it('alg none (unsigned) -> 401 TOKEN_INVALID', async () => {
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: EMBEDDED_ISSUER, aud: DEFAULT_AUDIENCE, sub: 'nobody', role: 'civil_affairs_bureau', area: 'xiamen', iat: now, exp: now + 600 })}.`;
      await refusedWithoutFacts(bearer(unsigned), 401, 'TOKEN_INVALID');
    });

    it('a valid signature but the wrong audience or issuer -> 401 TOKEN_INVALID', async () => {
      const signed = (issuer: string, audience: string) =>
        mintToken(testSigningKey, { actor: { id: 'elsewhere', role: 'civil_affairs_bureau', area: { city: 'xiamen' } }, issuer, audience });
      const wrongAudience = await refusedWithoutFacts(bearer(signed(EMBEDDED_ISSUER, 'another-api')), 401, 'TOKEN_INVALID');
      expect(wrongAudience.body.message).toMatch(/audience/);
      const wrongIssuer = await refusedWithoutFacts(bearer(signed('https://evil.example', DEFAULT_AUDIENCE)), 401, 'TOKEN_INVALID');
      expect(wrongIssuer.body.message).toMatch(/issuer/);
    });

    it('a malformed token, another scheme, an unknown role or no area -> 401 TOKEN_INVALID', async () => {
      await refusedWithoutFacts({ Authorization: 'Bearer not-a-jwt' }, 401, 'TOKEN_INVALID');
      await refusedWithoutFacts({ Authorization: 'Basic YWRtaW46YWRtaW4=' }, 401, 'TOKEN_INVALID');
      await refusedWithoutFacts({ Authorization: `Bearer ${b64({ alg: 'EdDSA' })}.e30.AAAA` }, 401, 'TOKEN_INVALID');
      await refusedWithoutFacts(actor('emperor', 'mayor'), 401, 'TOKEN_INVALID');
      await refusedWithoutFacts(bearer(mintToken(testSigningKey, {
        actor: { id: 'nowhere', role: 'civil_affairs_bureau', area: { city: '' } }, issuer: EMBEDDED_ISSUER, audience: DEFAULT_AUDIENCE,
      })), 401, 'TOKEN_INVALID');
    });

    it('role system -> 403 ROLE_NOT_ALLOWED: only the service\'s own policies are system', async () => {
      await refusedWithoutFacts(actor('system', 'policy:auto-match'), 403, 'ROLE_NOT_ALLOWED');
    });

    it('a bad token is refused on a public view too (the client should know its token is wrong)', async () => {
      const response = await app.anonymous().get('/needs').set(bearer('a.b.c'));
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
    });
  });

  it('every event\'s metadata names the token\'s subject, role, area and organisation (audit)', async () => {
    await app.http().post('/communities').set(actor()).send(community('audit-1')).expect(201);
    const organisation = await app
      .http()
      .post('/organisations')
      .set(actor('civil_affairs_bureau', 'bureau-siming', { city: 'xiamen', district: 'siming' }))
      .send({
        name: '思明区阳光社工服务中心', kind: 'social_work_agency', unifiedSocialCreditCode: '52350203MJ0000001X', budgetFunded: false,
        city: 'xiamen', district: 'siming', communityId: 'audit-1', serviceCategories: ['elderly_care'], capacity: 3,
      });
    expect(organisation.status).toBe(201);
    // Its staff registers a social worker it employs: the event names the staff member, role, area and organisation.
    const response = await app
      .http()
      .post('/social-workers')
      .set(actor('social_organisation', 'staff-1', { city: 'xiamen', district: 'siming' }, organisation.body.id))
      .send({ person: { name: '李明' }, base: { level: 'community', communityId: 'audit-1' }, hasSocialWorkDegree: true, employerOrganisationId: organisation.body.id });
    expect(response.status).toBe(201);
    const [event] = await app.service.infrastructure.eventStore.readStream(response.body.streamId);
    expect(event!.metadata.actor).toEqual({
      id: 'staff-1', role: 'social_organisation', area: { city: 'xiamen', district: 'siming' }, organisationId: organisation.body.id, issuer: EMBEDDED_ISSUER,
    });
  });

  describe('what needs no token', () => {
    it('health, docs and the anonymous notice-board view of needs, projects and donations', async () => {
      for (const path of ['/health', '/docs', '/docs-json', '/needs', '/projects', '/donations']) {
        const response = await app.anonymous().get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
      }
    });

    it('everything else, including every detail and the other lists, requires a token', async () => {
      for (const path of ['/communities', '/organisations', '/volunteers', '/social-workers', '/volunteers/v-1', '/social-workers/w-1', '/needs/n-1', '/projects/p-1', '/donations/d-1', '/needs/n-1/proposals']) {
        const response = await app.anonymous().get(path);
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 401, code: 'AUTHENTICATION_REQUIRED' });
      }
    });

    it('the anonymous lists carry no personal field (names, phones, id numbers, beneficiary references)', async () => {
      const committee = actor('community_committee', 'committee-anon');
      await app.http().post('/communities').set(actor()).send({ ...community('anon-1') }).expect(201);
      const need = await app.http().post('/needs').set(committee).send({
        communityId: 'anon-1', category: 'elderly_care', title: '独居老人助餐', description: '每日午餐送到家', urgency: 'high', source: 'visit', beneficiaries: 1,
        requiredSkills: [], beneficiary: { name: '陈阿婆', phone: '13700001111', address: '中山路 12 号' },
      });
      expect(need.status).toBe(201);
      const pledge = await app.http().post('/donations').set(actor('donor', 'resident-donor')).send({
        donor: { kind: 'resident', person: { name: '王小明', phone: '13900002222' } }, resource: 'money', amountFen: 10_000, communityId: 'anon-1',
      });
      expect(pledge.status).toBe(201);
      const position = Math.max(need.body.position, pledge.body.position);
      for (const path of ['/needs', '/projects', '/donations']) {
        const response = await app.anonymous().get(`${path}?minPosition=${position}`).expect(200);
        const text = JSON.stringify(response.body);
        if (path !== '/projects') expect(response.body.items.length).toBeGreaterThan(0);
        if (path === '/needs') expect(text).toContain('独居老人助餐');
        if (path === '/donations') expect(text).not.toContain('王小明');
        for (const personal of ['陈阿婆', '13700001111', '中山路', '13900002222', 'beneficiaryRef', 'personRef', 'phone', 'idNumber']) expect({ path, personal, found: text.includes(personal) }).toEqual({ path, personal, found: false });
      }
    });
  });

  describe('the token command (npm run -s token)', () => {
    // Each case starts Node processes that load the TypeScript sources: slow on 2 busy cores, not a timing assertion.
    const SPAWNS_PROCESSES_MS = 120_000;
    let launcher: string;
    beforeAll(() => {
      launcher = mkdtempSync(join(tmpdir(), 'wushe-token-launcher-'));
      writeFileSync(join(launcher, 'hooks.mjs'), HOOKS);
      writeFileSync(join(launcher, 'register.mjs'), REGISTER);
    });
    afterAll(() => rmSync(launcher, { recursive: true, force: true }));

    const runTokenCommand = (args: string[], dataDir: string) =>
      promisify(execFile)(process.execPath, ['--import', pathToFileURL(join(launcher, 'register.mjs')).href, join(REPO_ROOT, 'apps', 'api', 'src', 'token.ts'), ...args], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      });

    it('prints a token alone on its last line that the service accepts, naming the area given', async () => {
      const { stdout, stderr } = await runTokenCommand(['--role', 'community_committee', '--subject', 'committee-zhonghua-1', '--area', 'xiamen/siming/zhonghua/zhonghua-1', '--ttl', '1h'], app.config.DATA_DIR);
      const lines = `${stderr}${stdout}`.trim().split('\n');
      const token = lines[lines.length - 1]!;
      expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(stdout.trim()).toBe(token);
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(payload).toMatchObject({ sub: 'committee-zhonghua-1', role: 'community_committee', area: 'xiamen/siming/zhonghua/zhonghua-1', iss: EMBEDDED_ISSUER, aud: DEFAULT_AUDIENCE });
      expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
      await app.http().get('/communities').set(bearer(token)).expect(200);
    }, SPAWNS_PROCESSES_MS);

    it('creates the signing key once, mode 0600, and refuses role system or a bad area', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wushe-token-'));
      try {
        await runTokenCommand(['--role', 'volunteer', '--subject', 'v1', '--area', 'xiamen'], dataDir);
        expect(statSync(join(dataDir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
        await expect(runTokenCommand(['--role', 'system', '--subject', 's', '--area', 'xiamen'], dataDir)).rejects.toMatchObject({ stderr: expect.stringMatching(/--role must be one of/) });
        await expect(runTokenCommand(['--role', 'donor', '--subject', 'd', '--area', 'a/b/c/d/e'], dataDir)).rejects.toMatchObject({ stderr: expect.stringMatching(/--area/) });
      } finally {
        rmSync(resolve(dataDir), { recursive: true, force: true });
      }
    }, SPAWNS_PROCESSES_MS);
  });

  describe('the usual protections', () => {
    it('security headers on answers, and Swagger UI at /docs still loads its assets', async () => {
      const response = await app.anonymous().get('/health').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['strict-transport-security']).toBeDefined();
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      const docs = await app.anonymous().get('/docs').expect(200);
      expect(docs.text).toContain('swagger-ui');
      const assets = docs.text.match(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g) ?? [];
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of docs.text.match(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g) ?? []) {
        const path = asset.replace(/^(?:src|href)="\.?\/?/, '').replace(/"$/, '');
        const url = path.startsWith('docs/') ? `/${path}` : `/docs/${path}`;
        expect({ url, status: (await app.anonymous().get(url)).status }).toEqual({ url, status: 200 });
      }
    });

    it('no CORS headers by default', async () => {
      const response = await app.anonymous().options('/needs').set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' });
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('CORS_ORIGINS: the configured origin is allowed, another is not', async () => {
      const withCors = await startTestApp({ CORS_ORIGINS: 'https://wushe.example.gov.cn,https://admin.example.gov.cn' });
      try {
        const preflight = (origin: string) =>
          withCors.anonymous().options('/needs').set({ Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' });
        const allowed = await preflight('https://wushe.example.gov.cn');
        expect(allowed.status).toBeLessThan(300);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://wushe.example.gov.cn');
        expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
        const denied = await preflight('https://evil.example');
        expect(denied.headers['access-control-allow-origin']).toBeUndefined();
        const simple = await withCors.http().get('/communities').set('Origin', 'https://admin.example.gov.cn').expect(200);
        expect(simple.headers['access-control-allow-origin']).toBe('https://admin.example.gov.cn');
      } finally {
        await withCors.close();
      }
    });

    it('rate limits per user: two users do not share a bucket, and anonymous callers count per address', async () => {
      const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const alice = actor('civil_affairs_bureau', 'alice');
        const bob = actor('civil_affairs_bureau', 'bob');
        for (let i = 0; i < 3; i++) await limited.http().get('/communities').set(alice).expect(200);
        const limitedAlice = await limited.http().get('/communities').set(alice);
        expect({ status: limitedAlice.status, code: limitedAlice.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
        // Same address, another subject: its own bucket.
        for (let i = 0; i < 3; i++) await limited.http().get('/communities').set(bob).expect(200);
        // And anonymous callers from that address have theirs.
        await limited.anonymous().get('/needs').expect(200);
      } finally {
        await limited.close();
      }
    });
  });

  it('OpenAPI declares the bearer scheme, marks every protected operation with it and 401/403, and public ones with neither', async () => {
    const document = (await app.anonymous().get('/docs-json').expect(200)).body as {
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; parameters?: { name: string }[] }>>;
    };
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    let protectedOperations = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect((operation.parameters ?? []).map((parameter) => parameter.name.toLowerCase())).not.toContain('x-actor-id');
        const isPublic =
          (method === 'get' &&
            ['/health', '/health/live', '/health/ready', '/needs', '/projects', '/donations', '/projects/{projectId}/ocds', '/ocds/releases', '/auth/demo-users'].includes(path)) ||
          // The embedded mode's demo sign-in is how a person without a token gets one.
          (method === 'post' && path === '/auth/demo-sign-in');
        if (isPublic) {
          expect({ path, method, security: operation.security }).toEqual({ path, method, security: undefined });
        } else {
          protectedOperations++;
          expect({ path, method, security: operation.security }).toEqual({ path, method, security: [{ bearer: [] }] });
          expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
        }
      }
    }
    expect(protectedOperations).toBeGreaterThan(50);
  });
});

/** OIDC mode: tokens of an external issuer, keys from its JWKS, rotated without a restart. */
describe('authentication with an OpenID Connect issuer (e2e)', () => {
  let app: TestApp;
  let jwksServer: Server;
  let issuer: string;
  let served: JWK[] = [];
  let fetches = 0;
  const keys: Record<string, { privateKey: Parameters<SignJWT['sign']>[0]; jwk: JWK }> = {};

  const newKey = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    keys[kid] = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
    return keys[kid]!.jwk;
  };
  const sign = (kid: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ role: 'civil_affairs_bureau', area: 'xiamen/siming', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setSubject('oidc-user-1')
      .setIssuer(issuer)
      .setAudience('wushe-oidc-test')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(keys[kid]!.privateKey);

  beforeAll(async () => {
    served = [await newKey('key-a')];
    jwksServer = createServer((request, response) => {
      if (request.url !== '/jwks') return void response.writeHead(404).end();
      fetches++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served }));
    });
    await new Promise<void>((done) => jwksServer.listen(0, '127.0.0.1', done));
    const { port } = jwksServer.address() as { port: number };
    issuer = `http://127.0.0.1:${port}`;
    app = await startTestApp({
      AUTH_MODE: 'oidc', AUTH_ISSUER: issuer, AUTH_AUDIENCE: 'wushe-oidc-test', AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_JWKS_COOLDOWN_SECONDS: '0',
    });
  });
  afterAll(async () => {
    await app?.close();
    await new Promise((done) => jwksServer?.close(done));
  });

  it('accepts the issuer\'s token and records its issuer in the events', async () => {
    const response = await app.http().post('/communities').set(bearer(await sign('key-a'))).send(community('oidc-1')).expect(201);
    const [event] = await app.service.infrastructure.eventStore.readStream(response.body.streamId);
    expect(event!.metadata.actor).toEqual({ id: 'oidc-user-1', role: 'civil_affairs_bureau', area: { city: 'xiamen', district: 'siming' }, issuer });
  });

  it('picks up a rotated key without a restart, and refuses tokens of the retired key', async () => {
    const before = fetches;
    served = [await newKey('key-b')]; // the issuer rotates: key-a retired
    await app.http().get('/communities').set(bearer(await sign('key-b'))).expect(200);
    expect(fetches).toBeGreaterThan(before);
    const retired = await app.http().get('/communities').set(bearer(await sign('key-a')));
    expect({ status: retired.status, code: retired.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('refuses the embedded issuer\'s tokens, a wrong audience and role system', async () => {
    expect((await app.http().get('/communities').set(actor()).expect(401)).body.code).toBe('TOKEN_INVALID');
    const wrongAudience = await new SignJWT({ role: 'donor', area: 'xiamen' }).setProtectedHeader({ alg: 'ES256', kid: 'key-b' }).setSubject('x').setIssuer(issuer)
      .setAudience('someone-else').setIssuedAt().setExpirationTime('5m').sign(keys['key-b']!.privateKey);
    expect((await app.http().get('/communities').set(bearer(wrongAudience)).expect(401)).body.code).toBe('TOKEN_INVALID');
    expect((await app.http().get('/communities').set(bearer(await sign('key-b', { role: 'system' }))).expect(403)).body.code).toBe('ROLE_NOT_ALLOWED');
  });
});
