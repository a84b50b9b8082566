import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/wushe-config.js';
import { embeddedSigningKey, mintToken, parseTtl, SIGNING_KEY_FILE } from './embedded-issuer.js';
import { createTokenVerifier } from './token-verifier.js';

describe('the embedded issuer', () => {
  it('generates its key once under DATA_DIR (0600) and verifies what it signs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wushe-issuer-'));
    try {
      const key = embeddedSigningKey(dataDir);
      const file = join(dataDir, SIGNING_KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const pem = readFileSync(file, 'utf8');
      expect(embeddedSigningKey(dataDir, () => { throw new Error('must not generate again'); }).kid).toBe(key.kid);
      expect(readFileSync(file, 'utf8')).toBe(pem);
      const verifier = createTokenVerifier(loadConfig({ DATA_DIR: dataDir }), dataDir);
      const token = mintToken(key, { actor: { id: 'u1', role: 'donor', area: { city: 'xiamen' } }, issuer: verifier.issuer, audience: verifier.audience });
      await expect(verifier.verify(token)).resolves.toEqual({ id: 'u1', role: 'donor', area: { city: 'xiamen' }, issuer: 'urn:wushe:embedded' });
      await expect(verifier.verify(`${token.slice(0, -4)}AAAA`)).rejects.toMatchObject({ status: 401, code: 'TOKEN_INVALID' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads lifetimes like 8h, 30m, 2d', () => {
    expect([parseTtl('8h'), parseTtl('30m'), parseTtl('2d'), parseTtl('90')]).toEqual([28_800, 1800, 172_800, 90]);
    expect(() => parseTtl('forever')).toThrow(/--ttl/);
    expect(() => parseTtl('31d')).toThrow(/30 days/);
  });
});

describe('authentication settings', () => {
  it('oidc needs issuer, audience and JWKS URL, said in one readable line', () => {
    expect(() => loadConfig({ AUTH_MODE: 'oidc' })).toThrow('AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL are required when AUTH_MODE=oidc');
    expect(() => loadConfig({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'wushe', AUTH_JWKS_URL: 'http://id.example/jwks' })).toThrow(/AUTH_JWKS_URL must be an https/);
    expect(loadConfig({ AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'wushe', AUTH_JWKS_URL: 'https://id.example/jwks' }).AUTH_MODE).toBe('oidc');
    expect(() => loadConfig({ AUTH_MODE: 'ldap' })).toThrow(/AUTH_MODE/);
  });

  it('CORS_ORIGINS is a comma-separated list of origins, none by default', () => {
    expect(loadConfig({}).CORS_ORIGINS).toBeUndefined();
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example,http://localhost:5173' }).CORS_ORIGINS).toBe('https://a.example,http://localhost:5173');
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});
