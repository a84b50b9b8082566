/**
 * A row of the events table as both SQL stores (SQLite, PostgreSQL) name its columns, and the recorded
 * event it is. The stores differ only in how the JSON columns arrive: SQLite keeps the text, pg parses `json`.
 */
import type { RecordedEvent } from './port.js';

/** The columns a read selects, in this order. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';

export interface EventRow<Json = unknown> {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Json;
  metadata: Json;
}

/** The event a row holds; `decode` makes a value of a JSON column as the driver delivered it. */
export function recordedEventOf<Json>(row: EventRow<Json>, decode: (json: Json) => unknown): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    data: decode(row.data),
    metadata: decode(row.metadata) as RecordedEvent['metadata'],
  };
}
