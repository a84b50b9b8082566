import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  assertValidPersonalData,
  assertValidPersonRef,
  PersonalDataErasedError,
  type PersonalDataVault,
} from './personal-data-vault.js';
import { VaultCipher } from './vault-cipher.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vault_person_keys (
  person_ref  TEXT PRIMARY KEY,
  wrapped_key BLOB NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vault_personal_data (
  person_ref TEXT PRIMARY KEY,
  sealed     BLOB NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vault_erased_persons (
  person_ref TEXT PRIMARY KEY,
  erased_at  TEXT NOT NULL
);`;

/**
 * The vault in a SQLite file (embedded mode). Keys and data sit in separate tables so the keys can
 * be destroyed on their own; `secure_delete` overwrites freed pages and a WAL checkpoint after an
 * erasure keeps the old page images from lingering in the -wal file.
 */
export class SqlitePersonalDataVault implements PersonalDataVault {
  private readonly db: Database.Database;
  private readonly ownsDatabase: boolean;
  private readonly cipher: VaultCipher;

  constructor(pathOrDatabase: string | Database.Database, masterKey: Buffer | string) {
    this.cipher = new VaultCipher(masterKey);
    if (typeof pathOrDatabase === 'string') {
      if (pathOrDatabase !== ':memory:') mkdirSync(dirname(resolve(pathOrDatabase)), { recursive: true });
      this.db = new Database(pathOrDatabase);
      this.ownsDatabase = true;
    } else {
      this.db = pathOrDatabase;
      this.ownsDatabase = false;
    }
    if (!this.db.memory) this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('secure_delete = ON');
    this.db.exec(SCHEMA);
  }

  async put(personRef: string, data: Record<string, string>): Promise<void> {
    assertValidPersonRef(personRef);
    assertValidPersonalData(data);
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        if (this.erased(personRef)) throw new PersonalDataErasedError(personRef);
        const stored = this.db.prepare('SELECT wrapped_key FROM vault_person_keys WHERE person_ref = ?').get(personRef) as
          | { wrapped_key: Buffer }
          | undefined;
        let personKey: Buffer;
        if (stored) {
          personKey = this.cipher.readablePersonKey(personRef, stored.wrapped_key);
        } else {
          personKey = this.cipher.newPersonKey();
          this.db
            .prepare('INSERT INTO vault_person_keys (person_ref, wrapped_key, created_at) VALUES (?, ?, ?)')
            .run(personRef, this.cipher.wrapPersonKey(personRef, personKey), now);
        }
        this.db
          .prepare(
            `INSERT INTO vault_personal_data (person_ref, sealed, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (person_ref) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`,
          )
          .run(personRef, this.cipher.sealRecord(personRef, personKey, data), now);
      })
      .immediate();
  }

  async get(personRef: string): Promise<Record<string, string> | null> {
    assertValidPersonRef(personRef);
    const row = this.db
      .prepare(
        `SELECT k.wrapped_key AS wrappedKey, d.sealed AS sealed
           FROM vault_person_keys k JOIN vault_personal_data d ON d.person_ref = k.person_ref
          WHERE k.person_ref = ?`,
      )
      .get(personRef) as { wrappedKey: Buffer; sealed: Buffer } | undefined;
    if (!row) return null;
    return this.cipher.openStoredRecord(personRef, row.wrappedKey, row.sealed);
  }

  async erase(personRef: string): Promise<void> {
    assertValidPersonRef(personRef);
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM vault_person_keys WHERE person_ref = ?').run(personRef);
        this.db.prepare('DELETE FROM vault_personal_data WHERE person_ref = ?').run(personRef);
        this.db.prepare('INSERT OR IGNORE INTO vault_erased_persons (person_ref, erased_at) VALUES (?, ?)').run(personRef, now);
      })
      .immediate();
    // Best effort: a reader holding an old snapshot can keep some pages in the WAL until it ends.
    if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async isErased(personRef: string): Promise<boolean> {
    assertValidPersonRef(personRef);
    return this.erased(personRef);
  }

  async close(): Promise<void> {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  private erased(personRef: string): boolean {
    return this.db.prepare('SELECT 1 FROM vault_erased_persons WHERE person_ref = ?').get(personRef) !== undefined;
  }
}

export async function openSqlitePersonalDataVault(path: string, masterKey: Buffer | string): Promise<SqlitePersonalDataVault> {
  return new SqlitePersonalDataVault(path, masterKey);
}
