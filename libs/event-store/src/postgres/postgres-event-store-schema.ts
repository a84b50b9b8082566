/**
 * The PostgreSQL event store's schema: the events table, the position sequence, the tamper-evident
 * record's columns and the `wushe_append` function every append calls (one round trip, see the
 * PostgresEventStore class comment for why positions and transaction ids are drawn together).
 */
import type { StoredEventRef } from '../append-rules.js';
import { chainDdl, SQL_GENESIS, sqlChainLink } from './postgres-hash-chain.js';

/** First half of every advisory-lock key this store takes ('WSHE'); the second half is the schema's hash. */
const LOCK_NAMESPACE = 0x57534845;
export const MIGRATION_LOCK_NAMESPACE = LOCK_NAMESPACE + 1;
/** Advisory-lock keys: (namespace, hash). The stream lock is per stream, the allocation lock per schema. */
const STREAM_LOCK_NAMESPACE = LOCK_NAMESPACE + 2;
const ALLOCATION_LOCK_NAMESPACE = LOCK_NAMESPACE + 3;

/** How the expected revision travels to the append function. */
export const EXPECTED_CODES = { no_stream: -1, any: -2, stream_exists: -3 } as const;
/** The append function's answer: appended, a revision conflict, or the eventIds already stored (a retry). */
export const STATUS_APPENDED = 0;
export const STATUS_CONFLICT = 1;
export const STATUS_STORED = 2;

/** One row of `wushe_append`'s answer. */
export interface AppendRow {
  o_status: number;
  o_revision: number | null;
  o_position: number | null;
  o_stored: StoredEventRef[] | null;
}

/** The call the store prepares once per schema. */
export const appendStatement = (schema: string): string =>
  `SELECT o_status, o_revision, o_position, o_stored FROM "${schema}".wushe_append($1, $2, $3, $4, $5, $6, $7, $8)`;

/**
 * Creates the schema, table, sequence and append function if missing, and upgrades a table of the
 * commit-lock era in place: its rows get transaction id 0 (settled for every reader) and the
 * sequence continues after its last position. Run under MIGRATION_LOCK_NAMESPACE (PostgresEventStore.migrate).
 */
export const eventStoreMigration = (schema: string): string => {
  const s = schema;
  const table = `"${s}".events`;
  const sequence = `"${s}".events_position_seq`;
  return `
  CREATE SCHEMA IF NOT EXISTS "${s}";
  CREATE TABLE IF NOT EXISTS ${table} (
    position bigint PRIMARY KEY,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    stream_id text NOT NULL,
    revision integer NOT NULL,
    event_id text NOT NULL UNIQUE,
    type text NOT NULL,
    schema_version integer NOT NULL,
    data json NOT NULL,
    metadata json NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision)
  );
  DO $migrate$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = '${s}' AND table_name = 'events' AND column_name = 'transaction_id') THEN
      ALTER TABLE ${table} ADD COLUMN transaction_id xid8 NOT NULL DEFAULT '0';
      ALTER TABLE ${table} ALTER COLUMN transaction_id SET DEFAULT pg_current_xact_id();
    END IF;
    IF to_regclass('${sequence}') IS NULL THEN
      CREATE SEQUENCE ${sequence} AS bigint;
      PERFORM setval('${sequence}', coalesce((SELECT max(position) FROM ${table}), 0) + 1, false);
    END IF;
  END $migrate$;
  ${chainDdl(s)}
  DROP FUNCTION IF EXISTS "${s}".wushe_append(text, bigint, text[], text[], integer[], text[], text[]);
  CREATE OR REPLACE FUNCTION "${s}".wushe_append(
    p_stream text, p_expected bigint, p_ids text[], p_types text[], p_versions integer[], p_data text[], p_metadata text[],
    p_contents bytea[],
    OUT o_status integer, OUT o_revision bigint, OUT o_position bigint, OUT o_stored json)
  LANGUAGE plpgsql AS $append$
  DECLARE
    v_count integer := coalesce(cardinality(p_ids), 0);
    v_current bigint;
    v_stream_position bigint;
    v_xid xid8;
    v_first bigint;
    v_id text;
    v_link bytea;
    v_links bytea[] := '{}';
  BEGIN
    -- Writers of one stream queue here; the lock ends with the transaction.
    PERFORM pg_advisory_xact_lock(${STREAM_LOCK_NAMESPACE}, hashtext('${s}/' || p_stream));
    -- One unique-index probe per eventId (a plan for "event_id = ANY(array)" scans the table
    -- while its statistics are young); the stored refs are collected only for a retry.
    FOREACH v_id IN ARRAY coalesce(p_ids, '{}') LOOP
      PERFORM 1 FROM ${table} WHERE event_id = v_id;
      IF FOUND THEN
        SELECT json_agg(json_build_object('eventId', e.event_id, 'streamId', e.stream_id, 'revision', e.revision, 'position', e.position))
          INTO o_stored FROM ${table} e WHERE e.event_id = ANY (p_ids);
        o_status := ${STATUS_STORED};
        RETURN;
      END IF;
    END LOOP;
    SELECT e.revision, e.position, e.hash INTO v_current, v_stream_position, v_link
      FROM ${table} e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
    v_current := coalesce(v_current, -1);
    o_revision := v_current;
    IF NOT (p_expected = ${EXPECTED_CODES.any}
            OR (p_expected = ${EXPECTED_CODES.no_stream} AND v_current = -1)
            OR (p_expected = ${EXPECTED_CODES.stream_exists} AND v_current >= 0)
            OR p_expected = v_current) THEN
      o_status := ${STATUS_CONFLICT};
      RETURN;
    END IF;
    o_status := ${STATUS_APPENDED};
    IF v_count = 0 THEN
      o_position := coalesce(v_stream_position, 0);
      RETURN;
    END IF;
    -- Transaction id and positions drawn together, one writer at a time, for three statements only:
    -- a lower position always belongs to a lower transaction id. No EXCEPTION block here (it
    -- would open a subtransaction on every append): if anything fails while the session lock is
    -- held, the client closes the connection, and the lock ends with the session.
    PERFORM pg_advisory_lock(${ALLOCATION_LOCK_NAMESPACE}, hashtext('${s}'));
    v_xid := pg_current_xact_id();
    v_first := nextval('${sequence}');
    IF v_count > 1 THEN
      PERFORM setval('${sequence}', v_first + v_count - 1);
    END IF;
    PERFORM pg_advisory_unlock(${ALLOCATION_LOCK_NAMESPACE}, hashtext('${s}'));
    -- The tamper-evident record: each link chained to the previous one of the stream (hash-chain.ts).
    v_link := coalesce(v_link, ${SQL_GENESIS});
    IF v_count = 1 THEN -- the usual command: one fact; a VALUES row plans and runs in half the time
      v_link := ${sqlChainLink('v_link', 'v_current + 1', 'p_contents[1]')};
      INSERT INTO ${table} (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
        VALUES (v_first, v_xid, p_stream, v_current + 1, p_ids[1], p_types[1], p_versions[1], p_data[1]::json, p_metadata[1]::json, v_link);
    ELSE
      FOR i IN 1..v_count LOOP
        v_link := ${sqlChainLink('v_link', 'v_current + i', 'p_contents[i]')};
        v_links := v_links || v_link;
      END LOOP;
      INSERT INTO ${table} (position, transaction_id, stream_id, revision, event_id, type, schema_version, data, metadata, hash)
        SELECT v_first + t.i - 1, v_xid, p_stream, v_current + t.i, t.id, t.type, t.version, t.data::json, t.metadata::json, t.hash
        FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata, v_links) WITH ORDINALITY AS t(id, type, version, data, metadata, hash, i);
    END IF;
    o_revision := v_current + v_count;
    o_position := v_first + v_count - 1;
  END
  $append$;`;
};
