import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generateVaultMasterKey, openSqlitePersonalDataVault, PersonalDataUnreadableError, SqlitePersonalDataVault } from '#event-store';
import { personalDataVaultConformanceSuite } from '../../libs/event-store/src/personal-data/testing/vault-conformance.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'wushe-vault-'));

/** Raw rows for one person, read with a separate connection as an attacker with the file would. */
function inspectFile(path: string, personRef: string) {
  const raw = new Database(path, { readonly: true });
  try {
    const key = raw.prepare('SELECT wrapped_key FROM vault_person_keys WHERE person_ref = ?').get(personRef) as { wrapped_key: Buffer } | undefined;
    const data = raw.prepare('SELECT sealed FROM vault_personal_data WHERE person_ref = ?').get(personRef) as { sealed: Buffer } | undefined;
    return { wrappedKey: key?.wrapped_key ?? null, sealed: data?.sealed ?? null };
  } finally {
    raw.close();
  }
}

personalDataVaultConformanceSuite('SQLite', async () => {
  const dir = tempDir();
  const path = join(dir, 'vault.sqlite');
  const masterKey = generateVaultMasterKey();
  const vault = await openSqlitePersonalDataVault(path, masterKey);
  return {
    vault,
    masterKey,
    inspect: async (personRef) => inspectFile(path, personRef),
    reopen: (key) => openSqlitePersonalDataVault(path, key),
    cleanup: async () => {
      await vault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqlitePersonalDataVault specifics', () => {
  let dir: string;
  let path: string;
  let vault: SqlitePersonalDataVault;

  beforeEach(async () => {
    dir = tempDir();
    path = join(dir, 'vault.sqlite');
    vault = await openSqlitePersonalDataVault(path, generateVaultMasterKey());
  });

  afterEach(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves none of an erased person\'s key or ciphertext bytes anywhere in the files', async () => {
    await vault.put('person-1', { name: '张伟', phone: '13700000001' });
    await vault.put('person-2', { name: '刘洋' });
    const erasedRows = inspectFile(path, 'person-1');
    await vault.erase('person-1');

    const files = readdirSync(dir).map((file) => readFileSync(join(dir, file)));
    for (const bytes of [erasedRows.wrappedKey!, erasedRows.sealed!]) {
      expect(files.some((content) => content.includes(bytes))).toBe(false);
    }
    // The kept person is still on disk, so the search above would have found bytes that are there.
    const keptRows = inspectFile(path, 'person-2');
    expect(files.some((content) => content.includes(keptRows.sealed!))).toBe(true);
  });

  it('detects ciphertext moved onto another person or altered', async () => {
    await vault.put('person-a', { name: 'A' });
    await vault.put('person-b', { name: 'B' });
    const raw = new Database(path);
    try {
      raw.prepare('UPDATE vault_personal_data SET sealed = (SELECT sealed FROM vault_personal_data WHERE person_ref = ?) WHERE person_ref = ?').run('person-a', 'person-b');
      const sealedA = inspectFile(path, 'person-a').sealed!;
      sealedA[sealedA.length - 1] ^= 0x01;
      raw.prepare('UPDATE vault_personal_data SET sealed = ? WHERE person_ref = ?').run(sealedA, 'person-a');
    } finally {
      raw.close();
    }
    await expect(vault.get('person-b')).rejects.toBeInstanceOf(PersonalDataUnreadableError);
    await expect(vault.get('person-a')).rejects.toBeInstanceOf(PersonalDataUnreadableError);
  });

  it('refuses a master key that is not 32 bytes of base64', () => {
    expect(() => new SqlitePersonalDataVault(':memory:', 'c2hvcnQ=')).toThrow(TypeError);
    expect(() => new SqlitePersonalDataVault(':memory:', Buffer.alloc(16))).toThrow(TypeError);
  });
});
