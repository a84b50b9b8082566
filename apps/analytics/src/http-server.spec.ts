import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '#platform';
import type { AnalyticsConsumerStatus } from './analytics-consumer.js';
import { AnalyticsStore } from './analytics-store.js';
import { startAnalyticsHttpServer, type AnalyticsHttpServer } from './http-server.js';
import { analyticsDatabaseFile } from './start-analytics.js';

describe('the analytics HTTP endpoint', () => {
  let store: AnalyticsStore;
  let server: AnalyticsHttpServer;
  let state: AnalyticsConsumerStatus['state'] = 'joining';
  const status = (): AnalyticsConsumerStatus => ({
    state,
    groupId: 'wushe-analytics',
    topics: ['wushe.need.v1'],
    received: 0,
    applied: 0,
    duplicates: 0,
    rejected: 0,
    outOfOrder: 0,
    lastMessageAt: null,
    lastError: state === 'retrying' ? 'connect ECONNREFUSED' : null,
  });
  const get = async (path: string) => {
    const response = await fetch(`${server.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    store = new AnalyticsStore(':memory:');
    server = await startAnalyticsHttpServer(store, status, { host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server.close();
    store.close();
  });

  it('answers GET /indicators?level=&code= with the area’s indicators as JSON', async () => {
    const answer = await get('/indicators?level=district&code=SM');
    expect(answer).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
    expect(answer.body).toMatchObject({ level: 'district', code: 'SM', population: { communities: 0 }, socialWorkers: { per1000Residents: null, targetPer1000Residents: 1 } });
  });

  it('says what is wrong with a request, with a stable code', async () => {
    expect(await get('/indicators?level=province&code=FJ')).toMatchObject({ status: 400, body: { code: 'UNKNOWN_ADMINISTRATIVE_LEVEL', details: { levels: ['city', 'district', 'street', 'community'] } } });
    expect(await get('/indicators?level=district')).toMatchObject({ status: 400, body: { code: 'AREA_CODE_REQUIRED' } });
    expect(await get('/figures')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const posted = await fetch(`${server.url}/indicators`, { method: 'POST' });
    expect(posted.status).toBe(405);
  });

  it('reports health: 503 until the consumer group is consuming, 200 then', async () => {
    state = 'retrying';
    expect(await get('/health')).toMatchObject({ status: 503, body: { status: 'degraded', consumer: { state: 'retrying', lastError: 'connect ECONNREFUSED' }, events: { processed: 0 } } });
    state = 'consuming';
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('keeps its figures in DATA_DIR/analytics.db unless ANALYTICS_DATABASE says otherwise', () => {
    expect(analyticsDatabaseFile(loadConfig({ DATA_DIR: '/var/wushe' }))).toBe('/var/wushe/analytics.db');
    expect(analyticsDatabaseFile(loadConfig({ DATA_DIR: '/var/wushe', ANALYTICS_DATABASE: '/srv/figures.db' }))).toBe('/srv/figures.db');
  });
});
