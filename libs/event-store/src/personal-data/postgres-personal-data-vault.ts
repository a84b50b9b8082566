import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import {
  assertValidPersonalData,
  assertValidPersonRef,
  PersonalDataErasedError,
  type PersonalDataVault,
} from './personal-data-vault.js';
import { VaultCipher } from './vault-cipher.js';

interface VaultTables {
  vault_person_keys: { person_ref: string; wrapped_key: Buffer; created_at: Date };
  vault_personal_data: { person_ref: string; sealed: Buffer; updated_at: Date };
  vault_erased_persons: { person_ref: string; erased_at: Date };
}

export interface PostgresPersonalDataVaultOptions {
  poolSize?: number;
  connectionTimeoutMs?: number;
}

const SQL_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** First half of the per-person advisory lock key ('WSVL'): put and erase of one person never interleave. */
const PERSON_LOCK_NAMESPACE = 0x5753564c;
const MIGRATION_LOCK_NAMESPACE = PERSON_LOCK_NAMESPACE + 1;

/**
 * The vault in PostgreSQL. Same envelope encryption as the SQLite vault; a per-person advisory lock
 * serialises put and erase of the same person across processes, so two first puts cannot each
 * create a key, and an erase cannot be undone by a put that started before it.
 * Erased rows stay as dead tuples until VACUUM: the wrapped key in them is still useless without
 * the master key.
 */
export class PostgresPersonalDataVault implements PersonalDataVault {
  private readonly root: Kysely<VaultTables>;
  private readonly db: Kysely<VaultTables>;
  private readonly cipher: VaultCipher;

  constructor(connectionString: string, readonly schema: string, masterKey: Buffer | string, options: PostgresPersonalDataVaultOptions = {}) {
    if (!SQL_IDENTIFIER.test(schema)) throw new TypeError(`schema must be a lower-case SQL identifier, got "${schema}"`);
    this.cipher = new VaultCipher(masterKey);
    const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 4, connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000 });
    pool.on('error', () => undefined);
    this.root = new Kysely<VaultTables>({ dialect: new PostgresDialect({ pool }) });
    this.db = this.root.withSchema(schema);
  }

  async migrate(): Promise<void> {
    await this.root.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_NAMESPACE}, hashtext(${this.schema}))`.execute(trx);
      await trx.schema.createSchema(this.schema).ifNotExists().execute();
      const ddl = trx.schema.withSchema(this.schema);
      await ddl
        .createTable('vault_person_keys')
        .ifNotExists()
        .addColumn('person_ref', 'text', (column) => column.primaryKey())
        .addColumn('wrapped_key', 'bytea', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
      await ddl
        .createTable('vault_personal_data')
        .ifNotExists()
        .addColumn('person_ref', 'text', (column) => column.primaryKey())
        .addColumn('sealed', 'bytea', (column) => column.notNull())
        .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
      await ddl
        .createTable('vault_erased_persons')
        .ifNotExists()
        .addColumn('person_ref', 'text', (column) => column.primaryKey())
        .addColumn('erased_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
    });
  }

  async put(personRef: string, data: Record<string, string>): Promise<void> {
    assertValidPersonRef(personRef);
    assertValidPersonalData(data);
    await this.db.transaction().execute(async (trx) => {
      await this.lockPerson(trx, personRef);
      if (await this.erasedIn(trx, personRef)) throw new PersonalDataErasedError(personRef);
      const stored = await trx.selectFrom('vault_person_keys').select('wrapped_key').where('person_ref', '=', personRef).executeTakeFirst();
      let personKey: Buffer;
      if (stored) {
        personKey = this.cipher.readablePersonKey(personRef, stored.wrapped_key);
      } else {
        personKey = this.cipher.newPersonKey();
        await trx
          .insertInto('vault_person_keys')
          .values({ person_ref: personRef, wrapped_key: this.cipher.wrapPersonKey(personRef, personKey), created_at: new Date() })
          .execute();
      }
      const sealed = this.cipher.sealRecord(personRef, personKey, data);
      await trx
        .insertInto('vault_personal_data')
        .values({ person_ref: personRef, sealed, updated_at: new Date() })
        .onConflict((conflict) => conflict.column('person_ref').doUpdateSet({ sealed, updated_at: new Date() }))
        .execute();
    });
  }

  async get(personRef: string): Promise<Record<string, string> | null> {
    assertValidPersonRef(personRef);
    const row = await this.db
      .selectFrom('vault_person_keys as k')
      .innerJoin('vault_personal_data as d', 'd.person_ref', 'k.person_ref')
      .select(['k.wrapped_key as wrappedKey', 'd.sealed as sealed'])
      .where('k.person_ref', '=', personRef)
      .executeTakeFirst();
    if (!row) return null;
    return this.cipher.openStoredRecord(personRef, row.wrappedKey, row.sealed);
  }

  async erase(personRef: string): Promise<void> {
    assertValidPersonRef(personRef);
    await this.db.transaction().execute(async (trx) => {
      await this.lockPerson(trx, personRef);
      await trx.deleteFrom('vault_person_keys').where('person_ref', '=', personRef).execute();
      await trx.deleteFrom('vault_personal_data').where('person_ref', '=', personRef).execute();
      await trx
        .insertInto('vault_erased_persons')
        .values({ person_ref: personRef, erased_at: new Date() })
        .onConflict((conflict) => conflict.column('person_ref').doNothing())
        .execute();
    });
  }

  async isErased(personRef: string): Promise<boolean> {
    assertValidPersonRef(personRef);
    return this.erasedIn(this.db, personRef);
  }

  async close(): Promise<void> {
    await this.root.destroy();
  }

  /** Drops the schema with everything in it: for tests and throwaway environments only. */
  async dropSchema(): Promise<void> {
    await this.root.schema.dropSchema(this.schema).ifExists().cascade().execute();
  }

  private async lockPerson(trx: Transaction<VaultTables>, personRef: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${PERSON_LOCK_NAMESPACE}, hashtext(${`${this.schema}/${personRef}`}))`.execute(trx);
  }

  private async erasedIn(db: Kysely<VaultTables>, personRef: string): Promise<boolean> {
    const row = await db.selectFrom('vault_erased_persons').select('person_ref').where('person_ref', '=', personRef).executeTakeFirst();
    return row !== undefined;
  }
}

export async function openPostgresPersonalDataVault(
  connectionString: string,
  schema: string,
  masterKey: Buffer | string,
  options: PostgresPersonalDataVaultOptions = {},
): Promise<PostgresPersonalDataVault> {
  const vault = new PostgresPersonalDataVault(connectionString, schema, masterKey, options);
  try {
    await vault.migrate();
  } catch (error) {
    await vault.close();
    throw error;
  }
  return vault;
}
