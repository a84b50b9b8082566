import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endpointsOf, HostileRequestGenerator, type HostileRequest, type OpenApiDocument } from '../support/hostile-requests.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every endpoint in the OpenAPI document gets the generated hostile requests (see
 * hostile-requests.ts): each must be a 4xx with the product's error body and a stable code, the
 * event store must not move, and the service must still answer afterwards. A new endpoint is
 * covered the moment it is in the document.
 */
describe('hostile input on every endpoint (generated from OpenAPI)', () => {
  let app: TestApp;
  let port: number;
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const headers = actor('civil_affairs_bureau', 'bureau-hostile');

  const send = (hostile: HostileRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const sent = httpRequest(
        {
          host: '127.0.0.1', port, agent, method: hostile.method, path: hostile.url,
          headers: { ...headers, ...(hostile.contentType ? { 'content-type': hostile.contentType } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      sent.on('error', reject);
      // A request that hangs is a finding too: answer it as such instead of stalling the suite.
      sent.setTimeout(5000, () => {
        resolve({ status: 0, body: 'no answer within 5 s' });
        sent.destroy();
      });
      sent.end(hostile.body);
    });

  /** The refusal a client can act on: a 4xx whose body says the same status and a code. */
  const problemWith = (status: number, text: string): string | undefined => {
    if (status < 400 || status > 499) return `answered ${status}: ${text.slice(0, 200)}`;
    try {
      const body = JSON.parse(text) as { statusCode?: unknown; code?: unknown };
      if (body.statusCode !== status) return `body statusCode ${String(body.statusCode)} for ${status}`;
      if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(body.code)) return `no stable code: ${text.slice(0, 200)}`;
      return undefined;
    } catch {
      return `a ${status} without a JSON body: ${text.slice(0, 200)}`;
    }
  };

  beforeAll(async () => {
    app = await startTestApp();
    await app.service.app.listen(0, '127.0.0.1');
    port = (app.service.app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    agent.destroy();
    await app?.close();
  });

  it('refuses every generated request with a 4xx and a code, stores nothing, and stays up', async () => {
    const document = (await app.http().get('/docs-json').expect(200)).body as OpenApiDocument;
    const generator = new HostileRequestGenerator(document);
    const endpoints = endpointsOf(document).filter(({ path }) => path !== '/health' && !path.startsWith('/health/'));
    const before = await app.service.infrastructure.eventStore.headPosition();

    const problems: string[] = [];
    let sent = 0;
    const covered = new Set<string>();
    for (const endpoint of endpoints) {
      const requests = generator.requestsFor(endpoint);
      if (requests.length > 0) covered.add(`${endpoint.method} ${endpoint.path}`);
      for (let start = 0; start < requests.length; start += 8) {
        const batch = requests.slice(start, start + 8);
        const answers = await Promise.all(batch.map(send));
        answers.forEach(({ status, body }, index) => {
          const problem = problemWith(status, body);
          if (problem) problems.push(`${endpoint.method} ${endpoint.path} <- ${batch[index]!.name}: ${problem}`);
        });
        sent += batch.length;
      }
    }

    expect(problems).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1000);
    // Every POST and every list query in the document is exercised.
    const commands = endpoints.filter(({ method }) => method === 'POST').length;
    expect([...covered].filter((key) => key.startsWith('POST')).length).toBe(commands);
    expect(await app.service.infrastructure.eventStore.headPosition()).toBe(before);
    await app.http().get('/health').expect(200);
    process.stdout.write(`hostile input: ${sent} requests over ${covered.size} endpoints (${commands} commands)\n`);
  }, 180_000);
});
