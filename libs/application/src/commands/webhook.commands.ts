import { type SubscribeWebhookData, webhookDecider, type WebhookCommand, type WebhookSubscriptionState } from '#domain';
import type { AuthorityRule } from '../authority/authority.js';
import { commandTable } from '../command-handling/command-table.js';
import { accountOf, type PersonRole } from '../identity/actor.js';

/** SubscribeWebhook as a caller sends it: whether private targets are allowed is the platform's setting, not the caller's. */
export type SubscribeWebhookInput = { type: 'SubscribeWebhook'; data: Omit<SubscribeWebhookData, 'allowPrivateTargets'> };
export type WebhookCommandInput = SubscribeWebhookInput | Exclude<WebhookCommand, { type: 'SubscribeWebhook' }>;

/** Whoever pledges donations subscribes as a donor: its notices are those of its own pledges. */
const DONOR_ROLES = ['donor', 'resident', 'charity_base'] as const satisfies readonly PersonRole[];
const SUBSCRIBERS = ['social_organisation', 'community_committee', ...DONOR_ROLES] as const satisfies readonly PersonRole[];

const areaOfSubscription = (state: WebhookSubscriptionState) => (state.status === 'absent' ? null : state.area);

/**
 * After subscribing, the subscription is the owning account's (its first fact's actor); an
 * organisation's other staff may manage it too, so a subscription outlives one employee's account.
 */
const ofTheSubscription: AuthorityRule<unknown, WebhookSubscriptionState> = {
  roles: SUBSCRIBERS,
  area: (_command, { state }) => areaOfSubscription(state),
  own: Object.fromEntries(
    SUBSCRIBERS.map((role) => [
      role,
      (_command: unknown, { state, createdBy }: { state: WebhookSubscriptionState; createdBy: string | null }, actor: { id: string; issuer?: string; organisationId?: string }) =>
        createdBy === accountOf(actor) ||
        (role === 'social_organisation' && state.status !== 'absent' && state.subscriber.kind === 'organisation' && state.subscriber.id === actor.organisationId),
    ]),
  ),
};

/**
 * 对接方通知: an organisation's staff subscribe for their organisation, a committee for its
 * community, a donor for its own account; each names only itself (the `own` rules and, for a
 * committee, its area, which must end in the subscribed community). The decider then refuses a
 * subscriber naming two at once, so one role's field cannot smuggle in another's.
 */
export const webhookCommands = commandTable<WebhookCommandInput>()(webhookDecider, {
  SubscribeWebhook: (data, { settings }) => ({ type: 'SubscribeWebhook', data: { ...data, allowPrivateTargets: settings.webhookAllowPrivateTargets } }),
}, {
  SubscribeWebhook: {
    roles: SUBSCRIBERS,
    area: ({ data }) => data.area,
    own: {
      social_organisation: ({ data }, _facts, actor) => data.subscriber?.organisationId !== undefined && data.subscriber.organisationId === actor.organisationId,
      ...Object.fromEntries(DONOR_ROLES.map((role) => [role, ({ data }: { data: SubscribeWebhookData }, _facts: unknown, actor: { id: string; issuer?: string }) => data.subscriber?.account === accountOf(actor)])),
    },
    // A committee subscribes its own community: the subscribed community must lie in its area too.
    alsoWithin: { community_committee: ({ data }) => ({ ...data.area, community: data.subscriber?.communityId ?? null }) },
  },
  RotateWebhookSecret: ofTheSubscription,
  RemoveWebhookSubscription: ofTheSubscription,
});
