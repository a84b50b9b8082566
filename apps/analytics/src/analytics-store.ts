import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { chinaMonthOf } from '#domain';
import { contractValidator, type IntegrationEventEnvelope } from '#messaging';
import { applyToIndicatorTables, createIndicatorTables } from './indicator-tables.js';
import { computeAreaIndicators, type AreaIndicators } from './indicators.js';

/** Where a message came from; kept for rejected messages so an operator can find them. */
export interface MessageOrigin {
  topic: string;
  partition: number;
  offset: string;
}

export type DecodedMessage =
  | { kind: 'event'; origin: MessageOrigin; event: IntegrationEventEnvelope }
  | { kind: 'rejected'; origin: MessageOrigin; eventId: string | null; type: string | null; problems: string[] };

/**
 * Parses a message value and checks it against the published schema of its type. What fails is
 * rejected with the reasons, never the content (which would not be what the contract allows).
 */
export const decodeMessage = (origin: MessageOrigin, value: Buffer | string | null): DecodedMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(value ?? ''));
  } catch {
    return { kind: 'rejected', origin, eventId: null, type: null, problems: ['the value is not JSON'] };
  }
  const violation = contractValidator().check(parsed);
  if (violation) {
    const eventId = (parsed as { eventId?: unknown }).eventId;
    return { kind: 'rejected', origin, eventId: typeof eventId === 'string' ? eventId.slice(0, 64) : null, type: violation.type.slice(0, 100), problems: violation.problems };
  }
  return { kind: 'event', origin, event: parsed as IntegrationEventEnvelope };
};

export interface IngestResult {
  applied: number;
  /** Already processed (same eventId): dropped, at-least-once delivery made exactly-once in effect. */
  duplicates: number;
  rejected: number;
  /** New events older than their stream's last applied one: per-stream order was broken upstream. */
  outOfOrder: number;
}

export interface ProcessedEvent {
  seq: number;
  eventId: string;
  streamId: string;
  position: number;
  type: string;
}

export interface AnalyticsCounts {
  /** Distinct events applied, ever (the processed-ids table). */
  processed: number;
  /** Messages skipped because the contract refused them, ever. */
  rejected: number;
  /** Since this process started: events that came after a later one of their stream. */
  outOfOrder: number;
}

/**
 * The consumer's durable state in one SQLite file: the processed event ids (dedupe), the last
 * position per stream (order check) and the indicator tables. A batch is applied in ONE
 * transaction, ids and figures together, so a crash never counts an event without remembering
 * it, or the reverse.
 */
export class AnalyticsStore {
  private readonly db: Database.Database;
  private readonly insertProcessed: Database.Statement;
  private readonly streamHead: Database.Statement;
  private readonly saveStreamHead: Database.Statement;
  private readonly insertRejected: Database.Statement;
  private readonly counters: Database.Statement;
  private outOfOrderTotal = 0;

  /** `clock`: which Beijing month the home-visit rate is for (today's by default; tests pin it). */
  constructor(
    path: string,
    private readonly options: { clock?: () => Date } = {},
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    if (path !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS processed_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        stream_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        processed_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS stream_heads (stream_id TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rejected_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL, partition INTEGER NOT NULL, message_offset TEXT NOT NULL,
        event_id TEXT, type TEXT, problems TEXT NOT NULL, rejected_at TEXT NOT NULL
      );`);
    createIndicatorTables(this.db);
    this.insertProcessed = this.db.prepare(
      `INSERT INTO processed_events (event_id, stream_id, position, type, processed_at) VALUES (@eventId, @streamId, @position, @type, @at)
       ON CONFLICT (event_id) DO NOTHING`,
    );
    this.streamHead = this.db.prepare('SELECT position FROM stream_heads WHERE stream_id = ?');
    this.saveStreamHead = this.db.prepare(
      `INSERT INTO stream_heads (stream_id, position) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET position = max(position, excluded.position)`,
    );
    this.insertRejected = this.db.prepare(
      `INSERT INTO rejected_messages (topic, partition, message_offset, event_id, type, problems, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.counters = this.db.prepare(`SELECT (SELECT count(*) FROM processed_events) AS processed, (SELECT count(*) FROM rejected_messages) AS rejected`);
  }

  /** Applies a batch: new events change the figures, repeated eventIds change nothing. */
  ingest(messages: readonly DecodedMessage[]): IngestResult {
    const result: IngestResult = { applied: 0, duplicates: 0, rejected: 0, outOfOrder: 0 };
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const message of messages) {
        if (message.kind === 'rejected') {
          const { topic, partition, offset } = message.origin;
          this.insertRejected.run(topic, partition, offset, message.eventId, message.type, message.problems.join('; '), at);
          result.rejected += 1;
          continue;
        }
        const { event } = message;
        const inserted = this.insertProcessed.run({ eventId: event.eventId, streamId: event.streamId, position: event.position, type: event.type, at });
        if (inserted.changes === 0) {
          result.duplicates += 1;
          continue;
        }
        const head = this.streamHead.get(event.streamId) as { position: number } | undefined;
        if (head && head.position > event.position) result.outOfOrder += 1;
        this.saveStreamHead.run(event.streamId, event.position);
        applyToIndicatorTables(this.db, event);
        result.applied += 1;
      }
    })();
    this.outOfOrderTotal += result.outOfOrder;
    return result;
  }

  indicators(level: string, code: string): AreaIndicators {
    return computeAreaIndicators(this.db, level, code, chinaMonthOf(this.options.clock?.() ?? new Date()));
  }

  counts(): AnalyticsCounts {
    const row = this.counters.get() as { processed: number; rejected: number };
    return { processed: row.processed, rejected: row.rejected, outOfOrder: this.outOfOrderTotal };
  }

  /** Every processed event in the order it was applied: what tests check delivery order against. */
  processedEvents(): ProcessedEvent[] {
    return this.db
      .prepare('SELECT seq, event_id AS eventId, stream_id AS streamId, position, type FROM processed_events ORDER BY seq')
      .all() as ProcessedEvent[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
