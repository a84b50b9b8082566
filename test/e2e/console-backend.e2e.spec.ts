import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { chinaDateTimeOf } from '#domain';
import { registerConsole } from '../../apps/api/src/web/console-static.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/** What the web console needs from the API: the embedded demo sign-in, the live stream, the static bundle. */
describe('console backend (e2e)', () => {
  let app: TestApp;
  let base: string;
  const committeeA = actor('community_committee', 'committee-a', { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-zhonghua' });
  const committeeB = actor('community_committee', 'committee-b', { city: 'xiamen', district: 'siming', street: 'xiagang', community: 'xiagang-shapowei' });

  beforeAll(async () => {
    app = await startTestApp();
    await app.service.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.service.app.getHttpServer().address() as { port: number }).port}`;
    const bureau = actor('civil_affairs_bureau', 'bureau', { city: 'xiamen', district: 'siming' });
    for (const [communityId, street] of [['zhonghua-zhonghua', 'zhonghua'], ['xiagang-shapowei', 'xiagang']]) {
      await app.http().post('/communities').set(bureau).send({ communityId, name: communityId, area: { city: 'xiamen', district: 'siming', street }, kind: 'urban', residents: 5000, households: 2000 }).expect(201);
    }
  });
  afterAll(() => app.close());

  describe('POST /auth/demo-sign-in (embedded mode)', () => {
    it('gives a demo user a token the API accepts, naming its role and area', async () => {
      const { body } = await app.anonymous().post('/auth/demo-sign-in').send({ name: 'committee-zhonghua-zhonghua' }).expect(200);
      const claims = JSON.parse(Buffer.from((body.token as string).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ sub: 'committee-zhonghua-zhonghua', role: 'community_committee', area: 'xiamen/siming/zhonghua/zhonghua-zhonghua' });
      expect(body.expiresIn).toBe(8 * 3600);
      await app.anonymous().post(`/needs/unknown-need/verify`).set('Authorization', `Bearer ${body.token}`).expect(404);
    });

    it('lists the demo users without a token, and refuses a name not among them with a code', async () => {
      const { body } = await app.anonymous().get('/auth/demo-users').expect(200);
      expect((body as { name: string }[]).map((user) => user.name)).toContain('siming-civil-affairs');
      const refused = await app.anonymous().post('/auth/demo-sign-in').send({ name: 'somebody-else' }).expect(422);
      expect(refused.body.code).toBe('DEMO_USER_UNKNOWN');
      expect((await app.anonymous().post('/auth/demo-sign-in').send({ name: 'x', role: 'civil_affairs_bureau' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('does not exist when tokens come from an OIDC provider', async () => {
      const oidc = await startTestApp({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'wushe', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks' });
      try {
        await oidc.anonymous().post('/auth/demo-sign-in').send({ name: 'committee-zhonghua-zhonghua' }).expect(404);
        await oidc.anonymous().get('/auth/demo-users').expect(404);
      } finally {
        await oidc.close();
      }
    });
  });

  describe('GET /events/stream', () => {
    /** Opens the stream as the console does (fetch with the bearer header) and collects its `data:` messages. */
    const open = async (authorization: string) => {
      const controller = new AbortController();
      const response = await fetch(`${base}/events/stream`, { headers: { authorization }, signal: controller.signal });
      const messages: { list: string; position: number }[] = [];
      const reading = (async () => {
        const decoder = new TextDecoder();
        let buffer = '';
        try {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const data = /^data: (.*)$/m.exec(message)?.[1];
              if (data && !/^event:/m.test(message)) messages.push(JSON.parse(data) as { list: string; position: number });
            }
          }
        } catch {
          // aborted
        }
      })();
      const until = async (found: () => boolean) => {
        for (let waited = 0; !found(); waited += 20) {
          if (waited > 10_000) throw new Error(`no such message: ${JSON.stringify(messages)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      return { response, messages, until, close: async () => (controller.abort(), reading) };
    };
    const listNeed = (who: Record<string, string>, communityId: string) =>
      app.http().post('/needs').set(who).send({ communityId, category: 'elderly_care', title: '助餐', description: '午餐', urgency: 'high', source: 'visit', beneficiaries: 1 }).expect(201);

    it('refuses a reader without a token', async () => {
      const response = await fetch(`${base}/events/stream`);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('AUTHENTICATION_REQUIRED');
    });

    it('tells each reader which list changed in its area, with the position to read it at, and nothing else', async () => {
      const a = await open(committeeA.Authorization);
      const b = await open(committeeB.Authorization);
      try {
        expect(a.response.headers.get('content-type')).toContain('text/event-stream');
        // Both streams are subscribed once the first fact after they opened reaches them.
        const inA = await listNeed(committeeA, 'zhonghua-zhonghua');
        await a.until(() => a.messages.some((message) => message.position === inA.body.position));
        expect(a.messages).toContainEqual({ list: 'needs', position: inA.body.position });
        const inB = await listNeed(committeeB, 'xiagang-shapowei');
        await b.until(() => b.messages.some((message) => message.position === inB.body.position));
        // The stream is in log order: B heard of its own need and never of A's, which came first.
        expect(b.messages.map((message) => message.position)).not.toContain(inA.body.position);
        expect(a.messages.map((message) => message.position)).not.toContain(inB.body.position);
        for (const message of [...a.messages, ...b.messages]) expect(Object.keys(message).sort()).toEqual(['list', 'position']);
        // Read at that position, the list shows the fact.
        const { body } = await app.http().get(`/needs?community=zhonghua-zhonghua&minPosition=${inA.body.position}`).expect(200);
        expect((body as { items: { needId: string }[] }).items.map((item) => item.needId)).toContain(inA.body.id);
      } finally {
        await a.close();
        await b.close();
      }
    });
    it("tells a reader only of the lists it may read: the register of elders stays unheard of by residents, volunteers and donors", async () => {
      const area = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-zhonghua' };
      const readers = [actor('resident', 'live-resident', area), actor('volunteer', 'live-volunteer', area, undefined, 'live-v'), actor('donor', 'live-donor', area)];
      for (const reader of readers) await app.http().get('/elders').set(reader).expect((response) => expect((response.body as { items?: unknown[] }).items ?? []).toEqual([]));
      const streams = await Promise.all(readers.map((reader) => open(reader.Authorization!)));
      try {
        const elder = await app.http().post('/elders').set(committeeA).send({ communityId: 'zhonghua-zhonghua', circumstances: ['living_alone'] }).expect(201);
        // A need listed after it reaches every one of them (they read needs): by then the register's fact would have, too.
        const need = await listNeed(committeeA, 'zhonghua-zhonghua');
        for (const stream of streams) {
          await stream.until(() => stream.messages.some((message) => message.position === need.body.position));
          expect(stream.messages.map((message) => message.position)).not.toContain(elder.body.position);
        }
      } finally {
        for (const stream of streams) await stream.close();
      }
    });
  });

  describe('GET /events/stream: matching pools and the register of elders', () => {
    it('tells the readers of the area when a pool or the register changes, and not the other community', async () => {
      const open = async (authorization: string) => {
        const controller = new AbortController();
        const response = await fetch(`${base}/events/stream`, { headers: { authorization, accept: 'text/event-stream' }, signal: controller.signal });
        const messages: { list: string; position: number }[] = [];
        const reading = (async () => {
          let buffer = '';
          try {
            for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
              buffer += Buffer.from(chunk).toString();
              for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
                const message = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = /^data: (.*)$/m.exec(message)?.[1];
                if (data && !/^event:/m.test(message)) messages.push(JSON.parse(data) as { list: string; position: number });
              }
            }
          } catch {
            // aborted
          }
        })();
        const heard = async (position: number) => {
          for (let waited = 0; !messages.some((message) => message.position === position); waited += 20) {
            if (waited > 10_000) throw new Error(`not heard: ${position} in ${JSON.stringify(messages)}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          return messages.find((message) => message.position === position)!;
        };
        return { messages, heard, close: async () => (controller.abort(), reading) };
      };
      const a = await open(committeeA.Authorization);
      const b = await open(committeeB.Authorization);
      try {
        const minute = (offsetMs: number) => chinaDateTimeOf(new Date(Date.now() + offsetMs)).slice(0, 16);
        const pledged = await app.http().post('/matching-pools').set(actor('donor', 'live-sponsor', { city: 'xiamen', district: 'siming', street: 'zhonghua' })).send({
          sponsor: { kind: 'enterprise', displayName: '厦门某科技有限公司' }, pledgedFen: 10_000, ratio: { gift: 1, match: 1 }, perDonorCapFen: 3_000, perTargetCapFen: 5_000,
          opensAt: minute(-3_600_000), closesAt: minute(86_400_000), area: { city: 'xiamen', district: 'siming', street: 'zhonghua' },
        }).expect(201);
        expect(await a.heard(pledged.body.position)).toEqual({ list: 'matching-pools', position: pledged.body.position });
        const elder = await app.http().post('/elders').set(committeeA).send({ communityId: 'zhonghua-zhonghua', circumstances: ['living_alone'] }).expect(201);
        expect(await a.heard(elder.body.position)).toEqual({ list: 'elders', position: elder.body.position });
        // B (another street) heard of neither: a fact after them reaches it first.
        const inB = await app.http().post('/elders').set(committeeB).send({ communityId: 'xiagang-shapowei', circumstances: ['empty_nest'] }).expect(201);
        await b.heard(inB.body.position);
        expect(b.messages.map((message) => message.position)).not.toContain(pledged.body.position);
        expect(b.messages.map((message) => message.position)).not.toContain(elder.body.position);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('the built console at /', () => {
    it('serves index.html at / and hashed assets for a year, and nothing when no console was built', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wushe-console-'));
      const fastify = Fastify();
      try {
        mkdirSync(join(dir, 'assets'));
        writeFileSync(join(dir, 'index.html'), '<!doctype html><title>五社联动工作台</title>');
        writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export {};');
        expect(await registerConsole(Fastify(), join(dir, 'missing'))).toBe(false);
        expect(await registerConsole(fastify, dir)).toBe(true);
        // Over a real socket (fastify.inject needs an ESM module jest cannot load).
        const address = await fastify.listen({ port: 0, host: '127.0.0.1' });
        const page = await fetch(`${address}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(page.headers.get('cache-control')).toBe('no-cache');
        expect(await page.text()).toContain('五社联动工作台');
        const script = await fetch(`${address}/assets/index-abc123.js`);
        expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      } finally {
        await fastify.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
