/**
 * Memory of the real API process on a long log: 1M events stored (as-of.bench's generator: copies of
 * the read-model scenario, every kind of fact, many needs left open), the built service started on
 * them (`node dist/apps/api/src/main.js`, a child process), and its resident memory (RSS, from
 * /proc) sampled from outside:
 *
 * - while the first start catches up from position 0 (projections and the matching feed), its peak;
 * - once ready after a restart (the matching feed restored from its checkpoint, projections resumed);
 * - while a stream of commands keeps arriving (POST /needs at a fixed rate, each one a new open need,
 *   the case that grew by ~2 KiB per need): RSS every second, and its slope by least squares, per
 *   open need added and per minute. Flat means the slope stays under what an open need must cost.
 *
 * WUSHE_BENCH_MEMORY_DIR=<dir> keeps the data directory (events, read models, checkpoint) and reuses
 * it on the next run (generating and first catching up on 1M events take many minutes on a shared
 * machine); WUSHE_BENCH_MEMORY_EVENTS=<n> measures another size; WUSHE_BENCH_MEMORY_STREAM_S and
 * WUSHE_BENCH_MEMORY_RATE shape the stream; WUSHE_BENCH_NODE_ARGS passes node flags to the service
 * (e.g. `--heapsnapshot-signal=SIGUSR2` to see what the heap holds).
 *
 * `node dist/test/bench/memory.bench.js [events]` runs it alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSqliteEventStore } from '#event-store';
import { loadConfig } from '#platform';
import { issueToken } from '../../apps/api/src/operator/issue-token.js';
import { appendScenarioCopies } from '../../libs/read-models/src/testing/scenario-copies.js';
import { encodeRequest, openLoop } from './http-load.js';
import { BenchReport, figure, type BenchRow } from './report.js';
import { freePort } from './startup.bench.js';
import { benchCommunity, benchNeedBody } from './bench-need.js';

const SECTION = 'memory';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const SEED_WRITERS = 32;
const BOUND_MIB = 512;
/** What an open need may cost at most for RSS to count as flat (the issue measured ~2 KiB). */
const FLAT_KIB_PER_NEED = 0.5;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const COMMUNITY = benchCommunity('memory-bench-community');
/** The body the service parses. */
const NEED_BODY = benchNeedBody(COMMUNITY.communityId);

/** RSS in MiB from /proc/<pid>/status, or null (no /proc, or the process is gone). */
export const rssMiB = (pid: number | undefined): number | null => {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
};

/** Least-squares slope of y over x. */
export const slope = (points: readonly { x: number; y: number }[]): number => {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
};

interface Service {
  child: ChildProcess;
  port: number;
  /** RSS samples (MiB) taken every `sampleMs` while it runs. */
  samples: { at: number; mib: number }[];
  stop(): Promise<void>;
}

const startService = async (dataDir: string): Promise<Service> => {
  const port = await freePort();
  const nodeArgs = (process.env.WUSHE_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', KAFKA_BROKERS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const kill = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', kill);
  const samples: { at: number; mib: number }[] = [];
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const mib = rssMiB(child.pid);
    if (mib !== null) samples.push({ at: performance.now() - t0, mib });
  }, 500);
  return {
    child,
    port,
    samples,
    stop: () =>
      new Promise<void>((done) => {
        clearInterval(sampler);
        process.off('exit', kill);
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
};

const readyBody = async (port: number): Promise<{ status: number; body: Record<string, unknown> } | null> => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
};

const waitReady = async (service: Service, timeoutMs: number): Promise<{ ms: number; body: Record<string, unknown> }> => {
  const t0 = performance.now();
  for (;;) {
    const answer = await readyBody(service.port);
    if (answer?.status === 200) return { ms: performance.now() - t0, body: answer.body };
    if (service.child.exitCode !== null) throw new Error(`the service exited (${service.child.exitCode}) before it was ready`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`the service was not ready within ${timeoutMs} ms: ${JSON.stringify(answer?.body)}`);
    await sleep(1000);
  }
};

const peak = (samples: readonly { mib: number }[]) => Math.round(Math.max(...samples.map((sample) => sample.mib)));

export interface MemoryBenchOptions {
  events?: number;
  streamSeconds?: number;
  rate?: number;
  log?: (line: string) => void;
}

export async function runMemoryBench(report: BenchReport, options: MemoryBenchOptions = {}): Promise<BenchRow[]> {
  const events = options.events ?? Number(process.env.WUSHE_BENCH_MEMORY_EVENTS ?? 1_000_000);
  const streamSeconds = options.streamSeconds ?? Number(process.env.WUSHE_BENCH_MEMORY_STREAM_S ?? 120);
  const rate = options.rate ?? Number(process.env.WUSHE_BENCH_MEMORY_RATE ?? 100);
  const log = options.log ?? console.log;
  const kept = process.env.WUSHE_BENCH_MEMORY_DIR;
  const dir = kept ?? mkdtempSync(join(tmpdir(), 'wushe-memory-bench-'));
  if (kept) mkdirSync(kept, { recursive: true });
  const rows: BenchRow[] = [];
  const services: Service[] = [];
  try {
    // The log.
    let started = Date.now();
    const store = await openSqliteEventStore(join(dir, 'events.db'));
    let head = await store.headPosition();
    if (head < events) {
      // A kept directory with fewer events grows: copy numbers from `head` on cannot clash with the stored ones.
      head = await appendScenarioCopies(store, events - head, { writers: SEED_WRITERS, firstCopy: head });
      log(`  generated ${head} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      log(`  reusing the ${head} events stored in ${dir}`);
    }
    await store.close();

    // First start: catches up from wherever the read models and the matching checkpoint are (0 on a new directory).
    started = Date.now();
    let service = await startService(dir);
    services.push(service);
    const first = await waitReady(service, 3 * 60 * 60_000);
    const catchUpPeak = peak(service.samples);
    log(`  first start ready in ${(first.ms / 1000).toFixed(1)} s, RSS ${Math.round(rssMiB(service.child.pid) ?? NaN)} MiB (peak ${catchUpPeak} MiB while catching up)`);
    await service.stop();

    // The restart: the state a long-running process holds for this log.
    service = await startService(dir);
    services.push(service);
    const restart = await waitReady(service, 30 * 60_000);
    await sleep(5000); // a settled process, not the one mid-restore
    const readyRss = Math.round(rssMiB(service.child.pid) ?? NaN);
    const restartPeak = peak(service.samples);
    const matching = restart.body.matching as { startedFrom?: number } | undefined;
    log(`  restart ready in ${(restart.ms / 1000).toFixed(1)} s (matching from ${matching?.startedFrom}), RSS ${readyRss} MiB, peak ${restartPeak} MiB`);
    rows.push(
      report.check(SECTION, `RSS of the API process on ${Math.round(head / 1000)}k events, ready after a restart`, figure([readyRss], 'MiB'), `< ${BOUND_MIB} MiB`, readyRss < BOUND_MIB,
        `peak ${restartPeak} MiB during the restart (matching feed from ${matching?.startedFrom ?? '?'}); peak ${catchUpPeak} MiB while the first start caught up`),
    );

    // The stream: new open needs at a fixed rate, RSS every second.
    const cfg = loadConfig({ DATA_DIR: dir });
    const bureau = issueToken(['--role', 'civil_affairs_bureau', '--subject', 'memory-bureau', '--area', 'xiamen'], cfg).token;
    const committee = issueToken(['--role', 'community_committee', '--subject', 'memory-committee', '--area', `xiamen/huli/jiangtou/${COMMUNITY.communityId}`], cfg).token;
    const base = `http://127.0.0.1:${service.port}`;
    const registered = await fetch(`${base}/communities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...COMMUNITY, name: '内存基准社区', kind: 'urban', residents: 8000, households: 3000 }),
    });
    if (registered.status !== 201 && registered.status !== 409) throw new Error(`registering the community answered ${registered.status}: ${await registered.text()}`);
    const bytes = encodeRequest(`127.0.0.1:${service.port}`, { method: 'POST', path: '/needs', headers: { Authorization: `Bearer ${committee}` }, body: NEED_BODY });
    const points: { x: number; t: number; y: number }[] = [];
    let accepted = 0;
    const t0 = performance.now();
    const pid = service.child.pid;
    const sampler = setInterval(() => {
      const mib = rssMiB(pid);
      if (mib !== null) points.push({ x: accepted, t: (performance.now() - t0) / 60_000, y: mib });
    }, 1000);
    const load = await openLoop(service.port, bytes, 8, rate, streamSeconds * 1000, (answer) => {
      if (answer.status === 201) accepted++;
    });
    await sleep(3000);
    clearInterval(sampler);
    const statuses = Object.entries(load.statuses).map(([status, count]) => `${count} x ${status}`).join(', ');
    // The first tenth warms up (JIT, statement caches, the first pages); the slope is over the rest.
    const steady = points.slice(Math.floor(points.length / 10));
    const perNeedKiB = slope(steady) * 1024;
    const perMinute = slope(steady.map((point) => ({ x: point.t, y: point.y })));
    const endRss = Math.round(points.at(-1)?.y ?? NaN);
    log(`  stream: ${statuses} in ${streamSeconds} s (${Math.round(load.perSecond)}/s, p99 ${load.p99.toFixed(1)} ms); RSS ${Math.round(points[0]?.y ?? NaN)} -> ${endRss} MiB, slope ${perNeedKiB.toFixed(2)} KiB per open need, ${perMinute.toFixed(1)} MiB/min`);
    rows.push(
      report.check(SECTION, `RSS slope while open needs keep arriving (${rate}/s for ${streamSeconds} s)`, figure([Math.round(perNeedKiB * 100) / 100], 'KiB/need'), `<= ${FLAT_KIB_PER_NEED} KiB/need`,
        perNeedKiB <= FLAT_KIB_PER_NEED,
        `${accepted} needs accepted (${statuses}); RSS ${Math.round(points[0]?.y ?? NaN)} -> ${endRss} MiB over ${points.length} samples, ${perMinute.toFixed(1)} MiB/min; the issue measured ~2 KiB/need`),
      report.check(SECTION, `RSS after the stream, ${Math.round((head + accepted) / 1000)}k events`, figure([endRss], 'MiB'), `< ${BOUND_MIB} MiB`, endRss < BOUND_MIB),
    );
    return rows;
  } finally {
    for (const service of services) await service.stop();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const report = new BenchReport();
  runMemoryBench(report, events === undefined ? {} : { events })
    .then(() => report.print())
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
