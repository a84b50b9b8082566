import { describe, expect, it } from '@jest/globals';
import { DEFAULT_TEST_NOW, DeciderSpecification } from '../testing/decider-spec.js';
import type { SubscribeWebhook } from './webhook.commands.js';
import { webhookDecider, webhookSubscriptionKey } from './webhook.decider.js';
import type { WebhookSecretRotated, WebhookSubscribed, WebhookSubscriptionRemoved } from './webhook.events.js';

const spec = DeciderSpecification.for(webhookDecider);
const at = DEFAULT_TEST_NOW.toISOString();
const community = { city: 'xiamen', district: 'siming', street: 'zhonghua', community: 'zhonghua-1' };

const subscribe = (data: Partial<SubscribeWebhook['data']> = {}): SubscribeWebhook => ({
  type: 'SubscribeWebhook',
  data: { subscriptionId: 'sub-1', subscriber: { communityId: 'zhonghua-1' }, area: community, url: 'https://hooks.example.org/wushe', allowPrivateTargets: false, ...data },
});
const subscribed: WebhookSubscribed = {
  type: 'WebhookSubscribed',
  data: {
    subscriptionId: 'sub-1',
    subscriber: { kind: 'community', id: 'zhonghua-1' },
    area: community,
    url: 'https://hooks.example.org/wushe',
    topics: ['proposals', 'matches', 'deadlines'],
    secretVersion: 1,
    subscribedAt: at,
  },
};
const rotated = (secretVersion: number): WebhookSecretRotated => ({ type: 'WebhookSecretRotated', data: { subscriptionId: 'sub-1', secretVersion, rotatedAt: at } });
const removed: WebhookSubscriptionRemoved = { type: 'WebhookSubscriptionRemoved', data: { subscriptionId: 'sub-1', removedAt: at } };

describe('webhook subscription decider', () => {
  describe('SubscribeWebhook', () => {
    it("subscribes a committee's endpoint to every topic by default, secret version 1", () => {
      spec.given([]).when(subscribe()).then([subscribed]);
    });

    it('subscribes an organisation or a donor account, to the topics it chose', () => {
      spec
        .given([])
        .when(subscribe({ subscriber: { organisationId: 'org-1' }, area: { city: 'xiamen' }, topics: ['deadlines', 'matches'] }))
        .then([{ ...subscribed, data: { ...subscribed.data, subscriber: { kind: 'organisation', id: 'org-1' }, area: { city: 'xiamen' }, topics: ['matches', 'deadlines'] } }]);
      spec
        .given([])
        .when(subscribe({ subscriber: { account: 'urn:wushe:embedded#donor-1' }, area: { city: 'xiamen', district: 'siming' } }))
        .then([{ ...subscribed, data: { ...subscribed.data, subscriber: { kind: 'donor', id: 'urn:wushe:embedded#donor-1' }, area: { city: 'xiamen', district: 'siming' } } }]);
    });

    it('refuses a second active subscription on the stream: 409 naming the existing one', () => {
      spec.given([subscribed]).when(subscribe({ topics: ['matches'] })).thenThrows('WEBHOOK_ALREADY_SUBSCRIBED');
    });

    it('subscribes again after a removal, with the next secret version', () => {
      spec.given([subscribed, rotated(2), removed]).when(subscribe()).then([{ ...subscribed, data: { ...subscribed.data, secretVersion: 3 } }]);
    });

    it('keys a subscription by its subscriber and canonical URL', () => {
      const key = (data: Partial<SubscribeWebhook['data']>) => webhookSubscriptionKey(subscribe(data).data);
      expect(key({ url: 'HTTPS://Hooks.Example.org:443/wushe' })).toBe(key({}));
      expect(key({ topics: ['matches'] })).toBe(key({}));
      expect(key({ url: 'https://hooks.example.org/other' })).not.toBe(key({}));
      expect(key({ subscriber: { organisationId: 'zhonghua-1' } })).not.toBe(key({}));
      expect(key({ url: 'not a url' })).toBeNull();
    });

    it('refuses a subscriber that names none, or two, or a community other than its area', () => {
      spec.given([]).when(subscribe({ subscriber: {} })).thenThrows('WEBHOOK_SUBSCRIBER_INVALID');
      spec.given([]).when(subscribe({ subscriber: { communityId: 'zhonghua-1', organisationId: 'org-1' } })).thenThrows('WEBHOOK_SUBSCRIBER_INVALID');
      spec.given([]).when(subscribe({ subscriber: { communityId: 'zhonghua-2' } })).thenThrows('WEBHOOK_SUBSCRIBER_INVALID');
      spec.given([]).when(subscribe({ subscriber: { account: ' ' } })).thenThrows('WEBHOOK_SUBSCRIBER_INVALID');
    });

    it('refuses a target that is not an http(s) URL, carries credentials or a fragment', () => {
      for (const url of ['ftp://hooks.example.org/x', 'file:///etc/passwd', 'javascript:alert(1)', 'hooks.example.org/x', '', 'https://user:pw@hooks.example.org/x', 'https://hooks.example.org/x#frag']) {
        spec.given([]).when(subscribe({ url })).thenThrows('WEBHOOK_URL_INVALID');
      }
    });

    it('refuses loopback, private and link-local hosts unless the platform allows private targets', () => {
      for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://192.168.1.1/x', 'http://172.20.0.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[fd00::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://0.0.0.0/x']) {
        spec.given([]).when(subscribe({ url })).thenThrows('WEBHOOK_URL_NOT_ALLOWED');
      }
      spec
        .given([])
        .when(subscribe({ url: 'http://127.0.0.1:8080/x', allowPrivateTargets: true }))
        .then([{ ...subscribed, data: { ...subscribed.data, url: 'http://127.0.0.1:8080/x' } }]);
    });

    it('refuses an unknown topic or an empty list, and an area without its city', () => {
      spec.given([]).when(subscribe({ topics: ['gossip' as never] })).thenThrows('WEBHOOK_TOPIC_UNKNOWN', { unknown: ['gossip'], topics: ['proposals', 'matches', 'deadlines'] });
      spec.given([]).when(subscribe({ topics: [] })).thenThrows('WEBHOOK_TOPIC_UNKNOWN');
      spec.given([]).when(subscribe({ subscriber: { organisationId: 'org-1' }, area: {} })).thenThrows('AREA_INVALID');
    });
  });

  describe('RotateWebhookSecret', () => {
    it('moves to the next secret version each time', () => {
      spec.given([subscribed]).when({ type: 'RotateWebhookSecret', data: { subscriptionId: 'sub-1' } }).then([rotated(2)]);
      spec.given([subscribed, rotated(2)]).when({ type: 'RotateWebhookSecret', data: { subscriptionId: 'sub-1' } }).then([rotated(3)]);
    });

    it('refuses an unknown or removed subscription', () => {
      spec.given([]).when({ type: 'RotateWebhookSecret', data: { subscriptionId: 'sub-1' } }).thenThrows('WEBHOOK_SUBSCRIPTION_NOT_FOUND');
      spec.given([subscribed, removed]).when({ type: 'RotateWebhookSecret', data: { subscriptionId: 'sub-1' } }).thenThrows('WEBHOOK_SUBSCRIPTION_REMOVED');
    });
  });

  describe('RemoveWebhookSubscription', () => {
    it('removes once; removing again records nothing', () => {
      spec.given([subscribed]).when({ type: 'RemoveWebhookSubscription', data: { subscriptionId: 'sub-1' } }).then([removed]);
      spec.given([subscribed, removed]).when({ type: 'RemoveWebhookSubscription', data: { subscriptionId: 'sub-1' } }).then([]);
    });

    it('refuses an unknown subscription', () => {
      spec.given([]).when({ type: 'RemoveWebhookSubscription', data: { subscriptionId: 'sub-1' } }).thenThrows('WEBHOOK_SUBSCRIPTION_NOT_FOUND');
    });
  });
});
