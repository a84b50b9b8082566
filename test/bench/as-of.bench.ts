/**
 * A district's lists as of a past date on a large log: `?asOf=` reads the lists' temporal
 * projections (row versions by Beijing day, indexed by area and the list's order). The target is
 * the issue's: under 1 s for a district's list as of a past date on 1M events. Beside it, the same
 * page of today's list (the live table) measured in the same rounds.
 *
 * The events are rebuild.bench's: copies of the read-model scenario with every identifier renamed
 * (all copies in the scenario's two districts), stored in a SQLite event store. Their recording
 * times are spread evenly over three years ending yesterday (a view over the store re-dates them by
 * position), so the history has ~1,100 days of versions.
 *
 * Only the needs list and its temporal projection run (the measured list; the donations and projects
 * histories have the same shape and indexes). WUSHE_BENCH_AS_OF_DIR=<dir> keeps the generated event
 * store there and reuses it on the next run (generating 1M events takes minutes on a shared machine);
 * WUSHE_BENCH_AS_OF_EVENTS=<n> measures another size.
 *
 * `node dist/test/bench/as-of.bench.js [events]` runs it alone.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addDays, chinaDateOf, chinaInstant, domainEventRegistry } from '#domain';
import { openSqliteEventStore, type EventStore, type RecordedEvent } from '#event-store';
import {
  asOfProjectionName,
  createAsOfProjections,
  NEEDS_LIST,
  NeedsListProjection,
  openReadModelDatabase,
  ProjectionRunner,
  ReadModelQueries,
  registryUpcaster,
} from '#read-models';
import { appendScenarioCopies } from '../../libs/read-models/src/testing/scenario-copies.js';
import { BenchReport, figure, type BenchRow } from './report.js';

const DAYS = 3 * 365;
/**
 * Concurrent writers while seeding: the SQLite store's group commit gathers their appends into one
 * transaction (measured here: 100k events in 12.6 s with 32 writers, 19.4 s with one), so 1M events
 * are stored in a few minutes instead of one commit per event.
 */
const SEED_WRITERS = 32;
const BOUND_MS = 1000;

/** The store's events, their `occurredAt` moved so positions 1..head span DAYS Beijing days ending yesterday. */
function redated(store: EventStore, head: number, firstDay: string): EventStore {
  const perDay = Math.max(1, Math.ceil(head / DAYS));
  const start = chinaInstant(firstDay, 8).getTime();
  const dayMs = 24 * 60 * 60 * 1000;
  const redate = (event: RecordedEvent): RecordedEvent => {
    const day = Math.floor((event.position - 1) / perDay);
    const within = (((event.position - 1) % perDay) / perDay) * (dayMs / 2);
    return { ...event, metadata: { ...event.metadata, occurredAt: new Date(start + day * dayMs + within).toISOString() } };
  };
  return {
    ...store,
    append: store.append.bind(store),
    readStream: async (streamId) => (await store.readStream(streamId)).map(redate),
    readAll: async (options) => (await store.readAll(options)).map(redate),
    subscribeToAll: store.subscribeToAll.bind(store),
    headPosition: store.headPosition.bind(store),
    close: store.close.bind(store),
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const timedMs = async (work: () => Promise<unknown>) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

export interface AsOfBenchOptions {
  events?: number;
  rounds?: number;
  log?: (line: string) => void;
}

export async function runAsOfBench(report: BenchReport, options: AsOfBenchOptions = {}): Promise<BenchRow[]> {
  const events = options.events ?? Number(process.env['WUSHE_BENCH_AS_OF_EVENTS'] ?? 1_000_000);
  const rounds = options.rounds ?? 7;
  const log = options.log ?? console.log;
  const kept = process.env['WUSHE_BENCH_AS_OF_DIR'];
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'wushe-as-of-bench-'));
  if (kept) mkdirSync(kept, { recursive: true });
  const reuse = kept !== undefined && existsSync(join(dir, 'events.db'));
  const stored = await openSqliteEventStore(join(dir, 'events.db'));
  try {
    let start = Date.now();
    let head = await stored.headPosition();
    if (!reuse || head < events) {
      head = await appendScenarioCopies(stored, events, { writers: SEED_WRITERS });
      log(`  generated ${head} events in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    } else {
      log(`  reusing the ${head} events stored in ${dir}`);
    }
    const today = chinaDateOf(new Date());
    const firstDay = addDays(today, -DAYS);
    const store = redated(stored, head, firstDay);
    for (const file of ['read-models.db', 'read-models.db-wal', 'read-models.db-shm']) rmSync(join(dir, file), { force: true });
    const database = await openReadModelDatabase({ kind: 'sqlite', path: join(dir, 'read-models.db') });
    start = Date.now();
    // The needs list itself too: today's page is the baseline.
    const projections = [new NeedsListProjection(), ...createAsOfProjections().filter((projection) => projection.name === asOfProjectionName(NEEDS_LIST))];
    await new ProjectionRunner({ store, database, projections, upcast: registryUpcaster(domainEventRegistry) }).runOnce();
    log(`  projected the needs list and its temporal projection in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    const queries = new ReadModelQueries(database);
    const { count } = (await database.db.selectFrom('needs_history').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()) as { count: number };
    const { needs } = (await database.db.selectFrom('needs').select((eb) => eb.fn.countAll<number>().as('needs')).where('district', '=', 'SM').executeTakeFirstOrThrow()) as { needs: number };
    log(`  ${Number(count)} need versions kept; district SM lists ${Number(needs)} needs today`);

    // Past dates across the history; each round reads a whole first page (100) and a filtered one.
    const dates = [0.25, 0.5, 0.75, 0.95].map((share) => addDays(firstDay, Math.floor(DAYS * share)));
    const asOf: number[] = [];
    const live: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const date = dates[round % dates.length]!;
      let items = 0;
      live.push(await timedMs(async () => (items = (await queries.needs({ district: 'SM', limit: 100 })).items.length)));
      asOf.push(
        await timedMs(async () => {
          const page = await queries.needs({ district: 'SM', asOf: date, limit: 100 });
          const open = await queries.needs({ district: 'SM', asOf: date, status: 'matched', limit: 100 });
          items = page.items.length + open.items.length;
        }),
      );
      log(`  round ${round + 1} (${date}): as of ${asOf.at(-1)!.toFixed(1)} ms, today ${live.at(-1)!.toFixed(1)} ms, ${items} items`);
    }
    await database.close();
    const worst = Math.max(...asOf);
    return [
      report.check(
        'as-of',
        `needs list of a district as of a past date, ${Math.round(head / 1000)}k events (SQLite; a page of 100 and a filtered page)`,
        figure(asOf, 'ms', 'as of a past date'),
        `< ${BOUND_MS} ms`,
        worst < BOUND_MS,
        `worst round ${worst.toFixed(1)} ms; today's page (live table) median ${median(live).toFixed(1)} ms; ${Number(count)} versions`,
      ),
    ];
  } finally {
    await stored.close();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 1_000_000);
  const report = new BenchReport();
  runAsOfBench(report, { events })
    .then(() => report.print())
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
