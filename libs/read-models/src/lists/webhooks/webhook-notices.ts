import type { Kysely, Transaction } from 'kysely';
import { deterministicUuid } from '#event-store';
import type { WebhookOutboxTables } from './webhooks.tables.js';

type Db = Kysely<WebhookOutboxTables> | Transaction<WebhookOutboxTables>;

/**
 * What an integrator is told: one notice, delivered to every active subscription among its parties
 * whose topics include its topic. Ids, codes, amounts and dates only: never a name, phone, free text
 * or beneficiary reference.
 */
export interface WebhookNotice {
  /** Stable: the same fact (or deadline) always makes the same notice, whoever is told. */
  readonly eventId: string;
  /** `proposal.created`, `match.recorded`, `deadline.<kind>`. */
  readonly type: string;
  readonly topic: 'proposals' | 'matches' | 'deadlines';
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/** Subscriber keys, as subscriptions and parties name them. */
export const subscriberKey = (kind: 'organisation' | 'community' | 'donor', id: string): string => `${kind}:${id}`;

/** The delivery of one notice to one subscription: stable, so a replay or a second sweep adds nothing. */
export const deliveryIdOf = (subscriptionId: string, eventId: string): string => deterministicUuid('webhook-delivery', subscriptionId, eventId);

/** The parties of a record (`need:<id>`, `donation:<id>`, `project:<id>`); [] when none is known. */
export const partiesOf = async (db: Db, recordKey: string): Promise<string[]> => {
  const row = await db.selectFrom('webhook_parties').select('parties').where('record_key', '=', recordKey).executeTakeFirst();
  return row ? (JSON.parse(row.parties) as string[]) : [];
};

/** Adds parties to a record (a project gains its contractor), keeping those it had. */
export const addParties = async (db: Db, recordKey: string, parties: readonly string[]): Promise<void> => {
  const merged = [...new Set([...(await partiesOf(db, recordKey)), ...parties])];
  await db
    .insertInto('webhook_parties')
    .values({ record_key: recordKey, parties: JSON.stringify(merged) })
    .onConflict((conflict) => conflict.column('record_key').doUpdateSet({ parties: JSON.stringify(merged) }))
    .execute();
};

/**
 * Whether any active subscription takes `topic`: with none, a notice on it would reach nobody, so
 * the projection need not work out what it would say (the matcher's proposals for a fact are the
 * dearest part of a catch-up over a long log).
 */
export const anySubscriptionTakes = async (db: Db, topic: WebhookNotice['topic']): Promise<boolean> => {
  const active = await db.selectFrom('webhook_subscriptions').select('topics').where('status', '=', 'active').execute();
  return active.some((subscription) => (JSON.parse(subscription.topics) as string[]).includes(topic));
};

/**
 * Puts a notice in the outbox for each active subscription among `parties` that takes its topic.
 * Inserting an existing delivery id does nothing, so the projection's redelivery after a crash, or
 * the deadline clock's next sweep, never sends twice what was already queued. Answers how many
 * deliveries were added.
 */
export const enqueueNotice = async (db: Db, notice: WebhookNotice, parties: readonly string[], now: Date): Promise<number> => {
  const keys = [...new Set(parties)];
  if (keys.length === 0) return 0;
  const subscriptions = await db
    .selectFrom('webhook_subscriptions')
    .select(['subscription_id', 'topics'])
    .where('status', '=', 'active')
    .where('subscriber_key', 'in', keys)
    .execute();
  let added = 0;
  for (const subscription of subscriptions) {
    if (!(JSON.parse(subscription.topics) as string[]).includes(notice.topic)) continue;
    const deliveryId = deliveryIdOf(subscription.subscription_id, notice.eventId);
    const body = JSON.stringify({
      deliveryId,
      eventId: notice.eventId,
      type: notice.type,
      occurredAt: notice.occurredAt,
      subscriptionId: subscription.subscription_id,
      data: notice.data,
    });
    const result = await db
      .insertInto('webhook_deliveries')
      .values({
        delivery_id: deliveryId,
        subscription_id: subscription.subscription_id,
        event_id: notice.eventId,
        event_type: notice.type,
        topic: notice.topic,
        body,
        occurred_at: notice.occurredAt,
        created_at: now.toISOString(),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now.toISOString(),
        last_attempt_at: null,
        last_status: null,
        last_error: null,
        delivered_at: null,
        lease_until: null,
      })
      .onConflict((conflict) => conflict.column('delivery_id').doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
};
