import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './webhook-dispatcher.js';
import { signatureOf, verifySignature, WebhookSecrets } from './webhook-signatures.js';

describe('webhook delivery', () => {
  const retry = { initialMs: 1000, maxMs: 10_000 };

  it('backs off exponentially with up to a quarter of jitter, each delay above the one before, capped', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, retry, 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((attempts) => retryDelayMs(attempts, retry, 0))).toEqual([750, 1500, 3000, 6000]);
    // The longest first delay is still shorter than the shortest second.
    expect(retryDelayMs(1, retry, 1)).toBeLessThan(retryDelayMs(2, retry, 0));
    expect(retryDelayMs(12, retry, 1)).toBe(10_000);
  });

  it('derives one secret per subscription and version, and verifies only the body and time it signed', () => {
    const secrets = new WebhookSecrets(Buffer.alloc(32, 7));
    const secret = secrets.secretOf('sub-1', 1);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(new Set([secret, secrets.secretOf('sub-1', 2), secrets.secretOf('sub-2', 1), new WebhookSecrets(Buffer.alloc(32, 8)).secretOf('sub-1', 1)]).size).toBe(4);
    const now = Date.parse('2026-11-30T02:00:00Z');
    const timestamp = now / 1000;
    const header = signatureOf(secret, timestamp, '{"a":1}');
    expect(verifySignature(secret, String(timestamp), '{"a":1}', header, 300, now)).toBe(true);
    expect(verifySignature(secret, String(timestamp), '{"a":2}', header, 300, now)).toBe(false);
    expect(verifySignature(secret, String(timestamp + 1), '{"a":1}', header, 300, now)).toBe(false);
    // A replay ten minutes later is refused by the receiver's tolerance.
    expect(verifySignature(secret, String(timestamp), '{"a":1}', header, 300, now + 600_000)).toBe(false);
  });
});
