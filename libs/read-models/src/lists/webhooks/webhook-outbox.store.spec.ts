import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import { enqueueNotice } from './webhook-notices.js';
import { WebhookOutboxStore } from './webhook-outbox.store.js';
import { webhookOutboxTables } from './webhooks.tables.js';

describe('webhook outbox store', () => {
  let database: ReadModelDatabase;
  let outbox: WebhookOutboxStore;
  const now = new Date('2026-11-30T02:00:00.000Z');
  const notice = (n: number) => ({ eventId: `notice-${n}`, type: 'match.recorded', topic: 'matches' as const, occurredAt: now.toISOString(), data: { n } });

  beforeAll(async () => {
    database = await openReadModelDatabase({ kind: 'sqlite', path: ':memory:' });
    await webhookOutboxTables.create(database.db);
    outbox = new WebhookOutboxStore(database.db);
    for (const [id, key, topics] of [['busy', 'community:a', ['matches']], ['quiet', 'community:b', ['matches']], ['deadlines-only', 'community:a', ['deadlines']]] as const) {
      await database.db.insertInto('webhook_subscriptions').values({
        subscription_id: id, subscriber_key: key, subscriber_kind: 'community', subscriber_id: key.slice(10), url: `https://hooks.example.org/${id}`,
        topics: JSON.stringify(topics), secret_version: 1, status: 'active', subscribed_at: now.toISOString(), removed_at: null,
      }).execute();
    }
  });
  afterAll(async () => {
    await database.close();
  });

  it('queues a notice once per subscription that takes its topic, however often it is enqueued', async () => {
    expect(await enqueueNotice(database.db, notice(0), ['community:a', 'community:b'], now)).toBe(2);
    expect(await enqueueNotice(database.db, notice(0), ['community:a', 'community:b'], now)).toBe(0);
    expect((await outbox.deliveriesOf('deadlines-only', { limit: 10 }))).toEqual([]);
  });

  it("never lets one subscriber's backlog crowd out another's due delivery", async () => {
    for (let n = 1; n <= 50; n++) await enqueueNotice(database.db, notice(n), ['community:a'], new Date(now.getTime() - 60_000));
    await enqueueNotice(database.db, notice(99), ['community:b'], now);
    const due = await outbox.due(now, 2);
    expect(due.filter((delivery) => delivery.subscriptionId === 'busy')).toHaveLength(2);
    expect(due.some((delivery) => delivery.subscriptionId === 'quiet')).toBe(true);
  });

  it('lets one dispatcher claim a delivery at a time, until the lease runs out', async () => {
    const [first] = await outbox.due(now, 1);
    expect(await outbox.claim(first!.deliveryId, now, new Date(now.getTime() + 1000))).toBe(true);
    expect(await outbox.claim(first!.deliveryId, now, new Date(now.getTime() + 1000))).toBe(false);
    expect((await outbox.due(now, 10)).map((delivery) => delivery.deliveryId)).not.toContain(first!.deliveryId);
    expect(await outbox.claim(first!.deliveryId, new Date(now.getTime() + 2000), new Date(now.getTime() + 3000))).toBe(true);
    await outbox.failed(first!.deliveryId, { status: 500, error: 'HTTP 500', at: now, nextAttemptAt: new Date(now.getTime() + 5000) });
    const [seen] = (await outbox.deliveriesOf(first!.subscriptionId, { limit: 100 })).filter((delivery) => delivery.deliveryId === first!.deliveryId);
    expect(seen).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'HTTP 500', nextAttemptAt: new Date(now.getTime() + 5000).toISOString() });
    await outbox.acknowledged(first!.deliveryId, 204, now);
    expect(await outbox.claim(first!.deliveryId, new Date(now.getTime() + 9000), new Date(now.getTime() + 10_000))).toBe(false);
  });
});
