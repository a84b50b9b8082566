import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { correctStoredEvent } from '../../apps/api/src/operator/correct-event.js';
import { actor, startTestApp, type TestApp } from '../support/test-app.js';

interface HealthBody {
  status: string;
  readModels: { projections: { name: string; status: string; error: { position: number; eventId: string; eventType: string; streamId: string; message: string } | null }[] };
}

/**
 * The operator's path out of a stopped projection (README: "Recovering a stopped projection"):
 * a fact the deciders now refuse is planted straight in the store, as older code stored it.
 */
describe('recovering a projection stopped by a stored event it cannot apply', () => {
  let app: TestApp;
  const health = async (): Promise<HealthBody> => (await app.http().get('/health').expect(200)).body as HealthBody;
  const eventually = async (check: () => Promise<boolean>): Promise<void> => {
    for (let tries = 0; tries < 100; tries++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    throw new Error('condition not met in time');
  };

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('health names the event; the correction resumes the projection; health is ok again', async () => {
    const registeredData = { communityId: 'c-lost', name: '失落社区', area: { community: 'c-lost' }, kind: 'urban', residents: 100, households: 40 };
    const { position } = await app.service.infrastructure.eventStore.append(
      'community-c-lost',
      [
        {
          eventId: randomUUID(),
          type: 'CommunityRegistered',
          schemaVersion: 1,
          data: registeredData,
          metadata: { correlationId: 'planted', causationId: null, actor: { id: 'old-code', role: 'civil_affairs_bureau' }, occurredAt: new Date().toISOString() },
        },
      ],
      'no_stream',
    );
    const [stored] = await app.service.infrastructure.eventStore.readStream('community-c-lost');

    await eventually(async () => (await health()).status === 'degraded');
    const stopped = (await health()).readModels.projections.filter((projection) => projection.error);
    expect(stopped.length).toBeGreaterThan(0);
    for (const projection of stopped) {
      expect(projection.error).toMatchObject({ position, eventId: stored!.eventId, eventType: 'CommunityRegistered', streamId: 'community-c-lost' });
    }

    // A correction without its reason is refused; the stopped projection stays stopped.
    await expect(
      correctStoredEvent(app.service.infrastructure, { streamId: 'community-c-lost', eventId: stored!.eventId, data: registeredData, reason: ' ', operatorId: 'ops-1' }),
    ).rejects.toMatchObject({ code: 'REASON_REQUIRED' });

    const correctedArea = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'c-lost' };
    await correctStoredEvent(app.service.infrastructure, {
      streamId: 'community-c-lost',
      eventId: stored!.eventId,
      data: { ...registeredData, area: correctedArea },
      reason: 'area lost by the array bug of issue 8; restored from the street office register',
      operatorId: 'ops-1',
    });

    await eventually(async () => (await health()).status === 'ok');
    const community = await app.http().get('/communities/c-lost').set(actor()).expect(200);
    expect(community.body).toMatchObject({ communityId: 'c-lost', area: correctedArea });

    // The aggregate folds the corrected registration too: the community takes commands again.
    await app
      .http()
      .post('/communities/c-lost/population')
      .set(actor())
      .send({ residents: 120, households: 50 })
      .expect((response) => expect(response.status).toBeLessThan(300));
  });
});
