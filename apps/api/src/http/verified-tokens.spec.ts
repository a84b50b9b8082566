import { describe, expect, it } from '@jest/globals';
import type { AuthenticatedActor } from '#application';
import { AuthenticationError, type TokenVerifier } from '#platform';
import { rememberVerifiedTokens } from './verified-tokens.js';

const actor: AuthenticatedActor = { id: 'committee-1', role: 'community_committee', area: { city: 'xiamen' }, issuer: 'wushe' };
/** A JWT-shaped string whose payload says `exp` (the counting verifier below checks nothing else). */
const tokenExpiringAt = (expSeconds: number, salt = 'a') =>
  `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify({ sub: actor.id, exp: expSeconds, salt })).toString('base64url')}.c2lnbmF0dXJl`;

/** Answers the actor for any token whose exp lies ahead of the clock, and counts the calls. */
const countingVerifier = (now: () => number) => {
  const verifier = {
    calls: 0,
    mode: 'embedded' as const,
    issuer: 'wushe',
    audience: 'wushe-api',
    async verify(token: string) {
      verifier.calls++;
      const { exp, salt } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number; salt: string };
      if (exp * 1000 <= now()) throw new AuthenticationError(401, 'TOKEN_EXPIRED', 'The token has expired; get a new one');
      if (salt === 'forged') throw new AuthenticationError(401, 'TOKEN_INVALID', 'bad signature');
      return actor;
    },
  } satisfies TokenVerifier & { calls: number };
  return verifier;
};

describe('rememberVerifiedTokens', () => {
  it('verifies a token once and answers the same actor for its repeats', async () => {
    let clock = 1_000_000_000_000;
    const inner = countingVerifier(() => clock);
    const verifier = rememberVerifiedTokens(inner, { now: () => clock });
    const token = tokenExpiringAt(clock / 1000 + 3600);
    await expect(verifier.verify(token)).resolves.toEqual(actor);
    clock += 1000;
    await expect(verifier.verify(token)).resolves.toEqual(actor);
    expect(inner.calls).toBe(1);
  });

  it('never answers from memory past the token expiry: the expired token is refused as before', async () => {
    let clock = 1_000_000_000_000;
    const inner = countingVerifier(() => clock);
    const verifier = rememberVerifiedTokens(inner, { now: () => clock });
    const token = tokenExpiringAt(clock / 1000 + 5);
    await verifier.verify(token);
    clock += 5_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'TOKEN_EXPIRED' });
    expect(inner.calls).toBe(2);
  });

  it('verifies again after maxAgeMs even while the token is still valid (a key withdrawn from the issuer shows within it)', async () => {
    let clock = 1_000_000_000_000;
    const inner = countingVerifier(() => clock);
    const verifier = rememberVerifiedTokens(inner, { now: () => clock, maxAgeMs: 60_000 });
    const token = tokenExpiringAt(clock / 1000 + 3600);
    await verifier.verify(token);
    clock += 60_000;
    await verifier.verify(token);
    expect(inner.calls).toBe(2);
  });

  it('remembers no refusal: a forged token is checked (and refused) every time', async () => {
    const clock = 1_000_000_000_000;
    const inner = countingVerifier(() => clock);
    const verifier = rememberVerifiedTokens(inner, { now: () => clock });
    const forged = tokenExpiringAt(clock / 1000 + 3600, 'forged');
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'TOKEN_INVALID' });
    expect(inner.calls).toBe(2);
  });

  it('holds at most maxEntries tokens, forgetting the oldest first', async () => {
    const clock = 1_000_000_000_000;
    const inner = countingVerifier(() => clock);
    const verifier = rememberVerifiedTokens(inner, { now: () => clock, maxEntries: 2 });
    const [first, second, third] = ['a', 'b', 'c'].map((salt) => tokenExpiringAt(clock / 1000 + 3600, salt));
    for (const token of [first!, second!, third!]) await verifier.verify(token);
    expect(verifier.size).toBe(2);
    await verifier.verify(third!);
    expect(inner.calls).toBe(3);
    await verifier.verify(first!);
    expect(inner.calls).toBe(4);
  });
});
