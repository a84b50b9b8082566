import Database from 'better-sqlite3';
import type { RelayCheckpointStore } from './relay-checkpoint-store.js';

/**
 * Relay checkpoints in SQLite, one row per relay name. It may share the event store's file: it only
 * touches its own table. Saving is monotonic, so a second relay instance lagging behind (a deploy
 * overlap) cannot move the checkpoint backwards; replaying from an earlier point means deleting the row.
 */
export class SqliteRelayCheckpointStore implements RelayCheckpointStore {
  private readonly loadStatement: Database.Statement<[string], { position: number }>;
  private readonly saveStatement: Database.Statement<[string, number, string]>;

  private constructor(
    private readonly db: Database.Database,
    private readonly ownsDatabase: boolean,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS relay_checkpoints (
        name TEXT PRIMARY KEY,
        position INTEGER NOT NULL CHECK (position >= 0),
        updated_at TEXT NOT NULL
      )`);
    this.loadStatement = db.prepare('SELECT position FROM relay_checkpoints WHERE name = ?');
    this.saveStatement = db.prepare(`
      INSERT INTO relay_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
      WHERE excluded.position > relay_checkpoints.position`);
  }

  /** Opens (and creates) the file; the store closes it in `close()`. */
  static open(path: string): SqliteRelayCheckpointStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // The event store writes the same file from another connection; wait for its lock instead of failing.
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    return new SqliteRelayCheckpointStore(db, true);
  }

  /** Uses a connection someone else owns and closes. */
  static using(db: Database.Database): SqliteRelayCheckpointStore {
    return new SqliteRelayCheckpointStore(db, false);
  }

  async load(name: string): Promise<number> {
    return this.loadStatement.get(name)?.position ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new RangeError(`relay checkpoint must be a non-negative integer, got ${position}`);
    }
    this.saveStatement.run(name, position, new Date().toISOString());
  }

  close(): void {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }
}
