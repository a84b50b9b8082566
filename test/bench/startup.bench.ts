/**
 * Restart on a long log: 140k realistic events stored (WUSHE_BENCH_STARTUP_EVENTS to change it) (rebuild.bench's generator), the service
 * started once so the projections' checkpoints reach the head, stopped, then started again (`node
 * dist/apps/api/src/main.js`, a child process) and probed from outside: time from spawn to the first
 * answer of /health/live and of /health, and to /health/ready 200 (matching feed and projections at
 * the head), the longest silence between /health/live answers in that window, and the service's
 * resident memory (RSS, from /proc) once ready and at its peak. The first start stops gracefully, so
 * the matching feed's checkpoint is at the head and the restart restores it instead of replaying.
 *
 * `node dist/test/bench/startup.bench.js [events] [entry]` runs it alone; `entry` is another build's
 * main.js (e.g. an older commit's) to measure it the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openSqliteEventStore } from '#event-store';
import { generateEvents } from './rebuild.bench.js';
import { BenchReport, figure } from './report.js';

const SECTION = 'start-up';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

const get = async (url: string): Promise<{ status: number; body: unknown } | null> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (a 404 page, say)
    }
    return { status: response.status, body };
  } catch {
    return null; // not listening yet
  }
};

const startService = (entry: string, dataDir: string, port: number): ChildProcess =>
  spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0', KAFKA_BROKERS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

const stopService = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

export interface StartupFigures {
  events: number;
  firstLiveMs: number | null;
  firstHealthMs: number | null;
  readyMs: number | null;
  longestLiveSilenceMs: number | null;
  /** MiB, read from /proc/<pid>/status (null where there is no /proc). */
  readyRssMiB: number | null;
  peakRssMiB: number | null;
  /** Where the matching feed started on the restart: its checkpoint's position, or 0 (replayed). */
  matchingStartedFrom: number | null;
}

const rssMiB = (pid: number | undefined): number | null => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kib === undefined ? null : Math.round(Number(kib) / 1024);
  } catch {
    return null;
  }
};

/** Polls one path in a loop until `until` says stop; answers the times (ms since t0) of its answers. */
const probe = async (url: string, t0: number, until: () => boolean, onAnswer: (answer: { status: number; body: unknown }, at: number) => void) => {
  while (!until()) {
    const answer = await get(url);
    if (answer) onAnswer(answer, performance.now() - t0);
    await sleep(answer ? 5 : 10);
  }
};

export async function measureStartup(events: number, entry = join(ROOT, 'dist/apps/api/src/main.js'), timeoutMs = 900_000): Promise<StartupFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-startup-'));
  try {
    const store = await openSqliteEventStore(join(dataDir, 'events.db'));
    const head = await generateEvents(store, events);
    await store.close();
    // First start: the projections catch up and store their checkpoints (a restart finds them).
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let child = startService(entry, dataDir, port);
    // A warm-up that fails (too slow on a loaded machine) must not leave the service running.
    const warm = child;
    const stopWarm = () => warm.exitCode === null && warm.kill('SIGKILL');
    process.once('exit', stopWarm);
    const warmDeadline = Date.now() + timeoutMs;
    for (;;) {
      // Projections and the matching feed at the head (an older build without /health/ready: projections alone).
      const ready = await get(`${base}/health/ready`);
      if (ready?.status === 200) break;
      const health = await get(`${base}/health`);
      const projections = (health?.body as { readModels?: { projections?: { lag: number }[] } } | undefined)?.readModels?.projections;
      if (ready?.status === 404 && Array.isArray(projections) && projections.length > 0 && projections.every((projection) => projection.lag === 0)) break;
      if (Date.now() > warmDeadline) {
        stopWarm();
        throw new Error('the first start did not catch up in time');
      }
      await sleep(200);
    }
    await stopService(child);
    process.off('exit', stopWarm);
    // The restart, measured.
    const t0 = performance.now();
    child = startService(entry, dataDir, port);
    const figures: StartupFigures = {
      events: head, firstLiveMs: null, firstHealthMs: null, readyMs: null, longestLiveSilenceMs: null, readyRssMiB: null, peakRssMiB: null, matchingStartedFrom: null,
    };
    const pid = child.pid;
    const notePeak = () => {
      const rss = rssMiB(pid);
      if (rss !== null) figures.peakRssMiB = Math.max(figures.peakRssMiB ?? 0, rss);
    };
    let lastLive: number | null = null;
    let done = false;
    const timer = setTimeout(() => (done = true), timeoutMs);
    await Promise.all([
      probe(`${base}/health/live`, t0, () => done, (answer, at) => {
        if (answer.status === 404) {
          done = true; // an older build without /health/live: nothing more to learn here
          return;
        }
        figures.firstLiveMs ??= at;
        notePeak();
        if (lastLive !== null) figures.longestLiveSilenceMs = Math.max(figures.longestLiveSilenceMs ?? 0, at - lastLive);
        lastLive = at;
      }),
      probe(`${base}/health`, t0, () => figures.firstHealthMs !== null || figures.readyMs !== null, (_answer, at) => {
        figures.firstHealthMs ??= at;
      }),
      probe(`${base}/health/ready`, t0, () => done, (answer, at) => {
        if (answer.status === 200) {
          figures.readyMs = at;
          figures.readyRssMiB = rssMiB(pid);
          notePeak();
          figures.matchingStartedFrom = (answer.body as { matching?: { startedFrom?: number } }).matching?.startedFrom ?? null;
          done = true;
        }
      }),
    ]);
    clearTimeout(timer);
    await stopService(child);
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms) / 1000);

export async function runStartupBench(report: BenchReport, events = Number(process.env.WUSHE_BENCH_STARTUP_EVENTS ?? 140_000)): Promise<StartupFigures> {
  const figures = await measureStartup(events);
  console.log(
    `restart on ${figures.events} events: first /health/live ${seconds(figures.firstLiveMs)} s, first /health ${seconds(figures.firstHealthMs)} s, ` +
      `/health/ready 200 ${seconds(figures.readyMs)} s, longest silence of /health/live ${seconds(figures.longestLiveSilenceMs)} s, ` +
      `RSS ready ${figures.readyRssMiB} MiB (peak ${figures.peakRssMiB} MiB), matching started from ${figures.matchingStartedFrom}`,
  );
  const live = figures.firstLiveMs;
  report.check(SECTION, `restart on ${figures.events} events: first /health/live answer`, figure([live ?? NaN], 'ms'), '< 2000 ms', live !== null && live < 2000,
    figures.longestLiveSilenceMs === null ? undefined : `longest silence between answers while catching up ${Math.round(figures.longestLiveSilenceMs)} ms`);
  const ready = figures.readyMs;
  report.check(SECTION, `restart on ${figures.events} events: /health/ready 200`, figure([ready ?? NaN], 'ms'), 'reported', ready !== null,
    `matching feed ${figures.matchingStartedFrom ? `restored from its checkpoint at ${figures.matchingStartedFrom}` : 'replayed from position 0'}; projections resume from their checkpoints`);
  const rss = figures.peakRssMiB;
  report.check(SECTION, `RSS on ${figures.events} events (peak of the restart)`, figure([rss ?? NaN], 'MiB'), '< 512 MiB', rss !== null && rss < 512,
    `${figures.readyRssMiB} MiB once ready; the target is for 1M events (WUSHE_BENCH_STARTUP_EVENTS=1000000)`);
  return figures;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 140_000);
  const entry = process.argv[3];
  measureStartup(events, entry ? resolve(entry) : undefined)
    .then((figures) => console.log(JSON.stringify(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
