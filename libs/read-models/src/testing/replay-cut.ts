import { domainEventRegistry } from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import { openReadModelDatabase, type ReadModelDatabase } from '../database/read-model-database.js';
import { ProjectionRunner } from '../framework/projection-runner.js';
import { registryUpcaster, type AnyProjection } from '../framework/projection.js';
import { createReadModelProjections } from '../lists/read-model-projections.js';
import { ReadModelQueries } from '../lists/read-model-queries.js';

/** A read-only store holding only `events` (already in log order): the log cut where a test wants it. */
export function storeOf(events: readonly RecordedEvent[]): EventStore {
  return {
    append: () => Promise.reject(new Error('a cut of the log is read-only')),
    readStream: async (streamId) => events.filter((event) => event.streamId === streamId),
    readAll: async ({ after = 0, limit = Number.POSITIVE_INFINITY } = {}) => events.filter((event) => event.position > after).slice(0, limit),
    subscribeToAll: () => {
      throw new Error('a cut of the log is replayed with runOnce, not followed');
    },
    headPosition: async () => events.at(-1)?.position ?? 0,
    close: async () => undefined,
  };
}

export interface Replayed {
  database: ReadModelDatabase;
  queries: ReadModelQueries;
  close(): Promise<void>;
}

/**
 * Replays `events` through the list projections into a fresh in-memory store: what the lists
 * said when the log held exactly these events. `clock` is the queries' "now" (reports owed).
 */
export async function replayLists(events: readonly RecordedEvent[], clock: () => Date, projections: AnyProjection[] = createReadModelProjections()): Promise<Replayed> {
  const database = await openReadModelDatabase({ kind: 'sqlite', path: ':memory:' });
  await new ProjectionRunner({ store: storeOf(events), database, projections, upcast: registryUpcaster(domainEventRegistry) }).runOnce();
  return { database, queries: new ReadModelQueries(database, { clock }), close: () => database.close() };
}
