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
    // Serialised now, before any await: the checkpoint shares objects with the feed, which folds on.
    const body = JSON.stringify(checkpoint);
    await writeFile(next, body);
    await rename(next, path);
  },
});
