import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeServiceLauncher, spawnService, type ServiceProcess } from '../support/service-process.js';
import { actor, provisionTestSigningKey } from '../support/test-app.js';

/**
 * A real SIGTERM to the service in its own process (`npm start` without the build): requests in
 * flight finish or answer 503 SHUTTING_DOWN, nothing half-stored, and the process exits 0 promptly.
 */
describe('shutdown on SIGTERM', () => {
  const dirs: string[] = [];
  let service: ServiceProcess | undefined;
  // The spawned service uses the test signing key placed in its DATA_DIR before it starts.
  const bureau = { ...actor('civil_affairs_bureau', 'user-bureau'), 'content-type': 'application/json' };
  const community = (communityId: string) => ({
    communityId, name: '湖里社区', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' }, kind: 'urban', residents: 12000, households: 4100,
  });

  const start = async (env: Record<string, string> = {}) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wushe-shutdown-'));
    dirs.push(dataDir);
    provisionTestSigningKey(dataDir);
    // A long read wait: the GET below is still waiting when the signal comes.
    service = await spawnService({ DATA_DIR: dataDir, READ_WAIT_TIMEOUT_MS: '30000', ...env });
    return { service, dataDir };
  };

  /** Resolves with the status and parsed body, or with the network error's code (the server was gone). */
  const send = async (url: string, init: RequestInit = {}) => {
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch (error) {
      return { status: 0, body: { network: String((error as { cause?: { code?: string } }).cause?.code ?? error) } };
    }
  };

  const exitWithin = (process: ServiceProcess, ms: number) =>
    Promise.race([process.exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), ms).unref())]);

  afterEach(() => {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    service = undefined;
  });
  afterAll(() => {
    removeServiceLauncher();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers a read-your-writes wait in flight with 503 SHUTTING_DOWN and exits 0', async () => {
    const { service } = await start();
    const waiting = send(`${service.baseUrl}/needs?minPosition=1000000`);
    // The matching feed has waits of its own (in memory, not the projector's).
    const waitingOnMatching = send(`${service.baseUrl}/needs/6f1c1a53-8f7e-4c57-9d7e-6a0b0e7b5a11/proposals?minPosition=1000000`, { headers: bureau });
    await new Promise((resolve) => setTimeout(resolve, 500)); // both GETs are now waiting
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');

    const answer = await waiting;
    expect(answer).toEqual({
      status: 503,
      body: expect.objectContaining({ statusCode: 503, code: 'SHUTTING_DOWN', message: expect.any(String) }),
    });
    expect(await waitingOnMatching).toEqual({ status: 503, body: expect.objectContaining({ statusCode: 503, code: 'SHUTTING_DOWN' }) });
    expect(await exitWithin(service, 10_000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    expect(service.output()).not.toMatch(/Projection runner stopped|INTERNAL_ERROR/);
    // Stopped listening: nothing answers any more.
    expect((await send(`${service.baseUrl}/health`)).status).toBe(0);
  }, 90_000);

  it('lets commands in flight finish (stored) or refuses them with 503 (nothing stored)', async () => {
    const { service, dataDir } = await start();
    const ids = Array.from({ length: 8 }, (_, index) => `shutdown-${index}`);
    const answers = ids.map((id, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 5)).then(() =>
        send(`${service.baseUrl}/communities`, { method: 'POST', headers: bureau, body: JSON.stringify(community(id)) }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 15));
    const signalledAt = Date.now();
    service.child.kill('SIGTERM');
    const settled = await Promise.all(answers);
    expect(await exitWithin(service, 10_000)).toEqual({ code: 0, signal: null });

    const events = new Database(join(dataDir, 'events.db'), { readonly: true });
    const stored = new Set((events.prepare('select stream_id from events').all() as { stream_id: string }[]).map((row) => row.stream_id));
    events.close();
    // Each answer agrees with the store: 201 and stored, or refused (503 SHUTTING_DOWN, or never
    // connected) and nothing stored.
    const disagreements = settled.flatMap((answer, index) => {
      const isStored = stored.has(`community-${ids[index]}`);
      const refused = answer.status === 0 || (answer.status === 503 && answer.body.code === 'SHUTTING_DOWN');
      return (answer.status === 201 && isStored) || (refused && !isStored) ? [] : [{ id: ids[index], ...answer, stored: isStored }];
    });
    expect(disagreements).toEqual([]);
    if (process.env.SHUTDOWN_TEST_VERBOSE) console.log(settled.map((answer) => answer.status), Date.now() - signalledAt);
    expect(service.output()).not.toMatch(/INTERNAL_ERROR|Unexpected error/);
  }, 90_000);
});
