import { randomUUID } from 'node:crypto';
import { describe, it } from '@jest/globals';
import pg from 'pg';
import { generateVaultMasterKey, openPostgresPersonalDataVault } from '#event-store';
import { personalDataVaultConformanceSuite } from '../../libs/event-store/src/personal-data/testing/vault-conformance.js';
import { postgresSkippedOnPurpose, postgresUnreachableMessage } from '../../libs/event-store/src/testing/postgres-availability.js';

const CONNECTION_STRING = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

if (postgresSkippedOnPurpose('the PostgreSQL vault suite')) {
  describe.skip('PersonalDataVault: PostgreSQL (SKIP_POSTGRES=1)', () => it('runs against the real server in CI', () => undefined));
} else {
  personalDataVaultConformanceSuite('PostgreSQL', async () => {
    const schema = `vault_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
    const masterKey = generateVaultMasterKey();
    const vault = await openPostgresPersonalDataVault(CONNECTION_STRING, schema, masterKey).catch((error: unknown) => {
      throw new Error(postgresUnreachableMessage(CONNECTION_STRING, error));
    });
    const inspector = new pg.Client({ connectionString: CONNECTION_STRING });
    await inspector.connect();
    return {
      vault,
      masterKey,
      inspect: async (personRef) => {
        const key = await inspector.query(`SELECT wrapped_key FROM "${schema}".vault_person_keys WHERE person_ref = $1`, [personRef]);
        const data = await inspector.query(`SELECT sealed FROM "${schema}".vault_personal_data WHERE person_ref = $1`, [personRef]);
        return { wrappedKey: key.rows[0]?.wrapped_key ?? null, sealed: data.rows[0]?.sealed ?? null };
      },
      reopen: (key) => openPostgresPersonalDataVault(CONNECTION_STRING, schema, key),
      cleanup: async () => {
        await vault.dropSchema();
        await vault.close();
        await inspector.end();
      },
    };
  });
}
