import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HOOKS, REGISTER, REPO_ROOT } from '../support/ts-launcher.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * PROJECTOR_THREAD=worker (opt-in; `main` is the default, see README Configuration): the lists are written by a worker
 * thread, policies stay on the API's thread. Under jest the worker runs the TypeScript source
 * through the loader hooks (the built service runs dist/…/list-projector-worker.js).
 */
describe('the lists projected on a worker thread (e2e)', () => {
  let app: TestApp;
  let launcher: string;
  const committee = actor('community_committee', 'committee-thread');
  const community = { communityId: 'thread-e2e', area: { city: 'xiamen', district: 'huli-district', street: 'jiangtou' } };

  beforeAll(async () => {
    launcher = mkdtempSync(join(tmpdir(), 'wushe-worker-launcher-'));
    writeFileSync(join(launcher, 'hooks.mjs'), HOOKS);
    writeFileSync(join(launcher, 'register.mjs'), REGISTER);
    app = await startTestApp(
      { PROJECTOR_THREAD: 'worker', READ_WAIT_TIMEOUT_MS: '1500' },
      {
        listProjectorWorker: {
          url: pathToFileURL(join(REPO_ROOT, 'libs', 'platform', 'src', 'projector-thread', 'list-projector-worker.ts')),
          execArgv: ['--import', pathToFileURL(join(launcher, 'register.mjs')).href],
        },
      },
    );
    const registered = await app
      .http()
      .post('/communities')
      .set(actor('civil_affairs_bureau'))
      .send({ ...community, name: '线程社区', kind: 'urban', residents: 8000, households: 3000 });
    expect(registered.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(launcher, { recursive: true, force: true });
  });

  it('a need listed is read back at its position, projected by the worker (this thread runs only the policies)', async () => {
    expect(app.service.infrastructure.readModels.runner!.projectionNames).not.toContain('needs-list');
    expect(app.service.infrastructure.readModels.runner!.projectionNames).toContain('policies');
    const listed = await app.http().post('/needs').set(committee).send({
      communityId: community.communityId, category: 'elderly_care', title: '独居老人助餐', description: '工作日午餐送餐', urgency: 'high', source: 'visit', beneficiaries: 1,
    });
    expect(listed.status).toBe(201);
    const { id, position } = listed.body as { id: string; position: number };
    const read = await app.http().get(`/needs/${id}`).query({ minPosition: position });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ needId: id, title: '独居老人助餐', status: 'listed' });
  });

  it('/health reports the worker’s projections with this thread’s, each at the head', async () => {
    const head = await app.service.infrastructure.eventStore.headPosition();
    await app.service.infrastructure.readModels.waitForPosition(head, 5000);
    const health = await app.anonymous().get('/health').expect(200);
    const projections = (health.body as { readModels: { projections: { name: string; position: number; status: string }[] } }).readModels.projections;
    const byName = new Map(projections.map((projection) => [projection.name, projection]));
    for (const name of ['needs-list', 'needs-list-as-of', 'policies', 'auto-match']) {
      expect({ name, ...byName.get(name) }).toMatchObject({ name, status: 'running', position: head });
    }
  });

  it('a wait the worker gives up on answers as one in this thread would: 400 POSITION_NOT_WRITTEN above the head', async () => {
    const head = await app.service.infrastructure.eventStore.headPosition();
    const response = await app.http().get('/needs').query({ minPosition: head + 1000 });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'POSITION_NOT_WRITTEN' });
  });

  it('a lists thread that dies is started again: reads at a position answer 503 READ_MODEL_STOPPED meanwhile, then the lists catch up', async () => {
    // The worker's handle is private: a test reaches it to end the thread as a crash would.
    const thread = app.service.infrastructure.readModels.listsThread as unknown as { worker: { terminate(): Promise<number> } } | null;
    expect(thread).not.toBeNull();
    await thread!.worker.terminate();
    const listed = await app.http().post('/needs').set(committee).send({
      communityId: community.communityId, category: 'elderly_care', title: '线程重启后的需求', description: '周末送餐', urgency: 'medium', source: 'visit', beneficiaries: 1,
    });
    expect(listed.status).toBe(201);
    const { id, position } = listed.body as { id: string; position: number };
    const during = await app.http().get(`/needs/${id}`).query({ minPosition: position });
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ code: 'READ_MODEL_STOPPED' });
    const deadline = Date.now() + 60_000;
    let read = during;
    while (read.status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      read = await app.http().get(`/needs/${id}`).query({ minPosition: position });
    }
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ needId: id, title: '线程重启后的需求' });
  }, 90_000);
});
