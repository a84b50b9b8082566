import { chainLink, CheckpointHasher, CHECKPOINT_EVERY, contentDigest, GENESIS, type HashedFields } from './hash-chain.js';

/** One stored event as `verify` reads it: the hashed fields as stored, and the stored link. */
export interface StoredChainRow extends HashedFields {
  position: number;
  revision: number;
  /** null: stored before the upgrade and never hashed. */
  hash: Buffer | null;
}

/** An events row as both stores select it (snake_case columns, data and metadata as stored text). */
export interface ChainRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  hash: Buffer | null;
}

export const toChainRow = (row: ChainRow): StoredChainRow => ({
  position: row.position,
  streamId: row.stream_id,
  revision: row.revision,
  type: row.type,
  schemaVersion: row.schema_version,
  dataText: row.data,
  metadataText: row.metadata,
  hash: row.hash,
});

export type IntegrityBreakKind =
  /** The stored link is not the hash of the stored fields and the previous link: an event was altered. */
  | 'altered_event'
  /** A stream skips a revision: an event was deleted (or its revision altered). */
  | 'missing_revision'
  /** A position is missing from a store whose positions are dense (SQLite). */
  | 'missing_position'
  /** The events of a checkpoint's range no longer hash to the stored checkpoint. */
  | 'checkpoint_mismatch'
  /** An event carries no hash (the store was not upgraded). */
  | 'unhashed_event';

/** The first broken link, in position order. */
export interface IntegrityBreak {
  kind: IntegrityBreakKind;
  /** The stream whose chain broke; null for a checkpoint or a missing position. */
  streamId: string | null;
  /** The revision expected there (for a missing revision: the one that is gone). */
  revision: number | null;
  /** The position of the event found broken or first found after a gap; for a checkpoint, its boundary. */
  position: number;
  detail: string;
}

export interface IntegrityReport {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  /** Checkpoints cover positions up to here; events after it are covered by their stream chains only. */
  sealedThrough: number;
  firstBreak: IntegrityBreak | null;
}

/** A store that keeps the tamper-evident record and recomputes it on request. */
export interface TamperEvidentStore {
  verifyIntegrity(): Promise<IntegrityReport>;
}

export const isTamperEvident = (store: unknown): store is TamperEvidentStore =>
  typeof (store as Partial<TamperEvidentStore> | null)?.verifyIntegrity === 'function';

export interface VerifyOptions {
  /** Every position from 1 up is expected (SQLite); PostgreSQL leaves holes where appends aborted. */
  densePositions: boolean;
  checkpointEvery?: number;
}

/**
 * Recomputes every link and every stored checkpoint from the events as stored, in position order,
 * and answers the first broken link. Memory: one link per stream.
 */
export async function verifyChain(
  rows: AsyncIterable<StoredChainRow> | Iterable<StoredChainRow>,
  checkpoints: ReadonlyMap<number, Buffer>,
  options: VerifyOptions,
): Promise<IntegrityReport> {
  const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
  const sealedThrough = Math.max(0, ...checkpoints.keys());
  const streams = new Map<string, { revision: number; link: Buffer; position: number }>();
  let eventsChecked = 0;
  let checkpointsChecked = 0;
  let hasher = new CheckpointHasher(GENESIS, every);
  let lastPosition = 0;
  /** The first checkpoint that did not match; the scan goes on, since a stream's own chain names the event more precisely. */
  let brokenCheckpoint: IntegrityBreak | null = null;

  const answer = (streamBreak: IntegrityBreak | null, since = 0): IntegrityReport => {
    // A stream break whose damage lies at or before the broken checkpoint's range explains it.
    const firstBreak = brokenCheckpoint && (!streamBreak || since > brokenCheckpoint.position) ? brokenCheckpoint : streamBreak;
    return { ok: firstBreak === null, eventsChecked, checkpointsChecked, sealedThrough, firstBreak };
  };

  /** Closes every sealed checkpoint whose boundary lies below `position`. */
  const closeCheckpointsBelow = (position: number): void => {
    while (hasher.boundary < position && hasher.boundary <= sealedThrough) {
      const computed = hasher.digest();
      const stored = checkpoints.get(hasher.boundary);
      if (stored?.equals(computed)) checkpointsChecked++;
      else {
        brokenCheckpoint ??= {
          kind: 'checkpoint_mismatch',
          streamId: null,
          revision: null,
          position: hasher.boundary,
          detail: stored
            ? `the events at positions ${hasher.boundary - every + 1}-${hasher.boundary} no longer hash to the checkpoint stored at ${hasher.boundary}: one was altered, deleted or inserted`
            : `no checkpoint stored at ${hasher.boundary}, below the last one at ${sealedThrough}: it was deleted`,
        };
      }
      // Chained on as stored, so one damaged range does not flag every later one.
      hasher = new CheckpointHasher(stored ?? computed, hasher.boundary + every);
    }
  };

  for await (const row of rows) {
    if (options.densePositions && row.position !== lastPosition + 1) {
      return answer(
        {
          kind: 'missing_position',
          streamId: null,
          revision: null,
          position: lastPosition + 1,
          detail: `positions ${lastPosition + 1}-${row.position - 1} are missing (the next stored is ${row.position} in ${row.streamId})`,
        },
        lastPosition + 1,
      );
    }
    lastPosition = row.position;
    closeCheckpointsBelow(row.position);
    const previous = streams.get(row.streamId) ?? { revision: -1, link: GENESIS, position: 0 };
    if (row.revision !== previous.revision + 1) {
      return answer(
        {
          kind: 'missing_revision',
          streamId: row.streamId,
          revision: previous.revision + 1,
          position: row.position,
          detail: `stream ${row.streamId} goes from revision ${previous.revision} (position ${previous.position}) to ${row.revision} (position ${row.position}): revision ${previous.revision + 1} is missing`,
        },
        previous.position + 1,
      );
    }
    if (row.hash === null) {
      return answer(
        { kind: 'unhashed_event', streamId: row.streamId, revision: row.revision, position: row.position, detail: 'stored without a hash: run the upgrade' },
        row.position,
      );
    }
    const link = chainLink(previous.link, row.revision, contentDigest(row));
    if (!link.equals(row.hash)) {
      return answer(
        {
          kind: 'altered_event',
          streamId: row.streamId,
          revision: row.revision,
          position: row.position,
          detail: `the event at revision ${row.revision} of ${row.streamId} (position ${row.position}) does not hash to its stored link: it, or its link, was altered`,
        },
        row.position,
      );
    }
    streams.set(row.streamId, { revision: row.revision, link, position: row.position });
    hasher.add(row.position, link);
    eventsChecked++;
  }
  closeCheckpointsBelow(Number.POSITIVE_INFINITY);
  return answer(null);
}
