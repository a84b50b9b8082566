import { resolve } from 'node:path';
import type { PersonRole } from '#application';
import { authAudience, authIssuer, ConfigurationError, embeddedSigningKey, mintToken, type WusheConfig } from '#platform';
import type { DemoActor } from './demo-client.js';
import type { DemoCredentials } from './demo-http.js';
import { CITY } from './district-data.js';

/**
 * The demo's users sign in as anyone would: with bearer tokens of the embedded issuer (the key under
 * DATA_DIR, the same code as `npm run -s token`). One token per actor, cached for the run.
 */
export const demoCredentials = (config: WusheConfig, ttlSeconds = 8 * 3600): DemoCredentials => {
  if (config.AUTH_MODE !== 'embedded') {
    throw new ConfigurationError(['The demo signs its users\' tokens with the embedded issuer: run it with AUTH_MODE=embedded (the default)']);
  }
  const key = embeddedSigningKey(resolve(config.DATA_DIR));
  const tokens = new Map<string, string>();
  return (actor: DemoActor) => {
    const cacheKey = JSON.stringify(actor);
    let token = tokens.get(cacheKey);
    if (!token) {
      token = mintToken(key, {
        actor: { id: actor.id, role: actor.role as PersonRole, area: actor.area ?? { city: CITY }, ...(actor.organisationId ? { organisationId: actor.organisationId } : {}) },
        issuer: authIssuer(config),
        audience: authAudience(config),
        ttlSeconds,
      });
      tokens.set(cacheKey, token);
    }
    return token;
  };
};
