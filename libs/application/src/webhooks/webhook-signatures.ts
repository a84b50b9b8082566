import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How deliveries are signed (README "Notifications to integrators"): HMAC-SHA256 under the
 * subscription's secret over `<timestamp>.<body>`, sent as `Wushe-Signature: v1=<hex>` beside
 * `Wushe-Timestamp` (Unix seconds). Signing the timestamp with the body lets a receiver refuse a
 * replayed request from long ago, and the body's exact bytes are what it verifies.
 */
export const SIGNATURE_HEADER = 'wushe-signature';
export const TIMESTAMP_HEADER = 'wushe-timestamp';
export const DELIVERY_HEADER = 'wushe-delivery-id';
export const EVENT_TYPE_HEADER = 'wushe-event-type';

const SECRET_PREFIX = 'whsec_';

export const signatureOf = (secret: string, timestamp: number, body: string): string =>
  `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** The receiver's check, as the README tells integrators to write it; the tests verify deliveries with it. */
export const verifySignature = (secret: string, timestamp: string, body: string, header: string, toleranceSeconds = 300, now = Date.now()): boolean => {
  const sentAt = Number(timestamp);
  if (!Number.isInteger(sentAt) || Math.abs(now / 1000 - sentAt) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, sentAt, body));
  return header.split(',').some((candidate) => {
    const given = Buffer.from(candidate.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
};

/**
 * Every subscription's secret, derived from the service's webhook key: HMAC(key, subscription id and
 * secret version). Nothing secret is stored (not in the log, not in a read model); the API shows a
 * secret once, when the subscription is made or its secret rotated, and the dispatcher derives it
 * again to sign. Rotating moves to the next version; a new key (WEBHOOK_SECRET_KEY) changes them all.
 */
export class WebhookSecrets {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('The webhook key must hold at least 32 bytes');
  }

  secretOf(subscriptionId: string, secretVersion: number): string {
    return SECRET_PREFIX + createHmac('sha256', this.key).update(`webhook-secret\u001f${subscriptionId}\u001f${secretVersion}`).digest('base64url');
  }

  /** The headers that sign one attempt at `now`. */
  headersFor(delivery: { deliveryId: string; subscriptionId: string; secretVersion: number; eventType: string; body: string }, now: Date): Record<string, string> {
    const timestamp = Math.floor(now.getTime() / 1000);
    return {
      'content-type': 'application/json',
      'user-agent': 'Wushe-Webhooks/1',
      [DELIVERY_HEADER]: delivery.deliveryId,
      [EVENT_TYPE_HEADER]: delivery.eventType,
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signatureOf(this.secretOf(delivery.subscriptionId, delivery.secretVersion), timestamp, delivery.body),
    };
  }
}
