import { mkdirSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
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
 */
export const fileMatchingCheckpoints = (path: string): MatchingCheckpoints => ({
  async load() {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as MatchingCheckpoint;
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
  let separator = '{';
  for (const [key, value] of Object.entries(checkpoint)) {
    if (!Array.isArray(value)) {
      yield `${separator}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    } else {
      yield `${separator}${JSON.stringify(key)}:[`;
      for (let from = 0; from < value.length; from += FOLDS_PER_SLICE) {
        yield (from === 0 ? '' : ',') + value.slice(from, from + FOLDS_PER_SLICE).map((item) => JSON.stringify(item)).join(',');
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      yield ']';
    }
    separator = ',';
  }
  yield '}';
}
