import { resolve } from 'node:path';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify, type KeyObject } from 'jose';
import { actorFromClaims, type AuthenticatedActor, IdentityError } from '#application';
import type { WusheConfig } from '../config/wushe-config.js';
import { DEFAULT_AUDIENCE, EMBEDDED_ISSUER, embeddedSigningKey } from './embedded-issuer.js';

export type AuthenticationCode = 'AUTHENTICATION_REQUIRED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'ROLE_NOT_ALLOWED' | 'AUTHENTICATION_UNAVAILABLE';

/** A refused credential: status and code for the product's error body, a message safe to show. */
export class AuthenticationError extends Error {
  constructor(
    readonly status: 401 | 403 | 503,
    readonly code: AuthenticationCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export interface TokenVerifier {
  readonly mode: 'embedded' | 'oidc';
  readonly issuer: string;
  readonly audience: string;
  /** The actor of a bearer token; throws AuthenticationError. */
  verify(token: string): Promise<AuthenticatedActor>;
}

/** Asymmetric algorithms only: `none` and HMAC (a shared secret the issuer would have to give us) never verify. */
const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA', 'Ed25519'];

export const authIssuer = (config: WusheConfig): string => config.AUTH_ISSUER ?? EMBEDDED_ISSUER;
export const authAudience = (config: WusheConfig): string => config.AUTH_AUDIENCE ?? DEFAULT_AUDIENCE;

const refusal = (error: unknown): AuthenticationError => {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof IdentityError) {
    return error.code === 'ROLE_NOT_ALLOWED' ? new AuthenticationError(403, 'ROLE_NOT_ALLOWED', error.message) : new AuthenticationError(401, 'TOKEN_INVALID', error.message);
  }
  if (error instanceof errors.JWTExpired) return new AuthenticationError(401, 'TOKEN_EXPIRED', 'The token has expired; get a new one');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what = { iss: 'issuer', aud: 'audience', nbf: 'not-before time', iat: 'issue time', exp: 'expiry', sub: 'subject' }[error.claim] ?? error.claim;
    return new AuthenticationError(401, 'TOKEN_INVALID', `The token's ${what} (${error.claim}) is not accepted: ${error.reason === 'missing' ? 'missing' : 'wrong value'}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return new AuthenticationError(401, 'TOKEN_INVALID', 'The token\'s signing algorithm is not accepted');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new AuthenticationError(401, 'TOKEN_INVALID', 'The token\'s signature does not verify with the issuer\'s keys');
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    // The issuer's key set could not be fetched: our problem, not the client's token.
    return new AuthenticationError(503, 'AUTHENTICATION_UNAVAILABLE', 'The token issuer\'s keys cannot be fetched right now; retry later');
  }
  return new AuthenticationError(401, 'TOKEN_INVALID', 'The token is malformed (expected a signed JWT: header.payload.signature)');
};

/**
 * The configured verifier. Embedded: tokens signed by the key under DATA_DIR. OIDC: tokens of an
 * external issuer whose keys come from AUTH_JWKS_URL; jose's remote key set refetches it when a
 * token names a key id it does not hold (rotation, without a restart), at most every 30 s.
 */
export const createTokenVerifier = (config: WusheConfig, dataDir = resolve(config.DATA_DIR)): TokenVerifier => {
  const issuer = authIssuer(config);
  const audience = authAudience(config);
  let key: KeyObject | JWTVerifyGetKey;
  let algorithms: string[];
  if (config.AUTH_MODE === 'oidc') {
    key = createRemoteJWKSet(new URL(config.AUTH_JWKS_URL!), { timeoutDuration: 5000, cooldownDuration: config.AUTH_JWKS_COOLDOWN_SECONDS * 1000, cacheMaxAge: 10 * 60_000 });
    algorithms = OIDC_ALGORITHMS;
  } else {
    key = embeddedSigningKey(dataDir).publicKey;
    algorithms = ['EdDSA', 'Ed25519'];
  }
  return {
    mode: config.AUTH_MODE,
    issuer,
    audience,
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
          issuer,
          audience,
          algorithms,
          requiredClaims: ['sub', 'exp', 'iat'],
          clockTolerance: 30,
        });
        return actorFromClaims(payload as Record<string, unknown>);
      } catch (error) {
        throw refusal(error);
      }
    },
  };
};
