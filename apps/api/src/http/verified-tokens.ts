import { decodeJwt } from 'jose';
import type { AuthenticatedActor } from '#application';
import type { TokenVerifier } from '#platform';

export interface VerifiedTokenOptions {
  /** Longest a verification is trusted without checking again (default 60 s). */
  maxAgeMs?: number;
  /** Tokens remembered at most, the oldest forgotten first (default 10,000: a few MiB). */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Remembers the actor of each bearer token that verified, so a client's next requests with the same
 * token skip the signature check (an Ed25519 verify was 14% of a POST's CPU under load).
 *
 * Nothing is accepted that the verifier would refuse: only successes are remembered, keyed by the
 * token's exact bytes (the signature covers them), and never past the token's own `exp` (stricter
 * than the verifier's 30 s clock tolerance). A key withdrawn from an OIDC issuer is noticed within
 * maxAgeMs, well inside the 10 minutes jose's remote key set already keeps keys.
 */
export const rememberVerifiedTokens = (verifier: TokenVerifier, options: VerifiedTokenOptions = {}): TokenVerifier & { readonly size: number } => {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const verified = new Map<string, { actor: AuthenticatedActor; until: number }>();
  return {
    mode: verifier.mode,
    issuer: verifier.issuer,
    audience: verifier.audience,
    get size() {
      return verified.size;
    },
    async verify(token) {
      const known = verified.get(token);
      if (known && now() < known.until) return known.actor;
      if (known) verified.delete(token);
      const actor = await verifier.verify(token);
      // The token verified, so its payload is authentic; exp is required by the verifier.
      const exp = decodeJwt(token).exp;
      const until = Math.min(now() + maxAgeMs, exp === undefined ? 0 : exp * 1000);
      if (until > now()) {
        if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
        verified.set(token, { actor, until });
      }
      return actor;
    },
  };
};
