/**
 * Rebuild of the three lists (needs, resources, projects) over ~100k stored events, against raw
 * iterate: the same events read with a raw better-sqlite3 / pg query on the store's own table, 500
 * a page as the runner reads, each event's data parsed. Both as events/s in the same run,
 * interleaved, medians; the ratio is the figure. Two setups, each with its own baseline: SQLite
 * events + SQLite read models (the embedded default), and PostgreSQL events + PostgreSQL read models
 * (production), the latter when the server answers.
 *
 * The events are realistic: the read-model scenario (communities, organisations, social workers,
 * volunteers, needs, donations and matches, projects from design to evaluation) runs through the
 * real deciders once; its ~150 events are then stored again and again, every identifier renamed per
 * copy, in their original order (libs/read-models/src/testing/scenario-copies.ts), so every handler
 * meets what production appends.
 *
 * `node dist/test/bench/rebuild.bench.js [events]` runs it alone; WUSHE_BENCH_REBUILD_AS=before
 * replays as before the stage (the "before" column of the issue), WUSHE_BENCH_PROFILE=<dir> writes
 * CPU profiles of the rebuilds.
 */
import { BenchReport, type BenchRow, figure } from './report.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { domainEventRegistry } from '#domain';
import { openPostgresEventStore, openSqliteEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { createReadModelProjections, openReadModelDatabase, ProjectionRunner, registryUpcaster, type AnyProjection, type ReadModelDatabase } from '#read-models';
import { appendScenarioCopies } from '../../libs/read-models/src/testing/scenario-copies.js';

const TARGET = 0.25;
const PAGE = 500;
const POSTGRES_URL = process.env['WUSHE_BENCH_POSTGRES_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The scenario copies (libs/read-models/src/testing/scenario-copies.ts), as startup.bench.ts imports them. */
export const generateEvents = (store: EventStore, events: number): Promise<number> => appendScenarioCopies(store, events);

/**
 * Raw iterate, the baseline: the same events read with a raw query on the store's own table (no
 * product code), 500 a page in position order, each event's data parsed as any consumer must.
 */
interface RawEvents {
  iterate(): Promise<number>;
  close(): Promise<void>;
}

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';

function rawSqliteEvents(path: string): RawEvents {
  const database = new Database(path, { readonly: true });
  const page = database.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
  return {
    async iterate() {
      let after = 0;
      let count = 0;
      for (;;) {
        const rows = page.all(after, PAGE) as { position: number; type: string; data: string }[];
        for (const row of rows) if (row.type.length > 0 && JSON.parse(row.data) !== null) count++;
        if (rows.length < PAGE) return count;
        after = rows.at(-1)!.position;
      }
    },
    async close() {
      database.close();
    },
  };
}

async function rawPostgresEvents(schema: string): Promise<RawEvents> {
  // pg parses the json column itself; int8 positions as numbers, as the store reads them.
  const client = new pg.Client({ connectionString: POSTGRES_URL, types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format ?? 'text'))) as pg.CustomTypesConfig['getTypeParser'] } });
  await client.connect();
  const text = `SELECT ${EVENT_COLUMNS} FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT $2`;
  return {
    async iterate() {
      let after = 0;
      let count = 0;
      for (;;) {
        const { rows } = await client.query<{ position: number; type: string; data: unknown }>({ name: 'bench_raw_page', text, values: [after, PAGE] });
        for (const row of rows) if (row.type.length > 0 && row.data !== null) count++;
        if (rows.length < PAGE) return count;
        after = rows.at(-1)!.position;
      }
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * WUSHE_BENCH_PROFILE=<dir>: a CPU profile of the rebuilds alone (not the generation), one
 * .cpuprofile per store, for Chrome DevTools or speedscope.
 */
async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const dir = process.env['WUSHE_BENCH_PROFILE'];
  if (!dir) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `rebuild-${label}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const timed = async (work: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const rate = (perSecond: number) => (perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k ev/s` : `${Math.round(perSecond)} ev/s`);

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RebuildBenchOptions {
  events?: number;
  /** Interleaved rounds (raw iterate, then a rebuild, on each store); the median of each is reported. */
  rounds?: number;
  log?: (line: string) => void;
}

interface Setup {
  label: string;
  store: EventStore;
  raw: RawEvents;
  database: ReadModelDatabase;
  runner: ProjectionRunner;
  head: number;
  /** events/s of the first projection from 0 through the live path (catch-up pages of 500, one transaction each). */
  live: number;
  raws: number[];
  rebuilds: number[];
}

/**
 * WUSHE_BENCH_REBUILD_AS=before replays as the runner did before rebuilds were staged and batched
 * (500 events a transaction, written row by row into the `__next` tables): the "before" figures;
 * =direct / =stage: 5,000-event transactions without / with the stage on both stores (the default:
 * the stage on PostgreSQL only); =event-by-event: the handlers as before write-behind batches (one
 * event at a time through Kysely, the stage on both stores), the "before" of issue 11 item 3.
 */
const runnerOptions = () =>
  process.env['WUSHE_BENCH_REBUILD_AS'] === 'before'
    ? { rebuildBatchSize: 500, rebuildInto: 'direct' as const }
    : process.env['WUSHE_BENCH_REBUILD_AS'] === 'event-by-event'
      ? { rebuildInto: 'stage' as const }
      : process.env['WUSHE_BENCH_REBUILD_AS'] === 'direct' || process.env['WUSHE_BENCH_REBUILD_AS'] === 'stage'
        ? { rebuildInto: process.env['WUSHE_BENCH_REBUILD_AS'] as 'direct' | 'stage' }
        : {};

/** The list projections, or (=event-by-event) the same applied one event at a time. */
const benchProjections = () =>
  createReadModelProjections().map((projection) =>
    process.env['WUSHE_BENCH_REBUILD_AS'] === 'event-by-event'
      ? Object.assign(Object.create(Object.getPrototypeOf(projection) as object) as AnyProjection, projection, { writeBehind: false })
      : projection,
  );

export async function runRebuildBench(report: BenchReport, options: RebuildBenchOptions = {}): Promise<BenchRow[]> {
  const events = options.events ?? 100_000;
  const rounds = options.rounds ?? 3;
  const log = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'wushe-rebuild-bench-'));
  const schema = `bench_rebuild_${process.pid}`;
  const setups: Setup[] = [];
  const opened: { close(): Promise<void> }[] = [];
  const schemas: string[] = [];
  try {
    const prepare = async (label: string, store: EventStore, raw: RawEvents, database: ReadModelDatabase, writers: number) => {
      opened.push(raw, database, store);
      let start = Date.now();
      const head = await appendScenarioCopies(store, events, { writers });
      log(`  ${label}: generated ${head} events (scenario copies through the product store, ${writers} writer(s)) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      const runner = new ProjectionRunner({ store, database, projections: benchProjections(), upcast: registryUpcaster(domainEventRegistry), ...runnerOptions() });
      const seconds = await timed(() => runner.runOnce());
      log(`  ${label}: first projection (catch-up from 0, live path) in ${seconds.toFixed(1)} s`);
      setups.push({ label, store, raw, database, runner, head, live: head / seconds, raws: [], rebuilds: [] });
    };
    const eventsPath = join(dir, 'events.db');
    await prepare('SQLite', await openSqliteEventStore(eventsPath), rawSqliteEvents(eventsPath), await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.db') }), 1);
    if (process.env['WUSHE_BENCH_SKIP_POSTGRES'] === '1') {
      log('  WUSHE_BENCH_SKIP_POSTGRES=1: the PostgreSQL row is left out');
    } else if (await postgresAnswers()) {
      schemas.push(schema, `${schema}_events`);
      await prepare(
        'PostgreSQL',
        await openPostgresEventStore(POSTGRES_URL, `${schema}_events`, { poolSize: 16 }),
        await rawPostgresEvents(`${schema}_events`),
        await openReadModelDatabase({ kind: 'postgres', connectionString: POSTGRES_URL, schema }),
        16,
      );
    } else {
      log(`  PostgreSQL does not answer at ${POSTGRES_URL}: its row is left out`);
    }

    for (let round = 0; round < rounds; round++) {
      for (const setup of setups) {
        let counted = 0;
        setup.raws.push(setup.head / (await timed(async () => (counted = await setup.raw.iterate()))));
        if (counted !== setup.head) throw new Error(`${setup.label} raw iterate read ${counted} events, ${setup.head} are stored`);
        let reached = 0;
        const seconds = await profiled(setup.label, () => timed(async () => (reached = await setup.runner.rebuild('all'))));
        if (reached !== setup.head) throw new Error(`${setup.label} rebuild reached ${reached}, head is ${setup.head}`);
        setup.rebuilds.push(setup.head / seconds);
      }
      log(`  round ${round + 1}: ${setups.map((s) => `${s.label} raw ${rate(s.raws.at(-1)!)}, rebuild ${rate(s.rebuilds.at(-1)!)}`).join('; ')}`);
    }

    for (const setup of setups) {
      report.add({
        section: 'projections',
        metric: `live catch-up of the three lists, one projector (${setup.label})`,
        product: { value: Math.round(setup.live), unit: 'events/s', label: 'pages of 500, one transaction each' },
        baseline: null,
        ratio: null,
        target: 'figure for infra/README.md',
        met: null,
      });
    }
    return setups.map((setup) =>
      report.ratio(
        'projections',
        `rebuild of the three lists, ${Math.round(setup.head / 1000)}k events (${setup.label} events and read models)`,
        figure(setup.rebuilds, 'events/s', `${setup.label} rebuild`),
        figure(setup.raws, 'events/s', `raw ${setup.label === 'SQLite' ? 'better-sqlite3' : 'pg'} iterate of the same events`),
        TARGET,
        `${(1_000_000 / median(setup.rebuilds)).toFixed(0)} s per million events`,
      ),
    );
  } finally {
    for (const resource of opened.reverse()) await resource.close().catch(() => undefined);
    for (const name of schemas) await dropSchema(name).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 100_000);
  const report = new BenchReport();
  runRebuildBench(report, { events })
    .then(() => report.print())
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
