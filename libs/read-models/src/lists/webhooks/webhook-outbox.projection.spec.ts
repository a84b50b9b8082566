import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import type { ProjectionHandler } from '../../framework/projection.js';
import { webhookOutboxProjection, type ProposalNotice } from './webhook-outbox.projection.js';

const at = '2026-11-30T02:00:00.000Z';
let position = 0;
const event = (type: string, data: Record<string, unknown>): RecordedEvent =>
  ({ eventId: `e-${++position}`, position, streamId: `s-${position}`, streamVersion: 1, type, schemaVersion: 1, data, metadata: { occurredAt: at, actor: { id: 'u', role: 'community_committee' } } }) as unknown as RecordedEvent;

describe('webhook outbox projection', () => {
  let database: ReadModelDatabase;
  const asked: string[] = [];
  const proposal: ProposalNotice = { demand: { kind: 'need', needId: 'n-2' }, resource: { kind: 'organisation', id: 'org-1' }, score: 80, offer: {} };
  const projection = webhookOutboxProjection(async (fact) => {
    asked.push(fact.type);
    return [proposal];
  });
  const apply = (fact: RecordedEvent) =>
    database.db.transaction().execute((trx) => (projection.on[fact.type] as ProjectionHandler<unknown, unknown>)(fact, trx as never));
  const subscribe = (subscriptionId: string, kind: string, id: string, topics: string[]) =>
    apply(event('WebhookSubscribed', { subscriptionId, subscriber: { kind, id }, url: `https://hooks.example.org/${subscriptionId}`, topics, secretVersion: 1, subscribedAt: at }));
  const deliveries = () => database.db.selectFrom('webhook_deliveries' as never).select(['subscription_id' as never, 'event_type' as never]).execute();

  beforeAll(async () => {
    database = await openReadModelDatabase({ kind: 'sqlite', path: ':memory:' });
    await projection.tables.create(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('does not ask the matcher for proposals while no subscription takes them, and does once one does', async () => {
    await subscribe('matches-only', 'community', 'c-1', ['matches']);
    await apply(event('NeedListed', { needId: 'n-1', communityId: 'c-1' }));
    await apply(event('NeedVerified', { needId: 'n-1' }));
    expect(asked).toEqual([]);
    expect(await deliveries()).toEqual([]);

    await subscribe('proposals', 'organisation', 'org-1', ['proposals']);
    await apply(event('NeedListed', { needId: 'n-2', communityId: 'c-2' }));
    expect(asked).toEqual(['NeedListed']);
    expect(await deliveries()).toEqual([{ subscription_id: 'proposals', event_type: 'proposal.created' }]);
  });
});
