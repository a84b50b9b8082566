import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { addDays, chinaInstant, domainEventRegistry } from '#domain';
import type { RecordedEvent } from '#event-store';
import { postgresSkippedOnPurpose } from '../../../../event-store/src/testing/postgres-availability.js';
import { openReadModelDatabase, type ReadModelDatabase } from '../../database/read-model-database.js';
import { createAsOfProjections } from '../../lists/as-of/as-of.projections.js';
import { ReadModelQueries } from '../../lists/read-model-queries.js';
import { InMemoryEventStore } from '../../testing/in-memory-event-store.js';
import { runScenario } from '../../testing/read-model-scenario.js';
import { replayLists, storeOf } from '../../testing/replay-cut.js';
import { dumpProjectionTables } from '../dump-tables.js';
import { ProjectionRunner } from '../projection-runner.js';
import { registryUpcaster } from '../projection.js';
import { beijingDayOf, endOfBeijingDay, parseAsOf } from './as-of-day.js';

const FIRST_DAY = '2026-03-02';
const POSTGRES = process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The scenario's events spread over days: ten a day, the last ones of a day at 23:30 Beijing time. */
const spreadOverDays = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((event, index) => {
    const day = addDays(FIRST_DAY, Math.floor(index / 10));
    const at = chinaInstant(day, 8 + (index % 10) * 1.5 > 23 ? 23 : Math.floor(8 + (index % 10) * 1.5), (index % 10) * 3);
    return { ...event, metadata: { ...event.metadata, occurredAt: at.toISOString() } };
  });

const everything = async <T>(list: (query: { limit: number; cursor?: string }) => Promise<{ items: T[]; nextCursor: string | null }>) => {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

describe('asOf dates', () => {
  const now = chinaInstant('2026-06-30', 23, 50);

  it('accepts a Beijing date up to today, in Beijing', () => {
    expect(parseAsOf('2026-06-30', now)).toBe('2026-06-30');
    expect(parseAsOf('2020-02-29', now)).toBe('2020-02-29');
  });

  it.each(['2026-02-30', '2026-13-01', '26-06-30', '2026-06-30T00:00:00Z', '', 20260630])('refuses %p as AS_OF_NOT_A_DATE', (value) => {
    expect(() => parseAsOf(value, now)).toThrow(expect.objectContaining({ code: 'AS_OF_NOT_A_DATE' }));
  });

  it('refuses tomorrow in Beijing as AS_OF_IN_FUTURE, even while it is still today in UTC', () => {
    // 2026-06-30T23:50+08:00 is 15:50 UTC: the Beijing date decides.
    expect(() => parseAsOf('2026-07-01', now)).toThrow(expect.objectContaining({ code: 'AS_OF_IN_FUTURE' }));
  });

  it('dates a fact by the Beijing day of its occurredAt', () => {
    expect(beijingDayOf('2026-06-30T15:59:59.999Z')).toBe('2026-06-30');
    expect(beijingDayOf('2026-06-30T16:00:00.000Z')).toBe('2026-07-01');
  });
});

describe.each(['sqlite', 'postgres'] as const)('the temporal projections of the three lists (%s)', (kind) => {
  const skip = kind === 'postgres' && postgresSkippedOnPurpose('temporal projections on PostgreSQL');
  const schema = `asof_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
  let events: RecordedEvent[];
  let database: ReadModelDatabase;
  let runner: ProjectionRunner;
  let queries: ReadModelQueries;
  let days: string[];

  beforeAll(async () => {
    if (skip) return;
    const source = new InMemoryEventStore();
    await runScenario(source);
    events = spreadOverDays(await source.readAll());
    days = [...new Set(events.map((event) => beijingDayOf(event.metadata.occurredAt)))];
    database = await openReadModelDatabase(kind === 'sqlite' ? { kind, path: ':memory:' } : { kind, connectionString: POSTGRES, schema });
    runner = new ProjectionRunner({ store: storeOf(events), database, projections: createAsOfProjections(), upcast: registryUpcaster(domainEventRegistry) });
    await runner.runOnce();
    queries = new ReadModelQueries(database, { clock: () => new Date() });
  }, 60_000);

  afterAll(async () => {
    if (skip) return;
    await database.close();
    if (kind === 'postgres') {
      const client = new pg.Client({ connectionString: POSTGRES });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });

  (skip ? it.skip : it)('answer each day what a replay of the log cut at the end of that day answers, in every area', async () => {
    expect(days.length).toBeGreaterThanOrEqual(10);
    for (const day of [addDays(days[0]!, -1), ...days]) {
      const replay = await replayLists(
        events.filter((event) => beijingDayOf(event.metadata.occurredAt) <= day),
        // Reports owed as of the end of that day, as the as-of list counts them.
        () => endOfBeijingDay(day, new Date()),
      );
      try {
        for (const area of [{ district: 'SM' }, { district: 'HL' }, { street: 'SM-1' }, { community: 'SM-2-A' }, {}]) {
          const asOf = { ...area, asOf: day };
          expect({ day, area, needs: await everything((page) => queries.needs({ ...asOf, ...page })) }).toEqual({
            day,
            area,
            needs: await everything((page) => replay.queries.needs({ ...area, ...page })),
          });
          expect({ day, area, donations: await everything((page) => queries.donations({ ...asOf, ...page })) }).toEqual({
            day,
            area,
            donations: await everything((page) => replay.queries.donations({ ...area, ...page })),
          });
          expect({ day, area, projects: await everything((page) => queries.projects({ ...asOf, ...page })) }).toEqual({
            day,
            area,
            projects: await everything((page) => replay.queries.projects({ ...area, ...page })),
          });
        }
      } finally {
        await replay.close();
      }
    }
  }, 120_000);

  (skip ? it.skip : it)('rebuilt from 0 (into shadow tables, then swapped in) equal the live ones', async () => {
    const projections = createAsOfProjections();
    const live = await dumpProjectionTables(database.db, projections);
    expect(Object.values(live).flat().length).toBeGreaterThan(100);
    await runner.rebuild('all');
    expect(await dumpProjectionTables(database.db, projections)).toEqual(live);
  }, 60_000);

  (skip ? it.skip : it)('keep one version per row and day of change, never two open at once', async () => {
    const versions = (await database.db.selectFrom('needs_history').select(['need_id', 'valid_from', 'valid_to']).execute()) as { need_id: string; valid_from: string; valid_to: string }[];
    const byNeed = new Map<string, { valid_from: string; valid_to: string }[]>();
    for (const version of versions) byNeed.set(version.need_id, [...(byNeed.get(version.need_id) ?? []), version]);
    expect(byNeed.size).toBeGreaterThan(3);
    for (const [, rows] of byNeed) {
      const ordered = rows.sort((a, b) => (a.valid_from < b.valid_from ? -1 : 1));
      expect(ordered.filter((row) => row.valid_to === '9999-12-31').length).toBeLessThanOrEqual(1);
      for (let index = 1; index < ordered.length; index++) expect(ordered[index]!.valid_from).toBe(ordered[index - 1]!.valid_to);
      for (const row of ordered) expect(row.valid_from < row.valid_to).toBe(true);
    }
  });
});
