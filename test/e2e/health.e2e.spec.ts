import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MatchingService } from '#application';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Liveness and readiness: /health/live answers whenever the process runs, /health/ready once it caught up. */
describe('health: live and ready (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const waitUntilReady = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await app.anonymous().get('/health/ready');
      if (response.status === 200 || Date.now() > deadline) return response;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('/health/live answers 200 with no token', async () => {
    const response = await app.anonymous().get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'live' });
  });

  it('/health/ready answers 200 with no token once the store answers and every consumer is at the head', async () => {
    const response = await waitUntilReady();
    expect(response.status).toBe(200);
    const head = (response.body as { headPosition: number }).headPosition;
    expect(response.body).toMatchObject({ status: 'ready', catchingUp: [], matching: { phase: 'following', position: head, lag: 0 } });
    const projections = (response.body as { projections: { name: string; position: number; lag: number }[] }).projections;
    expect(projections.length).toBeGreaterThan(0);
    for (const projection of projections) expect(projection.lag).toBeLessThanOrEqual(100);
  });

  it('/health/ready answers 503 naming the matching feed while it trails the head; /health and /health/live stay 200', async () => {
    const matching = app.service.app.get(MatchingService);
    await matching.stop();
    const { eventStore } = app.service.infrastructure;
    const metadata = { correlationId: 'health-test', causationId: null, actor: { id: 'test', role: 'civil_affairs_bureau' }, occurredAt: new Date().toISOString() };
    // A type no consumer handles: the projections pass over it, the stopped matching feed does not.
    const noise = Array.from({ length: 150 }, () => ({ eventId: randomUUID(), type: 'HealthTestNoise', schemaVersion: 1, data: {}, metadata }));
    await eventStore.append(`health-noise-${randomUUID()}`, noise, 'any');
    const head = await eventStore.headPosition();
    const response = await app.anonymous().get('/health/ready').expect(503);
    expect(response.body).toMatchObject({ status: 'catching_up', headPosition: head, matching: { position: matching.position, lag: head - matching.position } });
    expect((response.body as { catchingUp: string[] }).catchingUp).toContain('matching');
    await app.anonymous().get('/health/live').expect(200);
    await app.anonymous().get('/health').expect(200);
  });

  it('OpenAPI documents both, public (no bearer)', async () => {
    const document = (await app.anonymous().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>> };
    expect(document.paths['/health/live']?.get?.security).toBeUndefined();
    expect(document.paths['/health/ready']?.get?.security).toBeUndefined();
    expect(Object.keys(document.paths['/health/ready']?.get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '503']));
  });
});
