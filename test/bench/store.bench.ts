/**
 * Event-store rows of the bench table: appends on SQLite and PostgreSQL against baselines measured
 * in the same run, and the giving-day contention (50 matches on one donation) on both stores.
 *
 * - SQLite single-event and 100-event appends vs raw better-sqlite3 inserts into the same table
 *   shape (1 row per transaction; 100 rows per transaction), same pragmas (WAL, synchronous=NORMAL).
 * - PostgreSQL appends, 1 and 16 writers, each writer appending one event at a time to its own
 *   stream with the expected revision, vs Emmett's PostgreSQL store (appendToStream with
 *   expectedStreamVersion) on the same server, in a database of its own. Both with their default
 *   pool (10 connections).
 * - Emmett's SQLite store is not installed: it wants @event-driven-io/emmett 0.42.4, which the
 *   registry does not serve (installing it needs --legacy-peer-deps for every `npm ci`) and the
 *   native `sqlite3` binding besides better-sqlite3. The row says so.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { domainEventRegistry, donationDecider } from '#domain';
import { AggregateStore, chainLink, type CommandEnvelope, contentDigest, type EventStore, type EventToAppend, openPostgresEventStore, openSqliteEventStore } from '#event-store';
import { type BenchReport, figure, interleave, median, percentile, throughput } from './report.js';

const SECTION = 'event store';
const POSTGRES_URL = process.env.POSTGRES_BENCH_URL ?? process.env.POSTGRES_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EMMETT_DATABASE = 'wushe_bench_emmett';

export interface StoreBenchOptions {
  /** Milliseconds per measured round. */
  roundMs?: number;
  rounds?: number;
  /** Giving days per store for the contention p99. */
  givingDays?: number;
  log?: (line: string) => void;
}

/** A NeedListed-sized payload (~400 bytes of JSON), the same for every store. */
const payload = (index: number) => ({
  needId: `need-${index}`,
  communityId: 'c-bench',
  category: 'elderly_care',
  title: '独居老人助餐服务，每周三次送餐上门',
  description: '社区网格员入户走访发现，老人行动不便，需要志愿者协助送餐并陪同聊天。',
  urgency: 'medium',
  beneficiaries: 1,
  amountFen: 10_000,
  area: { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' },
});
const metadata = { correlationId: randomUUID(), causationId: null, actor: { id: 'bench', role: 'community_committee' }, occurredAt: '2026-03-01T08:00:00.000Z' };
const toAppend = (index: number): EventToAppend => ({ eventId: randomUUID(), type: 'NeedListed', schemaVersion: 1, data: payload(index), metadata });

export async function runStoreBench(report: BenchReport, options: StoreBenchOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const roundMs = options.roundMs ?? 1200;
  const rounds = options.rounds ?? 3;
  await sqliteRows(report, roundMs, rounds, log);
  await durabilityRows(report, roundMs, rounds, log);
  const postgres = await postgresReachable();
  if (postgres) await postgresRows(report, Math.round(roundMs * 0.6), rounds + 2, log);
  else {
    for (const writers of [1, 16]) {
      report.skipped(SECTION, `PostgreSQL appends, ${writers} writer${writers > 1 ? 's' : ''}`, '>= 1.50x', `no PostgreSQL at ${POSTGRES_URL}`);
    }
  }
  report.skipped(
    SECTION,
    'SQLite appends vs Emmett-sqlite',
    '>= 2.00x',
    'not installed: @event-driven-io/emmett-sqlite 0.42.4 wants emmett 0.42.4 (not served; --legacy-peer-deps for every npm ci) and the native sqlite3 binding. Last measured by hand: 19.9k/s vs 1.7k/s (11.8x).',
  );
  await contentionRows(report, options.givingDays ?? 10, postgres, log);
}

// ---------------------------------------------------------------------------------------------- SQLite

async function sqliteRows(report: BenchReport, roundMs: number, rounds: number, log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-bench-store-'));
  const store = await openSqliteEventStore(join(dir, 'events.sqlite'));
  const raw = new Database(join(dir, 'raw.sqlite'));
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(`CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL, schema_version INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream_id, revision))`);
    const insert = raw.prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, 1, ?, ?)');
    const insertMany = raw.transaction((rows: Array<[string, number, EventToAppend]>) => {
      for (const [streamId, revision, event] of rows) insert.run(streamId, revision, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
    });
    let rawStream = 0;
    let productStream = 0;

    // One event per append, each to a new stream ('no_stream'), as ListNeed does.
    const single = await interleave(
      rounds,
      () => throughput(1, roundMs, (_, index) => store.append(`need-s${++productStream}`, [toAppend(index)], 'no_stream')),
      () =>
        throughput(1, roundMs, async (_, index) => {
          const event = toAppend(index);
          insert.run(`need-r${++rawStream}`, 0, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata));
        }),
    );
    report.ratio(SECTION, 'single-event append, SQLite', figure(single.product, 'appends/s'), figure(single.baseline, 'rows/s', 'raw better-sqlite3, 1 row/txn'), 0.6);
    log(`  sqlite single: ${single.product.map(Math.round).join(', ')} vs raw ${single.baseline.map(Math.round).join(', ')}`);
    hashChainRow(report, median(single.product));

    const hundred = await interleave(
      rounds,
      () => throughput(1, roundMs, (_, index) => store.append(`need-h${++productStream}`, Array.from({ length: 100 }, (__, i) => toAppend(index * 100 + i)), 'no_stream'), 100),
      () =>
        throughput(
          1,
          roundMs,
          async (_, index) => {
            const streamId = `need-rh${++rawStream}`;
            insertMany(Array.from({ length: 100 }, (__, i) => [streamId, i, toAppend(index * 100 + i)] as [string, number, EventToAppend]));
          },
          100,
        ),
    );
    report.ratio(SECTION, '100-event append, SQLite', figure(hundred.product, 'events/s'), figure(hundred.baseline, 'rows/s', 'raw, 100 rows/txn'), 0.5);
    log(`  sqlite 100: ${hundred.product.map(Math.round).join(', ')} vs raw ${hundred.baseline.map(Math.round).join(', ')}`);
  } finally {
    raw.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the tamper-evident record adds to every append: the content digest and the link of one
 * NeedListed-sized event (two SHA-256), against the time of one single-event append of this run.
 */
function hashChainRow(report: BenchReport, appendsPerSecond: number): void {
  const event = toAppend(0);
  const [dataText, metadataText] = [JSON.stringify(event.data), JSON.stringify(event.metadata)];
  let link: Buffer = Buffer.alloc(32);
  const count = 20_000;
  const started = performance.now();
  for (let revision = 0; revision < count; revision++) {
    link = chainLink(link, revision, contentDigest({ streamId: `need-${revision}`, type: event.type, schemaVersion: 1, dataText, metadataText }));
  }
  const hashMicros = ((performance.now() - started) * 1000) / count;
  const appendMicros = 1e6 / appendsPerSecond;
  const share = hashMicros / appendMicros;
  report.check(
    SECTION,
    'hash chain per event, share of a SQLite append',
    { value: Math.round(hashMicros * 10) / 10, unit: 'us/event' },
    '<= 15% of an append',
    share <= 0.15,
    `${Math.round(share * 100)}% of a single-event append here (${Math.round(appendMicros)} us); on PostgreSQL the link is one sha256() inside the append call`,
  );
}

// ------------------------------------------------------------- SQLite durability modes and group commit

/** Concurrent appenders in the durability rows: commands of many requests in flight at once. */
const APPENDERS = 64;

/**
 * synchronous=NORMAL (the default) vs FULL (the WAL synced at every commit), each with and without
 * group commit, 64 concurrent appenders each listing new needs. Every mode on a file of its own, the
 * four measured in turn within each round; ratios against the default of the same round.
 */
async function durabilityRows(report: BenchReport, roundMs: number, rounds: number, log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wushe-bench-durability-'));
  const modes = [
    { name: 'NORMAL, group commit (default)', options: { synchronous: 'normal', groupCommit: true } },
    { name: 'FULL, group commit', options: { synchronous: 'full', groupCommit: true } },
    { name: 'FULL, one commit per append', options: { synchronous: 'full', groupCommit: false } },
    { name: 'NORMAL, one commit per append', options: { synchronous: 'normal', groupCommit: false } },
  ] as const;
  const stores = await Promise.all(modes.map((mode, index) => openSqliteEventStore(join(dir, `events-${index}.sqlite`), mode.options)));
  try {
    const measured: number[][] = modes.map(() => []);
    let stream = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [index, store] of stores.entries()) {
        measured[index]!.push(await throughput(APPENDERS, roundMs, (_, i) => store.append(`need-d${++stream}`, [toAppend(i)], 'no_stream')));
      }
    }
    const baseline = figure(measured[0]!, 'appends/s', `SQLite ${modes[0].name}, ${APPENDERS} appenders`);
    log(`  sqlite durability (${APPENDERS} appenders): ${modes.map((mode, index) => `${mode.name} ${measured[index]!.map(Math.round).join('/')}`).join('; ')}`);
    report.ratio(SECTION, `SQLite FULL + group commit, ${APPENDERS} appenders`, figure(measured[1]!, 'appends/s'), baseline, 0.5,
      'durable mode (every commit synced) against the default: loses less than half the throughput');
    for (const index of [2, 3]) {
      const product = figure(measured[index]!, 'appends/s');
      const ratios = measured[index]!.map((value, round) => value / measured[0]![round]!);
      report.add({
        section: SECTION,
        metric: `SQLite ${modes[index]!.name}, ${APPENDERS} appenders`,
        product,
        baseline,
        ratio: median(ratios),
        target: 'reference: without group commit',
        met: null,
      });
    }
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------ PostgreSQL

async function postgresReachable(): Promise<boolean> {
  if (process.env.SKIP_POSTGRES === '1') return false;
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Emmett's store in a database of its own (it creates its tables in `public`); null when not installed. */
async function openEmmett(): Promise<{ append(streamId: string, index: number, expected: bigint | null): Promise<bigint>; close(): Promise<void> } | null> {
  let emmett: typeof import('@event-driven-io/emmett-postgresql');
  try {
    emmett = await import('@event-driven-io/emmett-postgresql');
  } catch {
    return null;
  }
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${EMMETT_DATABASE}`);
    await admin.query(`CREATE DATABASE ${EMMETT_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${EMMETT_DATABASE}`;
  const store = emmett.getPostgreSQLEventStore(url.toString());
  return {
    append: async (streamId, index, expected) => {
      const result = await store.appendToStream(streamId, [{ type: 'NeedListed', data: payload(index), metadata: { correlationId: metadata.correlationId } }], {
        expectedStreamVersion: expected ?? 'STREAM_DOES_NOT_EXIST',
      });
      return result.nextExpectedStreamVersion;
    },
    close: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${EMMETT_DATABASE}`).catch(() => undefined);
      await cleanup.end();
    },
  };
}

async function postgresRows(report: BenchReport, roundMs: number, rounds: number, log: (line: string) => void): Promise<void> {
  const schema = `bench_${Date.now().toString(36)}`;
  const store = await openPostgresEventStore(POSTGRES_URL, schema);
  const emmett = await openEmmett();
  try {
    for (const writers of [1, 16]) {
      // Each writer appends to its own stream with the expected revision, a new stream every 50 events.
      const ours = { revision: new Map<string, number>(), run: `${writers}w${randomUUID().slice(0, 6)}` };
      const theirs = { version: new Map<string, bigint>(), run: `${writers}w${randomUUID().slice(0, 6)}` };
      let round = 0;
      const product = () => {
        const run = `${ours.run}-${++round}`;
        return throughput(writers, roundMs, async (writer, index) => {
          const streamId = `need-${run}-${writer}-${Math.floor(index / 50)}`;
          const revision = ours.revision.get(streamId);
          const result = await store.append(streamId, [toAppend(index)], revision ?? 'no_stream');
          ours.revision.set(streamId, result.nextExpectedRevision);
        });
      };
      const baseline = async () => {
        if (!emmett) return Number.NaN;
        const run = `${theirs.run}-${++round}`;
        return throughput(writers, roundMs, async (writer, index) => {
          const streamId = `need-${run}-${writer}-${Math.floor(index / 50)}`;
          theirs.version.set(streamId, await emmett.append(streamId, index, theirs.version.get(streamId) ?? null));
        });
      };
      await product(); // warm-up: pool, prepared statements, caches
      if (emmett) await baseline();
      const measured = await interleave(rounds, product, baseline);
      const metric = `PostgreSQL appends, ${writers} writer${writers > 1 ? 's' : ''}`;
      log(`  postgres ${writers}: ${measured.product.map(Math.round).join(', ')} vs emmett ${measured.baseline.map(Math.round).join(', ')}`);
      if (emmett) report.ratio(SECTION, metric, figure(measured.product, 'appends/s'), figure(measured.baseline, 'appends/s', 'Emmett-postgresql 0.42'), 1.5);
      else report.check(SECTION, metric, figure(measured.product, 'appends/s'), '>= 1.50x Emmett', false, 'Emmett-postgresql is not installed: run npm install');
    }
  } finally {
    await emmett?.close();
    await store.dropSchema();
    await store.close();
  }
}

// ------------------------------------------------------------------------------------------ contention

const area = { city: 'xiamen', district: 'huli', street: 'jiangtou', community: 'taishan' };
const envelope = (): CommandEnvelope => ({ correlationId: randomUUID(), causationId: null, actor: { id: 'giving-day', role: 'community_committee' } });

/** One giving day: 50 concurrent 500-yuan matches on one 10,000-yuan donation; per-command latency and outcomes. */
async function givingDay(aggregates: AggregateStore): Promise<{ latencies: number[]; accepted: number; exceeded: number; other: number }> {
  const donationId = `giving-day-${randomUUID().slice(0, 8)}`;
  await aggregates.handle(
    donationDecider,
    donationId,
    { type: 'PledgeDonation', data: { donationId, donor: { kind: 'enterprise', displayName: '基准企业' }, resource: 'money', amountFen: 1_000_000, description: '', area } },
    envelope(),
  );
  const latencies: number[] = [];
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, async (_, index) => {
      const started = performance.now();
      try {
        return await aggregates.handle(
          donationDecider,
          donationId,
          { type: 'MatchDonation', data: { donationId, matchId: `m-${index}`, amountFen: 50_000, target: { kind: 'need', needId: `need-${index}`, category: 'elderly_care', area } } },
          envelope(),
        );
      } finally {
        latencies.push(performance.now() - started);
      }
    }),
  );
  const codes = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'accepted' : String((outcome.reason as { code?: unknown }).code)));
  const exceeded = codes.filter((code) => code === 'DONATION_BALANCE_EXCEEDED').length;
  const accepted = codes.filter((code) => code === 'accepted').length;
  return { latencies, accepted, exceeded, other: codes.length - accepted - exceeded };
}

async function contentionRows(report: BenchReport, days: number, postgres: boolean, log: (line: string) => void): Promise<void> {
  const measure = async (name: string, store: EventStore) => {
    const aggregates = new AggregateStore(store, domainEventRegistry);
    const latencies: number[] = [];
    let decidedRight = 0;
    for (let day = 0; day < days; day++) {
      const outcome = await givingDay(aggregates);
      latencies.push(...outcome.latencies);
      if (outcome.accepted === 20 && outcome.exceeded === 30 && outcome.other === 0) decidedRight++;
      else log(`  ${name} giving day ${day}: ${outcome.accepted} accepted, ${outcome.exceeded} exceeded, ${outcome.other} other`);
    }
    const p99 = percentile(latencies, 99);
    report.check(
      SECTION,
      `50 matches on one donation, p99 (${name})`,
      { value: Math.round(p99 * 10) / 10, unit: 'ms', rounds: [percentile(latencies, 50), p99].map((value) => Math.round(value * 10) / 10) },
      '20 x 200, 30 x 422, 0 x 409',
      decidedRight === days,
      `${decidedRight}/${days} giving days decided exactly; p50 ${percentile(latencies, 50).toFixed(1)} ms (latency of each of the 50 concurrent commands)`,
    );
  };
  const dir = mkdtempSync(join(tmpdir(), 'wushe-bench-contention-'));
  const sqlite = await openSqliteEventStore(join(dir, 'events.sqlite'));
  try {
    await measure('SQLite', sqlite);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!postgres) {
    report.skipped(SECTION, '50 matches on one donation, p99 (PostgreSQL)', '20 x 200, 30 x 422, 0 x 409', `no PostgreSQL at ${POSTGRES_URL}`);
    return;
  }
  const store = await openPostgresEventStore(POSTGRES_URL, `bench_contention_${Date.now().toString(36)}`);
  try {
    await measure('PostgreSQL', store);
  } finally {
    await store.dropSchema();
    await store.close();
  }
}
