import type Database from 'better-sqlite3';
import { chainLink, CheckpointHasher, CHECKPOINT_EVERY, contentDigest, GENESIS } from '../integrity/hash-chain.js';
import { type ChainRow, type IntegrityReport, toChainRow, verifyChain } from '../integrity/verify.js';

/**
 * The SQLite side of the tamper-evident record: the `hash` column and the `checkpoints` table, the
 * in-place upgrade of a file written before them, checkpoint sealing and verification. The links
 * themselves are computed by the append, inside its transaction (see SqliteEventStore).
 */
export class SqliteHashChain {
  private readonly selectLinks: Database.Statement<[number, number], { position: number; hash: Buffer | null }>;
  private readonly selectLastCheckpoint: Database.Statement<[], { position: number; hash: Buffer }>;
  private readonly insertCheckpoint: Database.Statement<[number, Buffer]>;
  private readonly selectHead: Database.Statement<[], { head: number | null }>;
  /** The next boundary to seal; appends below it need no sealing. */
  private nextSeal: number;

  constructor(
    private readonly db: Database.Database,
    private readonly every = CHECKPOINT_EVERY,
  ) {
    const columns = db.prepare("SELECT name FROM pragma_table_info('events')").all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'hash')) db.exec('ALTER TABLE events ADD COLUMN hash BLOB');
    db.exec('CREATE TABLE IF NOT EXISTS checkpoints (position INTEGER PRIMARY KEY, hash BLOB NOT NULL)');
    this.selectLinks = db.prepare('SELECT position, hash FROM events WHERE position > ? AND position <= ? ORDER BY position');
    this.selectLastCheckpoint = db.prepare('SELECT position, hash FROM checkpoints ORDER BY position DESC LIMIT 1');
    this.insertCheckpoint = db.prepare('INSERT OR IGNORE INTO checkpoints (position, hash) VALUES (?, ?)');
    this.selectHead = db.prepare('SELECT max(position) AS head FROM events');
    this.upgrade();
    this.nextSeal = (this.selectLastCheckpoint.get()?.position ?? 0) + every;
    this.sealIfDue(this.selectHead.get()?.head ?? 0);
  }

  /**
   * In-place upgrade: every event stored without a hash gets its link, stream by stream in revision
   * order, in one transaction. Runs on open; a no-op once done.
   */
  private upgrade(): void {
    const unhashed = this.db.prepare(
      'SELECT position, stream_id, revision, type, schema_version, data, metadata, hash FROM events WHERE hash IS NULL ORDER BY position',
    );
    if (!this.db.prepare('SELECT 1 FROM events WHERE hash IS NULL LIMIT 1').get()) return;
    const previousLink = this.db.prepare('SELECT hash FROM events WHERE stream_id = ? AND revision = ?').pluck();
    const setHash = this.db.prepare('UPDATE events SET hash = ? WHERE position = ?');
    this.db.transaction(() => {
      const links = new Map<string, Buffer>();
      const rows = unhashed.all() as ChainRow[];
      for (const row of rows) {
        const previous = row.revision === 0 ? GENESIS : (links.get(row.stream_id) ?? (previousLink.get(row.stream_id, row.revision - 1) as Buffer | undefined) ?? GENESIS);
        const link = chainLink(previous, row.revision, contentDigest(toChainRow(row)));
        setHash.run(link, row.position);
        links.set(row.stream_id, link);
      }
    }).immediate();
  }

  /** After a commit up to `head`: seals every checkpoint whose range is complete. */
  sealIfDue(head: number): void {
    if (head < this.nextSeal) return;
    this.db
      .transaction(() => {
        const last = this.selectLastCheckpoint.get();
        let previous = last?.hash ?? GENESIS;
        let boundary = last ? last.position + this.every : this.every;
        while (boundary <= head) {
          const hasher = new CheckpointHasher(previous, boundary);
          for (const { position, hash } of this.selectLinks.iterate(boundary - this.every, boundary)) hasher.add(position, hash ?? GENESIS);
          previous = hasher.digest();
          this.insertCheckpoint.run(boundary, previous);
          boundary += this.every;
        }
        this.nextSeal = boundary;
      })
      .immediate();
  }

  /** Recomputes every link and checkpoint from the file as it is now (one read transaction). */
  async verify(): Promise<IntegrityReport> {
    const checkpoints = new Map(
      (this.db.prepare('SELECT position, hash FROM checkpoints').all() as Array<{ position: number; hash: Buffer }>).map((row) => [row.position, row.hash]),
    );
    const rows = this.db.prepare('SELECT position, stream_id, revision, type, schema_version, data, metadata, hash FROM events ORDER BY position');
    const iterate = function* () {
      for (const row of rows.iterate() as IterableIterator<ChainRow>) yield toChainRow(row);
    };
    return verifyChain(iterate(), checkpoints, { densePositions: true, checkpointEvery: this.every });
  }
}
