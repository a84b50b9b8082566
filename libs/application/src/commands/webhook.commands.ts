import { deterministicUuid } from '#event-store';
import {
  invalid, type SubscribeWebhookData, webhookDecider, webhookSubscriptionKey, type WebhookCommand, type WebhookSubscriberInput, type WebhookSubscriberKind, type WebhookSubscriptionState,
} from '#domain';
import type { ActingActor, AuthorityRule } from '../authority/authority.js';
import { commandTable } from '../command-handling/command-table.js';
import { accountOf, type PersonRole } from '../identity/actor.js';

/** SubscribeWebhook as a caller sends it: whether private targets are allowed is the platform's setting, not the caller's. */
export type SubscribeWebhookInput = { type: 'SubscribeWebhook'; data: Omit<SubscribeWebhookData, 'allowPrivateTargets'> };
export type WebhookCommandInput = SubscribeWebhookInput | Exclude<WebhookCommand, { type: 'SubscribeWebhook' }>;

/** Whoever pledges donations subscribes as a donor: its notices are those of its own pledges. */
const DONOR_ROLES = ['donor', 'resident', 'charity_base'] as const satisfies readonly PersonRole[];
export const WEBHOOK_SUBSCRIBER_ROLES = ['social_organisation', 'community_committee', ...DONOR_ROLES] as const satisfies readonly PersonRole[];

/**
 * The subscriber an actor is: its organisation (staff with the token's `org`), its community (a
 * committee, from the token's area) or its own account (the roles that pledge); null for any other
 * role, or a token that does not say which organisation or community.
 */
export const webhookSubscriberOf = (actor: ActingActor): { input: WebhookSubscriberInput; kind: WebhookSubscriberKind; id: string; key: string } | null => {
  const as = (kind: WebhookSubscriberKind, id: string | undefined, input: WebhookSubscriberInput) => (id ? { input, kind, id, key: `${kind}:${id}` } : null);
  switch (actor.role) {
    case 'social_organisation':
      return as('organisation', actor.organisationId, { organisationId: actor.organisationId! });
    case 'community_committee':
      return as('community', actor.area?.community, { communityId: actor.area?.community! });
    default:
      return (DONOR_ROLES as readonly string[]).includes(actor.role) ? as('donor', accountOf(actor), { account: accountOf(actor) }) : null;
  }
};

/**
 * The id (and stream) of a subscriber's subscription to a URL: derived from webhookSubscriptionKey, so
 * a second subscription to the same endpoint lands on the first one's stream, where the decider answers
 * 409 WEBHOOK_ALREADY_SUBSCRIBED (also when two requests race: the store's expected revision makes the
 * loser decide again on the winner's fact). Null when the subscriber or URL is invalid (refused later).
 */
export const webhookSubscriptionIdFor = (data: Pick<SubscribeWebhookData, 'subscriber' | 'area' | 'url'>): string | null => {
  const key = webhookSubscriptionKey(data);
  return key === null ? null : deterministicUuid('webhook-subscription', key);
};

/**
 * Who manages (and reads) a subscription: the account that made it, and the subscriber's own
 * people: its organisation's staff, its community's committee. A subscription outlives one
 * employee's account; a donor's is its account's alone.
 */
export const managesWebhookSubscription = (state: WebhookSubscriptionState, createdBy: string | null, actor: ActingActor): boolean => {
  if (createdBy !== null && createdBy === accountOf(actor)) return true;
  if (state.status === 'absent') return false;
  const { kind, id } = state.subscriber;
  return (
    (kind === 'organisation' && actor.role === 'social_organisation' && id === actor.organisationId) ||
    (kind === 'community' && actor.role === 'community_committee' && id === actor.area?.community)
  );
};

const ofTheSubscription: AuthorityRule<unknown, WebhookSubscriptionState> = {
  roles: WEBHOOK_SUBSCRIBER_ROLES,
  area: (_command, { state }) => (state.status === 'absent' ? null : state.area),
  own: Object.fromEntries(WEBHOOK_SUBSCRIBER_ROLES.map((role) => [role, (_command: unknown, { state, createdBy }: { state: WebhookSubscriptionState; createdBy: string | null }, actor: ActingActor) => managesWebhookSubscription(state, createdBy, actor)])),
  // Another subscriber's subscription is unknown to a subscriber, for its commands as for its reads.
  ownHides: WEBHOOK_SUBSCRIBER_ROLES,
};

/**
 * 对接方通知: an organisation's staff subscribe for their organisation, a committee for its
 * community, a donor for its own account; each names only itself (the `own` rules and, for a
 * committee, its area, which must end in the subscribed community). The decider then refuses a
 * subscriber naming two at once, so one role's field cannot smuggle in another's.
 */
export const webhookCommands = commandTable<WebhookCommandInput>()(webhookDecider, {
  SubscribeWebhook: (data, { settings }, id) => {
    // Whoever sends it (HTTP, a CLI, an import), a subscription lives on its subscriber-and-URL stream: no twin elsewhere.
    const expected = webhookSubscriptionIdFor(data);
    if (expected !== null && (id !== expected || data.subscriptionId !== expected)) {
      throw invalid('WEBHOOK_SUBSCRIPTION_ID_INVALID', 'A subscription\'s id is derived from its subscriber and URL', { subscriptionId: data.subscriptionId, expected });
    }
    return { type: 'SubscribeWebhook', data: { ...data, allowPrivateTargets: settings.webhookAllowPrivateTargets } };
  },
}, {
  SubscribeWebhook: {
    roles: WEBHOOK_SUBSCRIBER_ROLES,
    area: ({ data }) => data.area,
    own: {
      social_organisation: ({ data }, _facts, actor) => data.subscriber?.organisationId !== undefined && data.subscriber.organisationId === actor.organisationId,
      ...Object.fromEntries(DONOR_ROLES.map((role) => [role, ({ data }: { data: SubscribeWebhookData }, _facts: unknown, actor: ActingActor) => data.subscriber?.account === accountOf(actor)])),
    },
    // A committee subscribes its own community: the subscribed community must lie in its area too.
    alsoWithin: { community_committee: ({ data }) => ({ ...data.area, community: data.subscriber?.communityId ?? null }) },
  },
  RotateWebhookSecret: ofTheSubscription,
  RemoveWebhookSubscription: ofTheSubscription,
});
