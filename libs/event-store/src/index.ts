export * from './port.js';
export * from './command-handling/aggregate-store.js';
export * from './command-handling/deterministic-id.js';
export { SqliteEventStore, openSqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
export { PostgresEventStore, openPostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store.js';
export {
  EventStoreDbEventStore,
  openEventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventstoredb/eventstoredb-event-store.js';
export * from './personal-data/personal-data-vault.js';
export { VaultCipher, generateVaultMasterKey, parseVaultMasterKey } from './personal-data/vault-cipher.js';
export { SqlitePersonalDataVault, openSqlitePersonalDataVault } from './personal-data/sqlite-personal-data-vault.js';
export {
  PostgresPersonalDataVault,
  openPostgresPersonalDataVault,
  type PostgresPersonalDataVaultOptions,
} from './personal-data/postgres-personal-data-vault.js';
export {
  isTamperEvident,
  verifyChain,
  type IntegrityBreak,
  type IntegrityBreakKind,
  type IntegrityReport,
  type StoredChainRow,
  type TamperEvidentStore,
} from './integrity/verify.js';
export { CHECKPOINT_EVERY, chainLink, contentDigest } from './integrity/hash-chain.js';
export {
  checkpointWalOffThread,
  DEFAULT_WAL_CHECKPOINT_INTERVAL_MS,
  DEFAULT_WAL_SAFETY_NET_PAGES,
  type WalCheckpointOptions,
} from './sqlite/sqlite-wal-checkpointer.js';
export type { SqliteSynchronous } from './sqlite/sqlite-event-store.js';
