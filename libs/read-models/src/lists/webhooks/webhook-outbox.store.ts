import type { Kysely } from 'kysely';
import type { WebhookNotice } from './webhook-notices.js';
import { enqueueNotice, partiesOf } from './webhook-notices.js';
import { type WebhookDeliveryRow, type WebhookDeliveryStatus, type WebhookOutboxTables, webhookOutboxTables, type WebhookSubscriptionRow } from './webhooks.tables.js';

/** A subscription as its owner lists it (never its secret: that is shown once, when made or rotated). */
export interface WebhookSubscriptionItem {
  subscriptionId: string;
  subscriber: { kind: string; id: string };
  url: string;
  topics: string[];
  secretVersion: number;
  status: 'active' | 'removed';
  subscribedAt: string;
  removedAt: string | null;
}

/** One delivery as its subscriber sees it: what was sent, and how the attempts went. */
export interface WebhookDeliveryItem {
  deliveryId: string;
  eventId: string;
  type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  occurredAt: string;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  body: unknown;
}

/** A delivery in hand for an attempt: its body and where and how to sign it now. */
export interface DueDelivery {
  deliveryId: string;
  subscriptionId: string;
  eventType: string;
  body: string;
  attempts: number;
  url: string;
  secretVersion: number;
}

const toSubscription = (row: WebhookSubscriptionRow): WebhookSubscriptionItem => ({
  subscriptionId: row.subscription_id,
  subscriber: { kind: row.subscriber_kind, id: row.subscriber_id },
  url: row.url,
  topics: JSON.parse(row.topics) as string[],
  secretVersion: Number(row.secret_version),
  status: row.status,
  subscribedAt: row.subscribed_at,
  removedAt: row.removed_at,
});

const toDelivery = (row: WebhookDeliveryRow): WebhookDeliveryItem => ({
  deliveryId: row.delivery_id,
  eventId: row.event_id,
  type: row.event_type,
  status: row.status,
  attempts: Number(row.attempts),
  occurredAt: row.occurred_at,
  createdAt: row.created_at,
  lastAttemptAt: row.last_attempt_at,
  lastStatus: row.last_status === null ? null : Number(row.last_status),
  lastError: row.last_error,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
  deliveredAt: row.delivered_at,
  body: JSON.parse(row.body) as unknown,
});

/** Attempts in flight for one subscription at most: a slow or dead receiver never takes every slot. */
const PER_SUBSCRIPTION = 2;

/**
 * The webhook outbox for the API (a subscriber's subscriptions and deliveries), the dispatcher
 * (due deliveries, claims, outcomes) and the deadline clock (notices it adds). Written once with
 * Kysely for SQLite and PostgreSQL.
 */
export class WebhookOutboxStore {
  private ready: Promise<void> | null = null;

  constructor(private readonly db: Kysely<WebhookOutboxTables>) {}

  /** The tables, when this process does not run the projector that creates them (an API apart). */
  private async tables(): Promise<Kysely<WebhookOutboxTables>> {
    this.ready ??= webhookOutboxTables.create(this.db);
    await this.ready;
    return this.db;
  }

  async subscriptionsOf(subscriberKey: string): Promise<WebhookSubscriptionItem[]> {
    const db = await this.tables();
    const rows = await db.selectFrom('webhook_subscriptions').selectAll().where('subscriber_key', '=', subscriberKey).orderBy('subscribed_at').orderBy('subscription_id').execute();
    return rows.map(toSubscription);
  }

  /** A subscription's deliveries, newest first; `before` is the last page's last createdAt|deliveryId. */
  async deliveriesOf(subscriptionId: string, options: { status?: WebhookDeliveryStatus; limit: number; before?: { createdAt: string; deliveryId: string } }): Promise<WebhookDeliveryItem[]> {
    const db = await this.tables();
    let query = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId);
    if (options.status) query = query.where('status', '=', options.status);
    if (options.before) {
      const { createdAt, deliveryId } = options.before;
      query = query.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('delivery_id', '<', deliveryId)])]));
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('delivery_id', 'desc').limit(options.limit).execute();
    return rows.map(toDelivery);
  }

  /** Who a record concerns (`project:<id>`...): subscriber keys. */
  async partiesOf(recordKey: string): Promise<string[]> {
    return partiesOf(await this.tables(), recordKey);
  }

  /** Adds a notice for its parties' subscriptions (the deadline clock); an existing delivery is left alone. */
  async enqueue(notice: WebhookNotice, parties: readonly string[], now: Date): Promise<number> {
    return enqueueNotice(await this.tables(), notice, parties, now);
  }

  /**
   * Deliveries due now, fairly: the subscriptions with the longest-waiting due delivery first, and at
   * most two deliveries of each, so a subscriber with a backlog never crowds out the others.
   */
  async due(now: Date, limit: number): Promise<DueDelivery[]> {
    const db = await this.tables();
    const at = now.toISOString();
    const dueRows = db
      .selectFrom('webhook_deliveries')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', at)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]));
    const subscriptions = await dueRows
      .select('subscription_id')
      .select((eb) => eb.fn.min('next_attempt_at').as('oldest'))
      .groupBy('subscription_id')
      .orderBy('oldest')
      .limit(limit)
      .execute();
    const due: DueDelivery[] = [];
    for (const { subscription_id } of subscriptions) {
      const subscription = await db.selectFrom('webhook_subscriptions').select(['url', 'secret_version']).where('subscription_id', '=', subscription_id).executeTakeFirst();
      if (!subscription) continue;
      const rows = await dueRows
        .where('subscription_id', '=', subscription_id)
        .select(['delivery_id', 'event_type', 'body', 'attempts'])
        .orderBy('next_attempt_at')
        .orderBy('created_at')
        .limit(PER_SUBSCRIPTION)
        .execute();
      for (const row of rows) {
        due.push({
          deliveryId: row.delivery_id,
          subscriptionId: subscription_id,
          eventType: row.event_type,
          body: row.body,
          attempts: Number(row.attempts),
          url: subscription.url,
          secretVersion: Number(subscription.secret_version),
        });
      }
    }
    return due;
  }

  /** Takes a due delivery for one attempt until `leaseUntil`; false when another dispatcher has it or it is no longer pending. */
  async claim(deliveryId: string, now: Date, leaseUntil: Date): Promise<boolean> {
    const db = await this.tables();
    const at = now.toISOString();
    const result = await db
      .updateTable('webhook_deliveries')
      .set({ lease_until: leaseUntil.toISOString() })
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', at)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The receiver answered 2xx: delivered, never sent again. */
  async acknowledged(deliveryId: string, status: number, at: Date): Promise<void> {
    const db = await this.tables();
    await db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: 'delivered', attempts: eb('attempts', '+', 1), last_attempt_at: at.toISOString(), last_status: status, last_error: null,
        delivered_at: at.toISOString(), lease_until: null,
      }))
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', 'pending')
      .execute();
  }

  /** The attempt failed: counted, its error kept for the subscriber to see, the next attempt scheduled. */
  async failed(deliveryId: string, outcome: { status: number | null; error: string; at: Date; nextAttemptAt: Date }): Promise<void> {
    const db = await this.tables();
    await db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1), last_attempt_at: outcome.at.toISOString(), last_status: outcome.status, last_error: outcome.error.slice(0, 500),
        next_attempt_at: outcome.nextAttemptAt.toISOString(), lease_until: null,
      }))
      .where('delivery_id', '=', deliveryId)
      .where('status', '=', 'pending')
      .execute();
  }
}
