import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { join } from 'node:path';
import { secretFile } from '../secret-file.js';
import { type AuthenticatedActor, claimsOfActor } from '#application';

/** The file under DATA_DIR holding the embedded issuer's Ed25519 private key (PKCS#8 PEM, mode 0600). */
export const SIGNING_KEY_FILE = 'token-signing.key';

/** Defaults of the embedded mode (AUTH_ISSUER / AUTH_AUDIENCE override them). */
export const EMBEDDED_ISSUER = 'urn:wushe:embedded';
export const DEFAULT_AUDIENCE = 'wushe-api';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id: base64url SHA-256 of the public key (SPKI DER), the `kid` of every token it signs. */
  kid: string;
}

const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16);

export const signingKeyFromPem = (pem: string): SigningKey => {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${SIGNING_KEY_FILE} must hold an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, kid: keyIdOf(publicKey) };
};

export const generateSigningKeyPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The embedded issuer's key: generated on first use and kept as DATA_DIR/token-signing.key (0600, see secretFile). */
export const embeddedSigningKey = (dataDir: string, generate: () => string = generateSigningKeyPem): SigningKey =>
  signingKeyFromPem(secretFile(join(dataDir, SIGNING_KEY_FILE), generate));

export interface TokenRequest {
  actor: Omit<AuthenticatedActor, 'issuer'>;
  issuer: string;
  audience: string;
  /** Lifetime in seconds (default 8 h). */
  ttlSeconds?: number;
  /** Issue time (default now); tests issue tokens already expired with it. */
  now?: Date;
}

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs a token for an actor (EdDSA compact JWS). Synchronous on purpose, so tests and the demo can
 * build an Authorization header inline; the token command prints its result. Verified by jose.
 */
export const mintToken = (key: SigningKey, request: TokenRequest): string => {
  const iat = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const header = { alg: 'EdDSA', typ: 'JWT', kid: key.kid };
  const payload = {
    iss: request.issuer,
    aud: request.audience,
    iat,
    exp: iat + (request.ttlSeconds ?? 8 * 3600),
    ...claimsOfActor(request.actor),
  };
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), key.privateKey).toString('base64url')}`;
};

/** `8h`, `30m`, `3600s`, `2d` or plain seconds. */
export const parseTtl = (text: string): number => {
  const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`--ttl must look like 8h, 30m, 3600s or 2d (got ${JSON.stringify(text)})`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  if (seconds < 1 || seconds > 30 * 86_400) throw new Error('--ttl must be between 1 second and 30 days');
  return seconds;
};
