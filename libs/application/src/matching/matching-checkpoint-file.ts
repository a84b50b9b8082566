import { createReadStream, mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { MatchingCheckpoint } from '#matching';

/** Where the matching feed keeps its checkpoint between runs. */
export interface MatchingCheckpoints {
  /** The last checkpoint saved, or null (none yet, or unreadable: the feed then replays the log). */
  load(): Promise<MatchingCheckpoint | null>;
  save(checkpoint: MatchingCheckpoint): Promise<void>;
}

/**
 * One JSON file (in DATA_DIR), replaced whole: written beside it, then renamed over it, so a crash
 * leaves the old checkpoint or the new one, never half of one. Each process keeps its own; any
 * checkpoint of the same log is as good as another.
 *
 * The document has a line per fold (JSON allows the line breaks, so it is one JSON value as
 * before) and is read a line at a time: read whole, the text of a 1M-event checkpoint was a 139 MiB
 * string (73 MB of UTF-8, held as UTF-16) beside its parsed folds, and the heap a restart grew to
 * hold both stayed with the process (ready at 760 MiB RSS for ~300 MiB of live heap). A file of
 * one line (written before the line breaks) is read whole, as it was.
 */
export const fileMatchingCheckpoints = (path: string): MatchingCheckpoints => ({
  async load() {
    try {
      return await readByLines(path);
    } catch {
      return null;
    }
  },
  async save(checkpoint) {
    mkdirSync(dirname(path), { recursive: true });
    const next = `${path}.next`;
    // checkpointOf's snapshot shares nothing the feed changes: written piece by piece, with turns between.
    await writeFile(next, jsonInSlices(checkpoint));
    await rename(next, path);
  },
});

/** Folds serialised per turn of the event loop: ~10 ms of work on this machine. */
const FOLDS_PER_SLICE = 2_000;

/**
 * The checkpoint's JSON (what JSON.stringify gives, but for whitespace and key order), a slice of
 * folds at a time with a turn of the event loop between slices: neither one long synchronous run
 * nor one string (and buffer) the size of the whole file.
 */
async function* jsonInSlices(checkpoint: MatchingCheckpoint): AsyncGenerator<string> {
  // Lines: `{` / `,"key":value` / `,"key":[` then `item` / `,item` one a line, then `]` / `}`.
  yield '{';
  let separator = '\n';
  for (const [key, value] of Object.entries(checkpoint)) {
    if (!Array.isArray(value)) {
      yield `${separator}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    } else {
      yield `${separator}${JSON.stringify(key)}:[`;
      for (let from = 0; from < value.length; from += FOLDS_PER_SLICE) {
        yield value.slice(from, from + FOLDS_PER_SLICE).map((item, index) => `${from + index === 0 ? '\n' : '\n,'}${JSON.stringify(item)}`).join('');
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield '\n]';
    }
    separator = '\n,';
  }
  yield '\n}\n';
}

/**
 * The checkpoint at `path`, parsed a line at a time (the layout jsonInSlices writes); a file of one
 * line, as written before, parsed whole. Anything else is not a checkpoint (throws).
 */
async function readByLines(path: string): Promise<MatchingCheckpoint> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const checkpoint: Record<string, unknown> = {};
  let list: unknown[] | null = null;
  let first = true;
  let closed = false;
  for await (const line of lines) {
    if (first) {
      first = false;
      if (line !== '{') return JSON.parse(line) as MatchingCheckpoint; // one line: the whole document
      continue;
    }
    if (closed) throw new Error('text after the end of the checkpoint');
    if (line === '}') {
      closed = true;
    } else if (list !== null) {
      if (line === ']') list = null;
      else list.push(JSON.parse(line.startsWith(',') ? line.slice(1) : line));
    } else {
      // `"key":value` or `"key":[`, after a comma from the second entry on.
      const entry = line.startsWith(',') ? line.slice(1) : line;
      const colon = entry.indexOf('":') + 1;
      const key = JSON.parse(entry.slice(0, colon)) as string;
      const value = entry.slice(colon + 1);
      if (value === '[') checkpoint[key] = list = [];
      else checkpoint[key] = JSON.parse(value);
    }
  }
  if (!closed) throw new Error('the checkpoint ends before its end');
  return checkpoint as unknown as MatchingCheckpoint;
}
