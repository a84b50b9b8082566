import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5 layout, SHA-1) from its parts. Retrying the same command
 * (same Idempotency-Key, or the same causing event for a policy) yields the same eventIds, and the
 * store's idempotent append turns the retry into a no-op.
 */
export const deterministicUuid = (...parts: readonly string[]): string => {
  const hash = createHash('sha1').update(parts.join('\u001f')).digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
