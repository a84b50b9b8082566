import type pg from 'pg';
import { chainLink, CheckpointHasher, CHECKPOINT_EVERY, contentDigest, GENESIS } from '../integrity/hash-chain.js';
import { type ChainRow, type IntegrityReport, type StoredChainRow, toChainRow, verifyChain } from '../integrity/verify.js';

/** The SQL of the link, the same bytes as `chainLink` (hash-chain.ts): tag ‖ previous ‖ u64be(revision) ‖ content. */
export const sqlChainLink = (previous: string, revision: string, content: string): string =>
  `sha256(convert_to('wushe-event-link-v1', 'UTF8') || ${previous} || int8send((${revision})::bigint) || ${content})`;

/** 32 zero bytes: the link before revision 0 and the checkpoint before the first. */
export const SQL_GENESIS = `decode(repeat('00', 32), 'hex')`;

export const chainDdl = (schema: string): string => `
  ALTER TABLE "${schema}".events ADD COLUMN IF NOT EXISTS hash bytea;
  CREATE TABLE IF NOT EXISTS "${schema}".checkpoints (position bigint PRIMARY KEY, hash bytea NOT NULL);`;

const PAGE = 2000;
const ROW_COLUMNS = 'position, stream_id, revision, type, schema_version, data::text AS data, metadata::text AS metadata, hash';

/**
 * The PostgreSQL side of the tamper-evident record, beside the append function that computes each
 * link under its stream lock: the in-place upgrade, checkpoint sealing and verification.
 */
export class PostgresHashChain {
  private readonly table: string;
  private readonly checkpoints: string;
  private sealing: Promise<void> | null = null;
  private nextSeal = 0;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    /** The highest settled position (PostgresEventStore.headPosition). */
    private readonly settledHead: () => Promise<number>,
    readonly every = CHECKPOINT_EVERY,
  ) {
    this.table = `"${schema}".events`;
    this.checkpoints = `"${schema}".checkpoints`;
  }

  /**
   * In-place upgrade, inside the migration's transaction: every event stored without a hash gets
   * its link, in position order (stream order within each stream). Writers must be stopped.
   */
  async upgrade(client: pg.PoolClient): Promise<void> {
    const links = new Map<string, Buffer>();
    for (let after = 0; ; ) {
      const { rows } = await client.query<ChainRow>(
        `SELECT ${ROW_COLUMNS} FROM ${this.table} WHERE hash IS NULL AND position > $1 ORDER BY position LIMIT ${PAGE}`,
        [after],
      );
      if (rows.length === 0) break;
      const updates: Array<[number, Buffer]> = [];
      for (const row of rows) {
        let previous = row.revision === 0 ? GENESIS : links.get(row.stream_id);
        if (!previous) {
          const { rows: found } = await client.query<{ hash: Buffer | null }>(`SELECT hash FROM ${this.table} WHERE stream_id = $1 AND revision = $2`, [
            row.stream_id,
            row.revision - 1,
          ]);
          previous = found[0]?.hash ?? GENESIS;
        }
        const link = chainLink(previous, row.revision, contentDigest(toChainRow(row)));
        links.set(row.stream_id, link);
        updates.push([row.position, link]);
      }
      await client.query(`UPDATE ${this.table} e SET hash = u.hash FROM unnest($1::bigint[], $2::bytea[]) AS u(position, hash) WHERE e.position = u.position`, [
        updates.map(([position]) => position),
        updates.map(([, hash]) => hash),
      ]);
      after = rows.at(-1)!.position;
    }
  }

  /** After an append at `position`: seals in the background once a checkpoint's range may be complete. */
  appended(position: number): void {
    if (position >= this.nextSeal && !this.sealing) {
      this.sealing = this.seal()
        .catch(() => undefined) // retried after the next append past the boundary
        .finally(() => {
          this.sealing = null;
        });
    }
  }

  /**
   * Seals every checkpoint whose whole range is settled (no transaction in flight can still add a
   * position to it). Idempotent and safe from several processes: a checkpoint is a pure function of
   * the settled events, and an existing row is kept.
   */
  async seal(): Promise<void> {
    const head = await this.settledHead();
    const { rows } = await this.pool.query<{ position: number; hash: Buffer }>(`SELECT position, hash FROM ${this.checkpoints} ORDER BY position DESC LIMIT 1`);
    let previous = rows[0]?.hash ?? GENESIS;
    let boundary = (rows[0]?.position ?? 0) + this.every;
    while (boundary <= head) {
      const hasher = new CheckpointHasher(previous, boundary);
      const { rows: links } = await this.pool.query<{ position: number; hash: Buffer | null }>(
        `SELECT position, hash FROM ${this.table} WHERE position > $1 AND position <= $2 ORDER BY position`,
        [boundary - this.every, boundary],
      );
      for (const { position, hash } of links) hasher.add(position, hash ?? GENESIS);
      previous = hasher.digest();
      await this.pool.query(`INSERT INTO ${this.checkpoints} (position, hash) VALUES ($1, $2) ON CONFLICT (position) DO NOTHING`, [boundary, previous]);
      boundary += this.every;
    }
    this.nextSeal = boundary;
  }

  /** Waits for a sealing in flight (close, tests). */
  async settle(): Promise<void> {
    await this.sealing;
  }

  /**
   * Recomputes every link and checkpoint, paging by position. Reads every committed row, not only the
   * settled prefix: a stream's writers commit one after the other (the stream lock), so its chain is
   * complete in any snapshot, and checkpoints exist only for settled ranges. (Bounded by the settled
   * head, a deleted event would pass for a position still in flight.)
   */
  async verify(): Promise<IntegrityReport> {
    const { rows } = await this.pool.query<{ position: number; hash: Buffer }>(`SELECT position, hash FROM ${this.checkpoints}`);
    const checkpoints = new Map(rows.map((row) => [row.position, row.hash]));
    const pool = this.pool;
    const table = this.table;
    async function* pages(): AsyncGenerator<StoredChainRow> {
      for (let after = 0; ; ) {
        const { rows: page } = await pool.query<ChainRow>(`SELECT ${ROW_COLUMNS} FROM ${table} WHERE position > $1 ORDER BY position LIMIT ${PAGE}`, [after]);
        for (const row of page) yield toChainRow(row);
        if (page.length < PAGE) return;
        after = page.at(-1)!.position;
      }
    }
    return verifyChain(pages(), checkpoints, { densePositions: false, checkpointEvery: this.every });
  }
}
