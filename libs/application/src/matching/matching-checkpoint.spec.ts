import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainEventRegistry } from '#domain';
import type { RecordedEvent } from '#event-store';
import { checkpointOf, checkpointUsable, MATCHING_CHECKPOINT_VERSION, MatchingFeed, restoreFeed, type MatchingCheckpoint } from '#matching';
import { registryUpcaster } from '#read-models';
import { InMemoryEventStore } from '../../../read-models/src/testing/in-memory-event-store.js';
import { runScenario } from '../../../read-models/src/testing/read-model-scenario.js';
import { fileMatchingCheckpoints } from './matching-checkpoint-file.js';

/** The read-model scenario's log: communities, organisations, workers, volunteers, needs, donations, matches, projects. */
const scenarioLog = async (): Promise<RecordedEvent[]> => {
  const store = new InMemoryEventStore();
  await runScenario(store);
  const upcast = registryUpcaster(domainEventRegistry);
  return (await store.readAll()).map((event) => ({ ...event, ...upcast(event) }));
};

const fold = (feed: MatchingFeed, events: readonly RecordedEvent[]) => {
  for (const event of events) feed.apply({ type: event.type, data: event.data, position: event.position, metadata: event.metadata });
  return feed;
};

/** Through JSON, as it is stored. */
const stored = (checkpoint: MatchingCheckpoint): MatchingCheckpoint => JSON.parse(JSON.stringify(checkpoint)) as MatchingCheckpoint;

const restored = (checkpoint: MatchingCheckpoint) => {
  const { feed, steps } = restoreFeed(checkpoint);
  for (const _ of steps) expect(feed.position).toBe(0); // no position is claimed before the engine holds everything
  return feed;
};

/** What a caller can observe: every open need's proposals and every resource's, with scores. */
const observable = (feed: MatchingFeed) => {
  const { needs, volunteers, donations, organisations, socialWorkers, projects } = feed.folds;
  const resourceKeys = [
    ...[...volunteers.keys()].map((id) => `volunteer:${id}`), ...[...donations.keys()].map((id) => `donation:${id}`),
    ...[...organisations.keys()].map((id) => `organisation:${id}`), ...[...socialWorkers.keys()].map((id) => `social-worker:${id}`),
    ...[...projects.keys()].map((id) => `project:${id}`),
  ];
  return {
    position: feed.position,
    needs: [...needs.keys()].sort().map((needId) => [needId, feed.engine.proposalsForNeed(needId, 50)]),
    resources: resourceKeys.sort().map((key) => [key, feed.hasResource(key), feed.hasResource(key) ? feed.engine.proposalsForResource(key as never, 50) : []]),
    declined: feed.engine.declinedPairs(),
  };
};

describe('matching checkpoint', () => {
  it('does no work before its steps run: the folds too are filled a step at a time, so the caller can give the event loop turns (before, they were filled at once: ~1.3 s of /health/live silence on 1M events)', async () => {
    const log = await scenarioLog();
    const checkpoint = stored(checkpointOf(fold(new MatchingFeed(), log)));
    const records = checkpoint.needs.length + checkpoint.volunteers.length + checkpoint.socialWorkers.length + checkpoint.donations.length + checkpoint.organisations.length + checkpoint.projects.length;
    expect(records).toBeGreaterThan(10);
    const { feed, steps } = restoreFeed(checkpoint);
    expect(feed.folds.needs.size + feed.folds.volunteers.size + feed.folds.donations.size).toBe(0);
    let count = 0;
    for (const _ of steps) count += 1;
    // A step per fold filled, then a step per fold handed to the engine.
    expect(count).toBe(2 * records);
    expect(feed.folds.needs.size).toBe(checkpoint.needs.length);
  });

  it('restored at any position and followed to the head, answers exactly as a replay of the whole log', async () => {
    const log = await scenarioLog();
    expect(log.length).toBeGreaterThan(100);
    const replayed = fold(new MatchingFeed(), log);
    expect(replayed.folds.needs.size).toBeGreaterThan(0);
    for (const cut of [1, 10, 37, Math.floor(log.length / 2), log.length - 5, log.length]) {
      const checkpoint = stored(checkpointOf(fold(new MatchingFeed(), log.slice(0, cut))));
      expect(checkpoint.position).toBe(log[cut - 1]!.position);
      const resumed = fold(restored(checkpoint), log.slice(cut));
      expect(observable(resumed)).toEqual(observable(replayed));
      expect(stored(checkpointOf(resumed))).toEqual(stored(checkpointOf(replayed)));
    }
  });

  it('is a snapshot: folding on after it was taken changes nothing in it (it is written bit by bit while the feed goes on)', async () => {
    const log = await scenarioLog();
    for (const cut of [10, Math.floor(log.length / 3), Math.floor(log.length / 2)]) {
      const feed = fold(new MatchingFeed(), log.slice(0, cut));
      const checkpoint = checkpointOf(feed);
      const taken = JSON.stringify(checkpoint);
      fold(feed, log.slice(cut));
      expect(JSON.stringify(checkpoint)).toBe(taken);
    }
  });

  it('is written to its file with turns of the event loop between slices, and read back as it was', async () => {
    const log = await scenarioLog();
    const feed = fold(new MatchingFeed(), log);
    // Enough needs for several slices: the scenario's first listing, again under other ids.
    const listed = log.find((event) => event.type === 'NeedListed')!;
    for (let n = 0; n < 5000; n++) {
      feed.apply({ type: listed.type, position: feed.position + 1, metadata: listed.metadata, data: { ...(listed.data as object), needId: `extra-${n}` } });
    }
    const checkpoint = checkpointOf(feed);
    expect(checkpoint.needs.length).toBeGreaterThan(5000);
    const dir = mkdtempSync(join(tmpdir(), 'wushe-matching-checkpoint-'));
    try {
      const checkpoints = fileMatchingCheckpoints(join(dir, 'matching-checkpoint.json'));
      // What one synchronous run serialises at most: a slice, never the whole checkpoint.
      const stringify = JSON.stringify;
      let longest = 0;
      JSON.stringify = ((...args: Parameters<typeof stringify>) => {
        const text = stringify(...args);
        longest = Math.max(longest, text?.length ?? 0);
        return text;
      }) as typeof stringify;
      try {
        await checkpoints.save(checkpoint);
      } finally {
        JSON.stringify = stringify;
      }
      expect(longest).toBeLessThan(stringify(checkpoint).length / 2);
      expect(await checkpoints.load()).toEqual(stored(checkpoint));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a line per fold, still one JSON document, reads it back a line at a time, and reads a checkpoint written on one line as before', async () => {
    const feed = fold(new MatchingFeed(), await scenarioLog());
    feed.engine.declineFunding('p-1', 'd-1', '捐赠人另有指定');
    const checkpoint = checkpointOf(feed);
    const folds = checkpoint.needs.length + checkpoint.volunteers.length + checkpoint.socialWorkers.length + checkpoint.donations.length + checkpoint.organisations.length + checkpoint.projects.length;
    const dir = mkdtempSync(join(tmpdir(), 'wushe-matching-checkpoint-'));
    try {
      const path = join(dir, 'matching-checkpoint.json');
      await fileMatchingCheckpoints(path).save(checkpoint);
      const text = readFileSync(path, 'utf8');
      expect(text.split('\n').length).toBeGreaterThan(folds + checkpoint.declined.length);
      expect(JSON.parse(text)).toEqual(stored(checkpoint));
      expect(await fileMatchingCheckpoints(path).load()).toEqual(stored(checkpoint));
      writeFileSync(path, JSON.stringify(checkpoint));
      expect(await fileMatchingCheckpoints(path).load()).toEqual(stored(checkpoint));
      writeFileSync(path, text.slice(0, text.length / 2));
      expect(await fileMatchingCheckpoints(path).load()).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the declines of closed needs and of project funding', async () => {
    const feed = new MatchingFeed();
    feed.apply({ type: 'MatchProposalDeclined', data: { needId: 'n-closed', resourceKey: 'volunteer:v-1', reason: 'too far', declinedAt: '2026-11-01T00:00:00Z' }, position: 1, metadata: { occurredAt: '2026-11-01T00:00:00Z' } });
    feed.engine.declineFunding('p-1', 'd-1', 'earmarked elsewhere');
    const back = restored(stored(checkpointOf(feed)));
    expect(back.engine.isDeclined('n-closed', 'volunteer:v-1')).toBe(true);
    expect(back.engine.declinedPairs()).toEqual(feed.engine.declinedPairs());
  });

  it('is not used when it is of another fold version, empty, or past the log head (another store)', () => {
    const checkpoint = { ...checkpointOf(new MatchingFeed()), position: 500 };
    expect(checkpointUsable(checkpoint, 500)).toBe(true);
    expect(checkpointUsable(checkpoint, 499)).toBe(false);
    expect(checkpointUsable({ ...checkpoint, version: MATCHING_CHECKPOINT_VERSION + 1 }, 1000)).toBe(false);
    expect(checkpointUsable({ ...checkpoint, position: 0 }, 1000)).toBe(false);
    expect(checkpointUsable(null, 1000)).toBe(false);
  });
});
