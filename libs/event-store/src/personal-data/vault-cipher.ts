import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PersonalDataUnreadableError } from './personal-data-vault.js';

/**
 * Envelope encryption for the vault, AES-256-GCM throughout:
 * - each person gets a random 256-bit data key; their record is sealed under it;
 * - the data key is stored wrapped (encrypted) under the master key from configuration, so a copy
 *   of the database alone decrypts nothing;
 * - the person's reference is authenticated data in both, so a row copied onto another person fails.
 *
 * Sealed layout: version (1 byte) | nonce (12) | tag (16) | ciphertext.
 */
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const HEADER_BYTES = 1 + NONCE_BYTES + TAG_BYTES;

export class VaultCipher {
  private readonly masterKey: Buffer;

  constructor(masterKey: Buffer | string) {
    this.masterKey = typeof masterKey === 'string' ? parseVaultMasterKey(masterKey) : Buffer.from(masterKey);
    if (this.masterKey.length !== KEY_BYTES) throw new TypeError('The vault master key must be exactly 32 bytes');
  }

  newPersonKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  wrapPersonKey(personRef: string, personKey: Buffer): Buffer {
    return seal(this.masterKey, aad('key', personRef), personKey);
  }

  /** Throws when the master key is not the one that wrapped it, or the stored bytes were altered. */
  unwrapPersonKey(personRef: string, wrapped: Buffer): Buffer {
    return open(this.masterKey, aad('key', personRef), wrapped);
  }

  sealRecord(personRef: string, personKey: Buffer, data: Record<string, string>): Buffer {
    // Sorted keys: the same record always serialises the same way.
    const canonical = JSON.stringify(Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    return seal(personKey, aad('data', personRef), Buffer.from(canonical, 'utf8'));
  }

  openRecord(personRef: string, personKey: Buffer, sealed: Buffer): Record<string, string> {
    return JSON.parse(open(personKey, aad('data', personRef), sealed).toString('utf8')) as Record<string, string>;
  }

  /** unwrapPersonKey as the vaults need it: a key that does not open is PersonalDataUnreadableError. */
  readablePersonKey(personRef: string, wrapped: Buffer): Buffer {
    try {
      return this.unwrapPersonKey(personRef, wrapped);
    } catch (error) {
      throw new PersonalDataUnreadableError(personRef, { cause: error });
    }
  }

  /** A stored record opened with its stored (wrapped) key; either failing is PersonalDataUnreadableError. */
  openStoredRecord(personRef: string, wrappedKey: Buffer, sealed: Buffer): Record<string, string> {
    const personKey = this.readablePersonKey(personRef, wrappedKey);
    try {
      return this.openRecord(personRef, personKey, sealed);
    } catch (error) {
      throw new PersonalDataUnreadableError(personRef, { cause: error });
    }
  }
}

/** Decodes a master key given as base64 (the VAULT_MASTER_KEY setting). */
export function parseVaultMasterKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== base64.trim()) {
    throw new TypeError('The vault master key must be the base64 of exactly 32 bytes');
  }
  return key;
}

/** A fresh random master key as base64, for first start in embedded mode and for tests. */
export function generateVaultMasterKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function aad(purpose: 'key' | 'data', personRef: string): Buffer {
  return Buffer.from(`wushe-vault/${purpose}/v${VERSION}\u0000${personRef}`, 'utf8');
}

function seal(key: Buffer, additionalData: Buffer, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), ciphertext]);
}

function open(key: Buffer, additionalData: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < HEADER_BYTES || sealed[0] !== VERSION) throw new Error('Unknown sealed format');
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(1 + NONCE_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(additionalData);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
}
