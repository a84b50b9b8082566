import type { DomainCommand } from '../shared/decider.js';
import type { Area } from '../shared/values.js';

/** What a subscription may ask to be told: new matcher proposals, matches, deadlines. */
export const WEBHOOK_TOPICS = ['proposals', 'matches', 'deadlines'] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/**
 * Whose notifications: exactly one of an organisation (its staff subscribe), a community (its
 * committee) or a donor's account (`accountOf`: issuer-qualified). Separate fields rather than a
 * kind, so each role's authority rule reads only its own field.
 */
export interface WebhookSubscriberInput {
  readonly organisationId?: string;
  readonly communityId?: string;
  readonly account?: string;
}

export interface SubscribeWebhookData {
  readonly subscriptionId: string;
  readonly subscriber: WebhookSubscriberInput;
  /** The area the subscriber acts in (its token's): a community subscription's area ends in the community. */
  readonly area: Partial<Area>;
  readonly url: string;
  /** Default: every topic. */
  readonly topics?: readonly WebhookTopic[];
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS, set by the application from the platform's settings, never by a caller. */
  readonly allowPrivateTargets: boolean;
}

export interface RotateWebhookSecretData {
  readonly subscriptionId: string;
}

export interface RemoveWebhookSubscriptionData {
  readonly subscriptionId: string;
}

export type SubscribeWebhook = DomainCommand<'SubscribeWebhook', SubscribeWebhookData>;
export type RotateWebhookSecret = DomainCommand<'RotateWebhookSecret', RotateWebhookSecretData>;
export type RemoveWebhookSubscription = DomainCommand<'RemoveWebhookSubscription', RemoveWebhookSubscriptionData>;

export type WebhookCommand = SubscribeWebhook | RotateWebhookSecret | RemoveWebhookSubscription;
