import { projectionTables } from '../../framework/projection.js';

/** The projection's name: its checkpoint's key. */
export const WEBHOOK_OUTBOX = 'webhook-outbox';

/**
 * 对接方通知: the subscriptions, who is party to which record, and the durable outbox of deliveries.
 * The outbox is derived from the log under the projection's checkpoint (a delivery row commits with
 * the position that caused it), so nothing is lost across a restart; the dispatcher marks a row
 * delivered only after the receiver's 2xx.
 */
export interface WebhookOutboxTables {
  webhook_subscriptions: WebhookSubscriptionRow;
  webhook_parties: WebhookPartiesRow;
  webhook_deliveries: WebhookDeliveryRow;
}

export interface WebhookSubscriptionRow {
  subscription_id: string;
  /** `organisation:<id>`, `community:<id>`, `donor:<account>`: what notices name as their parties. */
  subscriber_key: string;
  subscriber_kind: string;
  subscriber_id: string;
  url: string;
  /** JSON array of topics. */
  topics: string;
  secret_version: number;
  status: 'active' | 'removed';
  subscribed_at: string;
  removed_at: string | null;
}

/** Who a record concerns: `need:<id>`, `donation:<id>`, `project:<id>` -> JSON array of subscriber keys. */
export interface WebhookPartiesRow {
  record_key: string;
  parties: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'cancelled';

export interface WebhookDeliveryRow {
  /** Stable per subscription and notice: the receiver dedupes on it (at-least-once). */
  delivery_id: string;
  subscription_id: string;
  /** The notice's id, the same for every subscriber told of it. */
  event_id: string;
  event_type: string;
  topic: string;
  /** The exact JSON body every attempt sends (its bytes are signed). */
  body: string;
  occurred_at: string;
  created_at: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  /** While an attempt is in flight: no other dispatcher takes the row until then (a crash lets it go). */
  lease_until: string | null;
}

export const webhookOutboxTables = projectionTables<WebhookOutboxTables>(['webhook_subscriptions', 'webhook_parties', 'webhook_deliveries'], async (db) => {
  await db.schema
    .createTable('webhook_subscriptions')
    .ifNotExists()
    .addColumn('subscription_id', 'text', (c) => c.primaryKey())
    .addColumn('subscriber_key', 'text', (c) => c.notNull())
    .addColumn('subscriber_kind', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('secret_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('subscribed_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema.createIndex('webhook_subscriptions_subscriber').ifNotExists().on('webhook_subscriptions').columns(['subscriber_key', 'status']).execute();
  await db.schema
    .createTable('webhook_parties')
    .ifNotExists()
    .addColumn('record_key', 'text', (c) => c.primaryKey())
    .addColumn('parties', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .ifNotExists()
    .addColumn('delivery_id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').ifNotExists().on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_subscription').ifNotExists().on('webhook_deliveries').columns(['subscription_id', 'created_at']).execute();
});
