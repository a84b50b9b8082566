import type { DomainEvent } from '../shared/decider.js';
import type { Area, IsoInstant } from '../shared/values.js';
import type { WebhookTopic } from './webhook.commands.js';

export type WebhookSubscriberKind = 'organisation' | 'community' | 'donor';

/** Whose notifications a subscription receives; `id` is an organisation id, a community id or a donor's account. */
export interface WebhookSubscriber {
  readonly kind: WebhookSubscriberKind;
  readonly id: string;
}

/**
 * An integrator's endpoint subscribed. The secret is not in the fact: it is derived from the
 * service's webhook key, the subscription and `secretVersion` (libs/application/src/webhooks), shown
 * once in the answer and never stored, so neither the log nor a read model holds it.
 */
export interface WebhookSubscribedData {
  readonly subscriptionId: string;
  readonly subscriber: WebhookSubscriber;
  readonly area: Partial<Area>;
  readonly url: string;
  readonly topics: readonly WebhookTopic[];
  readonly secretVersion: number;
  readonly subscribedAt: IsoInstant;
}

/** A new secret signs every delivery from now on; the old one no longer verifies. */
export interface WebhookSecretRotatedData {
  readonly subscriptionId: string;
  readonly secretVersion: number;
  readonly rotatedAt: IsoInstant;
}

/** Nothing more is sent; deliveries still waiting are cancelled. */
export interface WebhookSubscriptionRemovedData {
  readonly subscriptionId: string;
  readonly removedAt: IsoInstant;
}

export type WebhookSubscribed = DomainEvent<'WebhookSubscribed', WebhookSubscribedData>;
export type WebhookSecretRotated = DomainEvent<'WebhookSecretRotated', WebhookSecretRotatedData>;
export type WebhookSubscriptionRemoved = DomainEvent<'WebhookSubscriptionRemoved', WebhookSubscriptionRemovedData>;

export type WebhookEvent = WebhookSubscribed | WebhookSecretRotated | WebhookSubscriptionRemoved;

/** Stored type name -> current schemaVersion. */
export const webhookEventTypes = {
  WebhookSubscribed: 1,
  WebhookSecretRotated: 1,
  WebhookSubscriptionRemoved: 1,
} as const satisfies Record<WebhookEvent['type'], number>;
