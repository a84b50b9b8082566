/**
 * Rebuild of the three lists (needs, resources, projects) over ~100k stored events, against raw
 * iterate: reading the same events page by page (readAll, 500 a page as the runner reads) with no
 * projection. Both as events/s in the same run, interleaved, medians; the ratio is the figure.
 *
 * The events are realistic: the read-model scenario (communities, organisations, social workers,
 * volunteers, needs, donations and matches, projects from design to evaluation) runs through the
 * real deciders once; its ~150 events are then stored again and again, every identifier renamed per
 * copy (a new community, its needs, its projects...), in their original order, so every handler
 * meets what production appends. Events live in a SQLite event store (the embedded default); the
 * read models are on SQLite and, when PostgreSQL answers, on PostgreSQL.
 *
 * `node dist/test/bench/rebuild.bench.js [events]` runs it alone.
 */
import { BenchReport, type BenchRow, figure } from './report.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { domainEventRegistry } from '#domain';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '#event-store';
import { createReadModelProjections, openReadModelDatabase, ProjectionRunner, registryUpcaster, type ReadModelDatabase } from '#read-models';
import { runScenario } from '../../libs/read-models/src/testing/read-model-scenario.js';
import { InMemoryEventStore } from '../../libs/read-models/src/testing/in-memory-event-store.js';


const TARGET = 0.25;
const PAGE = 500;
const POSTGRES_URL = process.env['WUSHE_BENCH_POSTGRES_URL'] ?? process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Keys whose string values (or array items) are identifiers a copy must rename. */
const ID_KEY = /(^id$|Id$)/;
const IDS_KEY = /Ids$/;

function collectIds(value: unknown, ids: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (ID_KEY.test(key) || key === 'community') ids.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (IDS_KEY.test(key) && typeof item === 'string') ids.add(item);
      else collectIds(item, ids);
    }
    return;
  }
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collectIds(v, ids, k);
}

function renameIds(value: unknown, ids: ReadonlySet<string>, suffix: string): unknown {
  if (typeof value === 'string') return ids.has(value) ? `${value}~${suffix}` : value;
  if (Array.isArray(value)) return value.map((item) => renameIds(item, ids, suffix));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [ids.has(k) ? `${k}~${suffix}` : k, renameIds(v, ids, suffix)]));
  }
  return value;
}

/** Stores copies of the scenario's events until `events` are stored; answers the head position. */
export async function generateEvents(store: EventStore, events: number): Promise<number> {
  const source = new InMemoryEventStore();
  await runScenario(source);
  const scenario: RecordedEvent[] = await source.readAll();
  const ids = new Set<string>();
  for (const event of scenario) collectIds(event.data, ids);
  for (let copy = 0, stored = 0; stored < events; copy++) {
    const suffix = copy.toString(36);
    for (const event of scenario) {
      if (stored >= events) break;
      await store.append(
        `${event.streamId}~${suffix}`,
        [{ eventId: randomUUID(), type: event.type, schemaVersion: event.schemaVersion, data: renameIds(event.data, ids, suffix), metadata: event.metadata }],
        'any',
      );
      stored++;
    }
  }
  return store.headPosition();
}

/** Reads every stored event, page by page, and touches each: what a projection costs at the least. */
async function rawIterate(store: EventStore): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: PAGE });
    for (const event of page) if (event.type.length > 0) count++;
    if (page.length < PAGE) return count;
    after = page.at(-1)!.position;
  }
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
  /** Interleaved rounds (raw iterate, then a rebuild on each store); the median of each is reported. */
  rounds?: number;
  log?: (line: string) => void;
}

export async function runRebuildBench(report: BenchReport, options: RebuildBenchOptions = {}): Promise<BenchRow[]> {
  const events = options.events ?? 100_000;
  const rounds = options.rounds ?? 3;
  const log = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'wushe-rebuild-bench-'));
  const store = await openSqliteEventStore(join(dir, 'events.db'));
  const schema = `bench_rebuild_${process.pid}`;
  const targets: { label: string; database: ReadModelDatabase; runner: ProjectionRunner }[] = [];
  try {
    let start = Date.now();
    const head = await generateEvents(store, events);
    log(`  generated ${head} events (scenario copies through the SQLite store) in ${((Date.now() - start) / 1000).toFixed(1)} s`);

    const open = async (label: string, database: ReadModelDatabase) => {
      const runner = new ProjectionRunner({ store, database, projections: createReadModelProjections(), upcast: registryUpcaster(domainEventRegistry) });
      start = Date.now();
      await runner.runOnce();
      log(`  ${label}: first projection (catch-up from 0) in ${((Date.now() - start) / 1000).toFixed(1)} s`);
      targets.push({ label, database, runner });
    };
    await open('SQLite', await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.db') }));
    if (process.env['WUSHE_BENCH_SKIP_POSTGRES'] === '1') {
      log('  WUSHE_BENCH_SKIP_POSTGRES=1: the PostgreSQL row is left out');
    } else if (await postgresAnswers()) {
      await open('PostgreSQL', await openReadModelDatabase({ kind: 'postgres', connectionString: POSTGRES_URL, schema }));
    } else {
      log(`  PostgreSQL does not answer at ${POSTGRES_URL}: its row is left out`);
    }

    const raw: number[] = [];
    const rebuilt = new Map<string, number[]>(targets.map(({ label }) => [label, []]));
    for (let round = 0; round < rounds; round++) {
      let counted = 0;
      raw.push(head / (await timed(async () => (counted = await rawIterate(store)))));
      if (counted !== head) throw new Error(`raw iterate read ${counted} events, ${head} are stored`);
      for (const { label, runner } of targets) {
        let reached = 0;
        const seconds = await profiled(label, () => timed(async () => (reached = await runner.rebuild('all'))));
        if (reached !== head) throw new Error(`${label} rebuild reached ${reached}, head is ${head}`);
        rebuilt.get(label)!.push(head / seconds);
      }
      log(`  round ${round + 1}: raw ${rate(raw.at(-1)!)}; ${targets.map(({ label }) => `${label} rebuild ${rate(rebuilt.get(label)!.at(-1)!)}`).join('; ')}`);
    }

    return targets.map(({ label }) =>
      report.ratio(
        'projections',
        `rebuild of the three lists, ${Math.round(head / 1000)}k events (${label} read models)`,
        figure(rebuilt.get(label)!, 'events/s', `${label} rebuild`),
        figure(raw, 'events/s', 'raw iterate of the same events'),
        TARGET,
      ),
    );
  } finally {
    for (const { database } of targets) {
      await database.close();
      if (database.kind === 'postgres') await dropSchema(schema).catch(() => undefined);
    }
    await store.close();
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
