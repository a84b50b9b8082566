import { afterEach, describe, expect, it } from '@jest/globals';
import fastify from 'fastify';
import { StartingServer } from './starting-server.js';

const opened: StartingServer[] = [];
afterEach(async () => {
  for (const starting of opened.splice(0)) await new Promise((done) => starting.server.close(done));
});

const open = async () => {
  const starting = new StartingServer();
  opened.push(starting);
  await starting.listen(0, '127.0.0.1');
  const { port } = starting.server.address() as { port: number };
  const get = async (path: string, init?: RequestInit) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { starting, get };
};

describe('StartingServer: the port answers while the service loads, then the app takes the same server', () => {
  it('answers live at once, ready 503 with the step in progress, and anything else 503 STARTING', async () => {
    const { starting, get } = await open();
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'live' } });
    starting.setStep('opening the stores');
    expect(await get('/health/ready')).toMatchObject({ status: 503, body: { status: 'starting', step: 'opening the stores', catchingUp: ['service'] } });
    expect(await get('/needs', { method: 'POST', body: '{"title":"x"}', headers: { 'content-type': 'application/json' } })).toMatchObject({
      status: 503, body: { code: 'STARTING' },
    });
  });

  it('hands every later request to the app Fastify built over it, on the same port', async () => {
    const { starting, get } = await open();
    const app = fastify({ serverFactory: starting.serverFactory });
    app.get('/health/live', async () => ({ status: 'live', from: 'app' }));
    app.get('/needs', async () => ({ items: [] }));
    await app.ready();
    expect(app.server).toBe(starting.server);
    expect((await get('/needs')).status).toBe(503); // not handed over yet
    starting.handOver();
    expect(await get('/health/live')).toEqual({ status: 200, body: { status: 'live', from: 'app' } });
    expect(await get('/needs')).toEqual({ status: 200, body: { items: [] } });
  });
});
