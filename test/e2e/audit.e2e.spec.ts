import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';
import { runWholeFlow } from '../support/whole-flow.js';

/** Issue 12, item 5: GET /audit/verify recomputes the tamper-evident record for the city's auditors. */
describe('GET /audit/verify (e2e)', () => {
  let app: TestApp;
  const auditor = actor('auditor', 'audit-auditor');
  const bureau = actor('civil_affairs_bureau', 'audit-bureau');

  beforeAll(async () => {
    app = await startTestApp();
    await runWholeFlow(app, 'audit');
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers an intact log to the auditor and to the city bureau', async () => {
    const head = await app.service.infrastructure.eventStore.headPosition();
    for (const asker of [auditor, bureau]) {
      const { body } = await app.http().get('/audit/verify').set(asker).expect(200);
      expect(body).toMatchObject({ ok: true, eventsChecked: head, firstBreak: null });
    }
  });

  it('refuses other roles, offices below city level, and anonymous callers', async () => {
    expect((await app.http().get('/audit/verify').set(actor('community_committee', 'audit-committee')).expect(403)).body.code).toBe('ROLE_NOT_PERMITTED');
    const districtBureau = actor('civil_affairs_bureau', 'audit-district', { city: 'xiamen', district: 'siming' });
    expect((await app.http().get('/audit/verify').set(districtBureau).expect(403)).body.code).toBe('OUTSIDE_YOUR_AREA');
    await app.http().get('/audit/verify').set({ Authorization: '' }).expect(401);
  });

  it('names the event whose stored data was altered behind the service', async () => {
    const file = new Database(join(app.config.DATA_DIR, 'events.db'));
    const target = file.prepare('SELECT position, stream_id AS streamId, revision FROM events WHERE revision = 1 ORDER BY position LIMIT 1').get() as {
      position: number;
      streamId: string;
      revision: number;
    };
    // One byte more: still valid JSON, still the same meaning to a reader, no longer the stored fact.
    file.prepare("UPDATE events SET data = '{ ' || substr(data, 2) WHERE position = ?").run(target.position);
    file.close();
    const { body } = await app.http().get('/audit/verify').set(auditor).expect(200);
    expect(body).toMatchObject({ ok: false, firstBreak: { kind: 'altered_event', ...target } });
  });
});
