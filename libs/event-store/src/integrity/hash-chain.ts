import { createHash } from 'node:crypto';

/**
 * The tamper-evident record (issue 12, item 5): the canonical encoding every store hashes, in one
 * place, so SQLite, PostgreSQL and `verify` agree byte for byte. Described in the README
 * ("Tamper-evident record"); changing anything here is a new version tag, never an edit.
 *
 * Two hashes, both SHA-256:
 * - the event's content digest, over what the caller gave: stream, type, schema version, and the
 *   data and metadata exactly as stored (JSON text, UTF-8);
 * - the event's link, chained to the previous event of its stream:
 *   link(r) = SHA-256(LINK_TAG ‖ link(r-1) ‖ u64be(r) ‖ content), with 32 zero bytes before revision 0.
 * The global log carries a checkpoint every `CHECKPOINT_EVERY` positions:
 *   checkpoint(b) = SHA-256(CHECKPOINT_TAG ‖ checkpoint(b-N) ‖ u64be(b) ‖ (u64be(p) ‖ link(p)) for
 *   every event with b-N < p <= b, by position), 32 zero bytes before the first.
 */

export const HASH_BYTES = 32;
export const GENESIS = Buffer.alloc(HASH_BYTES);
/** Positions per checkpoint. */
export const CHECKPOINT_EVERY = 1000;

const CONTENT_TAG = 'wushe-event-content-v1';
const LINK_TAG = Buffer.from('wushe-event-link-v1', 'utf8');
const CHECKPOINT_TAG = Buffer.from('wushe-checkpoint-v1', 'utf8');

function u64(value: number): Buffer {
  const bytes = Buffer.allocUnsafe(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

/** The stored fields an event's hashes cover: data and metadata as their stored JSON text. */
export interface HashedFields {
  streamId: string;
  type: string;
  schemaVersion: number;
  dataText: string;
  metadataText: string;
}

/** SHA-256 over each field as u32be(UTF-8 byte length) ‖ UTF-8 bytes, so no two field lists encode alike. */
export function contentDigest(event: HashedFields): Buffer {
  const fields = [CONTENT_TAG, event.streamId, event.type, String(event.schemaVersion), event.dataText, event.metadataText];
  const buffer = Buffer.allocUnsafe(fields.reduce((total, value) => total + 4 + Buffer.byteLength(value, 'utf8'), 0));
  let offset = 0;
  for (const value of fields) {
    const length = buffer.write(value, offset + 4, 'utf8');
    buffer.writeUInt32BE(length, offset);
    offset += 4 + length;
  }
  return createHash('sha256').update(buffer).digest();
}

/** The link of revision `revision` given the previous event's link (GENESIS before revision 0). */
export function chainLink(previous: Buffer, revision: number, content: Buffer): Buffer {
  const buffer = Buffer.allocUnsafe(LINK_TAG.length + HASH_BYTES + 8 + HASH_BYTES);
  LINK_TAG.copy(buffer, 0);
  previous.copy(buffer, LINK_TAG.length);
  buffer.writeBigUInt64BE(BigInt(revision), LINK_TAG.length + HASH_BYTES);
  content.copy(buffer, LINK_TAG.length + HASH_BYTES + 8);
  return createHash('sha256').update(buffer).digest();
}

/** Folds the links of one checkpoint's range, in position order. */
export class CheckpointHasher {
  private hash = createHash('sha256');

  constructor(previous: Buffer, readonly boundary: number) {
    this.hash.update(CHECKPOINT_TAG).update(previous).update(u64(boundary));
  }

  add(position: number, link: Buffer): void {
    this.hash.update(u64(position)).update(link);
  }

  digest(): Buffer {
    return this.hash.digest();
  }
}

/** The first checkpoint boundary strictly above `position`. */
export const nextBoundary = (position: number, every = CHECKPOINT_EVERY): number => (Math.floor(position / every) + 1) * every;
