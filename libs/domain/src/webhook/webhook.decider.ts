import { hasText, isRecord } from '../shared/command-shape.js';
import type { Decider } from '../shared/decider.js';
import { conflict, invalid, notFound, ruleBroken } from '../shared/domain-error.js';
import { AREA_LEVELS, type Area } from '../shared/values.js';
import { type SubscribeWebhookData, WEBHOOK_TOPICS, type WebhookCommand, type WebhookTopic } from './webhook.commands.js';
import type { WebhookEvent, WebhookSubscribedData, WebhookSubscriber } from './webhook.events.js';
import { canonicalWebhookUrl, webhookTargetProblem } from './webhook-target.js';

export interface WebhookSubscriptionRecord extends WebhookSubscribedData {
  readonly status: 'active' | 'removed';
  readonly removedAt: string | null;
}

export type WebhookSubscriptionState = { readonly status: 'absent' } | WebhookSubscriptionRecord;

const requireSubscription = (state: WebhookSubscriptionState, subscriptionId: string): WebhookSubscriptionRecord => {
  if (state.status === 'absent') throw notFound('WEBHOOK_SUBSCRIPTION_NOT_FOUND', `Webhook subscription ${subscriptionId} does not exist`, { subscriptionId });
  return state;
};

/** Exactly one of organisation, community or account names the subscriber. */
const subscriberOf = ({ subscriber, area }: SubscribeWebhookData): WebhookSubscriber => {
  const fail = (reason: string) => invalid('WEBHOOK_SUBSCRIBER_INVALID', `A subscription is for one organisation, community or donor account: ${reason}`);
  if (!isRecord(subscriber)) throw fail('no subscriber');
  const named = (
    [
      ['organisation', subscriber.organisationId],
      ['community', subscriber.communityId],
      ['donor', subscriber.account],
    ] as const
  ).filter(([, id]) => id !== undefined && id !== null);
  if (named.length !== 1) throw fail(`${named.length} subscribers named`);
  const [kind, id] = named[0]!;
  if (!hasText(id)) throw fail(`an empty ${kind}`);
  // A committee's subscription is its community's: the area it acts in must end there.
  if (kind === 'community' && (!isRecord(area) || area.community !== id)) throw fail(`community ${id} is not the area's community`);
  return { kind, id };
};

/**
 * What makes two subscriptions the same (one subscriber, one endpoint: `<kind>:<id>` and the canonical
 * URL, so `HTTPS://Hooks.example.org:443/x` is `https://hooks.example.org/x`); null when the subscriber
 * or URL is not valid (the decider refuses those). The application names each subscription's stream by
 * it, so the same subscriber cannot hold two active subscriptions to one URL, even when two requests race.
 */
export const webhookSubscriptionKey = (data: Pick<SubscribeWebhookData, 'subscriber' | 'area' | 'url'>): string | null => {
  try {
    const { kind, id } = subscriberOf(data as SubscribeWebhookData);
    return `${kind}:${id}\u001f${canonicalWebhookUrl(data.url)}`;
  } catch {
    return null;
  }
};

/** The subscriber's area, its levels as given, at least the city: authority reads it, notices never do. */
const areaOf = (area: unknown): Partial<Area> => {
  if (!isRecord(area) || !hasText(area.city)) throw invalid('AREA_INVALID', 'A subscription names the area it is made in, at least its city');
  return Object.fromEntries(AREA_LEVELS.filter((level) => hasText(area[level])).map((level) => [level, (area[level] as string).trim()]));
};

const topicsOf = (topics: readonly WebhookTopic[] | undefined): readonly WebhookTopic[] => {
  if (topics === undefined) return WEBHOOK_TOPICS;
  if (!Array.isArray(topics) || topics.length === 0) throw invalid('WEBHOOK_TOPIC_UNKNOWN', `Topics are a non-empty list of ${WEBHOOK_TOPICS.join(', ')}`);
  const unknown = topics.filter((topic) => !(WEBHOOK_TOPICS as readonly string[]).includes(topic));
  if (unknown.length > 0) throw invalid('WEBHOOK_TOPIC_UNKNOWN', `Unknown topics: ${unknown.join(', ')}`, { unknown, topics: WEBHOOK_TOPICS });
  return WEBHOOK_TOPICS.filter((topic) => topics.includes(topic));
};

/**
 * 对接方通知 (issue 13 item 6): an organisation, a community committee or a donor subscribes an
 * endpoint to hear of new proposals, matches and deadlines concerning its own records.
 */
export const webhookDecider: Decider<WebhookSubscriptionState, WebhookCommand, WebhookEvent> = {
  streamPrefix: 'webhook',
  initialState: () => ({ status: 'absent' }),

  decide(command, state, { now }) {
    switch (command.type) {
      case 'SubscribeWebhook': {
        const { subscriptionId, url, allowPrivateTargets } = command.data;
        // One stream per subscriber and URL (webhookSubscriptionKey): an active one already delivers there, so a second
        // subscription would deliver everything twice. A race between two requests ends here too: the loser re-decides on
        // the winner's fact. A removed subscription may be subscribed again, with a new secret.
        if (state.status === 'active') {
          throw conflict('WEBHOOK_ALREADY_SUBSCRIBED', `This subscriber already has subscription ${state.subscriptionId} delivering to that URL`, {
            subscriptionId: state.subscriptionId, url: state.url, topics: state.topics,
          });
        }
        const subscriber = subscriberOf(command.data);
        const area = areaOf(command.data.area);
        const problem = webhookTargetProblem(url, allowPrivateTargets === true);
        if (problem?.code === 'WEBHOOK_URL_INVALID') throw invalid(problem.code, `The webhook URL is refused: ${problem.reason}`, { reason: problem.reason });
        if (problem) throw ruleBroken(problem.code, `The webhook URL is refused: ${problem.reason}`, { reason: problem.reason });
        const topics = topicsOf(command.data.topics);
        // Again after a removal: the next secret version, so the removed subscription's secret signs nothing any more.
        const secretVersion = state.status === 'removed' ? state.secretVersion + 1 : 1;
        return [{ type: 'WebhookSubscribed', data: { subscriptionId, subscriber, area, url: canonicalWebhookUrl(url), topics, secretVersion, subscribedAt: now.toISOString() } }];
      }
      case 'RotateWebhookSecret': {
        const subscription = requireSubscription(state, command.data.subscriptionId);
        if (subscription.status === 'removed') {
          throw conflict('WEBHOOK_SUBSCRIPTION_REMOVED', 'A removed subscription has no secret to rotate', { subscriptionId: subscription.subscriptionId });
        }
        return [{ type: 'WebhookSecretRotated', data: { subscriptionId: subscription.subscriptionId, secretVersion: subscription.secretVersion + 1, rotatedAt: now.toISOString() } }];
      }
      case 'RemoveWebhookSubscription': {
        const subscription = requireSubscription(state, command.data.subscriptionId);
        // Removing twice records nothing more: the integrator's retry is harmless.
        if (subscription.status === 'removed') return [];
        return [{ type: 'WebhookSubscriptionRemoved', data: { subscriptionId: subscription.subscriptionId, removedAt: now.toISOString() } }];
      }
      default: {
        const unknownCommand: never = command;
        throw invalid('UNKNOWN_COMMAND', `Unknown webhook command ${(unknownCommand as { type: string }).type}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'WebhookSubscribed':
        return { status: 'active', ...event.data, removedAt: null };
      case 'WebhookSecretRotated':
        return state.status === 'absent' ? state : { ...state, secretVersion: event.data.secretVersion };
      case 'WebhookSubscriptionRemoved':
        return state.status === 'absent' ? state : { ...state, status: 'removed', removedAt: event.data.removedAt };
      default:
        return state;
    }
  },
};
