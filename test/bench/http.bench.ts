/**
 * The HTTP command path, side by side with a bare fastify route, both in their own process and
 * driven by the same raw keep-alive client (http-load.ts):
 *
 * - validated POST /needs (the built service, `node dist/apps/api/src/main.js`, embedded SQLite,
 *   projector in process, a real committee token, rate limiting on with a bound the bench stays
 *   under) vs bare-fastify.ts parsing the same JSON body: requests/s at 16 connections, p50 and p99;
 *   interleaved rounds, ratio of each round's pair. The product's requests/s is what it sustains:
 *   each round counts until its projections and matching feed have caught up with what it accepted
 *   (GET /health/ready polled every 10 ms after the last answer), so a backlog left behind is not
 *   throughput; each round logs the backlog it left (positions behind the head) and the catch-up;
 * - the same POST at 70% of that maximum (the median round; open loop, latency from the scheduled
 *   send time): p99 against 3x its own p50. Logged with it: the service's event-loop delay
 *   (loop-delay-probe.ts, loaded with --import: p50, p99, max in ms, and the share of the run its
 *   loop was busy; near 100% means the machine gave the service less than in the closed rounds, so
 *   the run was not at 70%), the client's own loop delay, how late requests were sent after their
 *   scheduled time (a connection still busy), and the backlog at the end;
 * - append -> visible: for every 10th POST of that run, GET /needs/{id}?minPosition= (which answers
 *   once the needs list holds the position); time from the POST's scheduled send to that answer,
 *   p99 against 2x the POST's own p99.
 *
 * `WUSHE_BENCH_PROFILE=dir` starts the service with `--cpu-prof --cpu-prof-dir=dir`;
 * `WUSHE_BENCH_API_ENTRY=path/to/main.js` measures another build (an older commit's) the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '#platform';
import { issueToken } from '../../apps/api/src/operator/issue-token.js';
import { closedLoop, encodeRequest, openLoop, type LoadResult } from './http-load.js';
import { type BenchReport, figure, interleave, percentile } from './report.js';
import { freePort } from './startup.bench.js';
import { benchCommunity, benchNeedBody } from './bench-need.js';

const SECTION = 'HTTP command path';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const CONNECTIONS = 16;
/**
 * Requests the product answers before the first measured round. A count, not a time: on a shared
 * machine 1.5 s was a few hundred requests, and the first round then cost ~30% more CPU per POST
 * than the second (1.5-2.0 vs 1.05-1.5 ms, eight runs), the JIT still at work.
 */
const PRODUCT_WARM_UP_REQUESTS = 4000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const COMMUNITY = benchCommunity('bench-community');
/** The body both servers parse. */
const NEED_BODY = benchNeedBody(COMMUNITY.communityId);

export interface HttpBenchOptions {
  rounds?: number;
  roundMs?: number;
  log?: (line: string) => void;
}

interface Running {
  child: ChildProcess;
  port: number;
  /** Where the service's loop-delay probe (loop-delay-probe.ts) writes a window on SIGUSR2. */
  loopDelayFile?: string;
}

/** Event-loop delay over a window, milliseconds (count: samples at 1 ms resolution). */
interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
  /** The share of the window the loop was busy, 0-1. */
  utilization: number;
}

const describeDelay = (delay: LoopDelay) => `p50 ${delay.p50} ms, p99 ${delay.p99} ms, max ${delay.max} ms, busy ${Math.round(delay.utilization * 100)}% of the time`;

/** Ends the service's current loop-delay window and answers it (the next window starts at once). */
const serviceLoopDelay = async (running: Running): Promise<LoopDelay> => {
  const file = running.loopDelayFile!;
  rmSync(file, { force: true });
  running.child.kill('SIGUSR2');
  await waitFor(async () => existsSync(file), 'the loop-delay window', 5_000);
  await sleep(20);
  return JSON.parse(readFileSync(file, 'utf8')) as LoopDelay;
};

/**
 * CPU time (ms, user + system, all threads) the process has used, from /proc/<pid>/stat in clock
 * ticks of 10 ms (USER_HZ 100 on Linux); NaN where there is no /proc.
 */
const cpuMsOf = (pid: number | undefined): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
};

interface Backlog {
  /** The largest projection or matching-feed lag (positions behind the head) when asked. */
  lag: number;
  /** Who was furthest behind. */
  laggiest: string;
}

/** How far the projections and the matching feed trail the head right now (GET /health/ready). */
const backlogOf = async (base: string): Promise<Backlog> => {
  const ready = (await (await fetch(`${base}/health/ready`)).json()) as {
    projections: { name: string; lag: number }[];
    matching: { lag: number };
  };
  const lags = [...ready.projections.map(({ name, lag }) => ({ name, lag })), { name: 'matching', lag: ready.matching.lag }];
  const laggiest = lags.reduce((worst, candidate) => (candidate.lag > worst.lag ? candidate : worst));
  return { lag: laggiest.lag, laggiest: laggiest.name };
};

/** Waits until every projection and the matching feed reached the head (asked every 10 ms); answers how long that took (ms). */
const catchUpTime = async (base: string): Promise<number> => {
  const started = performance.now();
  while ((await backlogOf(base)).lag > 0) {
    if (performance.now() - started > 120_000) throw new Error('the projections did not catch up within 120 s');
    await sleep(10);
  }
  return performance.now() - started;
};

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

const waitFor = async (check: () => Promise<boolean>, what: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(100);
  }
};

const startProduct = async (dataDir: string): Promise<Running> => {
  const port = await freePort();
  const profile = process.env.WUSHE_BENCH_PROFILE;
  const loopDelayFile = join(dataDir, 'loop-delay.json');
  const probe = pathToFileURL(join(ROOT, 'dist/test/bench/loop-delay-probe.js')).href;
  const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '--import', probe, process.env.WUSHE_BENCH_API_ENTRY ?? join(ROOT, 'dist/apps/api/src/main.js')], {
    cwd: ROOT,
    env: {
      ...process.env, DATA_DIR: dataDir, WUSHE_LOOP_DELAY_FILE: loopDelayFile, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info',
      // Rate limiting stays on (its cost is part of the path); one user may send this many a minute.
      RATE_LIMIT_PER_MINUTE: '1000000', KAFKA_BROKERS: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200, 'the service getting ready');
  return { child, port, loopDelayFile };
};

const startBaseline = async (): Promise<Running> => {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist/test/bench/bare-fastify.js'), String(port)], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/needs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status === 201, 'bare fastify listening');
  return { child, port };
};

const tokenFor = (dataDir: string, role: string, subject: string, area: string) =>
  issueToken(['--role', role, '--subject', subject, '--area', area], loadConfig({ DATA_DIR: dataDir })).token;

const describeRun = (result: LoadResult) =>
  `${Math.round(result.perSecond)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ${Object.entries(result.statuses).map(([status, count]) => `${count} x ${status}`).join(', ')}`;

export async function runHttpBench(report: BenchReport, options: HttpBenchOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 3;
  const roundMs = options.roundMs ?? 4000;
  const dataDir = mkdtempSync(join(tmpdir(), 'wushe-http-bench-'));
  let product: Running | null = null;
  let baseline: Running | null = null;
  try {
    product = await startProduct(dataDir);
    baseline = await startBaseline();
    const base = `http://127.0.0.1:${product.port}`;
    const bureau = tokenFor(dataDir, 'civil_affairs_bureau', 'bench-bureau', 'xiamen');
    const committee = tokenFor(dataDir, 'community_committee', 'bench-committee', `xiamen/huli/jiangtou/${COMMUNITY.communityId}`);
    const registered = await fetch(`${base}/communities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bureau}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...COMMUNITY, name: '基准社区', kind: 'urban', residents: 8000, households: 3000 }),
    });
    if (registered.status !== 201) throw new Error(`registering the community answered ${registered.status}: ${await registered.text()}`);

    const productBytes = encodeRequest(`127.0.0.1:${product.port}`, { method: 'POST', path: '/needs', headers: { Authorization: `Bearer ${committee}` }, body: NEED_BODY });
    const baselineBytes = encodeRequest(`127.0.0.1:${baseline.port}`, { method: 'POST', path: '/needs', body: NEED_BODY });
    const productPort = product.port;
    const baselinePort = baseline.port;
    // Warm-up: JIT, statement caches, the first pages of the log.
    for (let warmed = 0; warmed < PRODUCT_WARM_UP_REQUESTS; ) warmed += (await closedLoop(productPort, productBytes, CONNECTIONS, 1000)).requests;
    await closedLoop(baselinePort, baselineBytes, CONNECTIONS, 1500);

    const productRuns: LoadResult[] = [];
    const baselineRuns: LoadResult[] = [];
    /** The service's CPU per answered POST in each closed round, catch-up included (ms). */
    const closedCpuPerPost: number[] = [];
    const measured = await interleave(
      rounds,
      async () => {
        const cpuBefore = cpuMsOf(product!.child.pid);
        const result = await closedLoop(productPort, productBytes, CONNECTIONS, roundMs);
        if (!(result.statuses[201] === result.requests)) throw new Error(`POST /needs answered other than 201: ${describeRun(result)}`);
        productRuns.push(result);
        // What the service sustains: the round counts until its projections and matching feed have
        // caught up with what it accepted, so a backlog left behind is not counted as throughput.
        const backlog = await backlogOf(base);
        const catchUpMs = await catchUpTime(base);
        const sustained = (result.requests * 1000) / ((result.requests * 1000) / result.perSecond + catchUpMs);
        closedCpuPerPost.push((cpuMsOf(product!.child.pid) - cpuBefore) / result.requests);
        log(
          `  POST /needs (product):   ${describeRun(result)}; backlog at the end ${backlog.lag} positions (${backlog.laggiest}), ` +
            `caught up ${Math.round(catchUpMs)} ms later: ${Math.round(sustained)} req/s sustained; CPU ${closedCpuPerPost.at(-1)!.toFixed(2)} ms per POST`,
        );
        return sustained;
      },
      async () => {
        const result = await closedLoop(baselinePort, baselineBytes, CONNECTIONS, roundMs);
        baselineRuns.push(result);
        log(`  POST /needs (bare fastify): ${describeRun(result)}`);
        return result.perSecond;
      },
    );
    const p = (runs: LoadResult[], key: 'p50' | 'p99') => percentile(runs.map((run) => run[key]), 50).toFixed(1);
    report.ratio(
      SECTION, `validated POST /needs, ${CONNECTIONS} connections`,
      figure(measured.product, 'req/s'),
      figure(measured.baseline, 'req/s', 'bare fastify, same JSON body'),
      0.25,
      `goal 50%; product p50 ${p(productRuns, 'p50')} ms, p99 ${p(productRuns, 'p99')} ms; bare fastify p50 ${p(baselineRuns, 'p50')} ms, p99 ${p(baselineRuns, 'p99')} ms (medians of ${rounds} rounds of ${roundMs / 1000} s)`,
    );

    // 70% of the product's maximum, open loop, with a sample followed into the needs list.
    const rate = Math.max(10, Math.round(0.7 * percentile(measured.product, 50)));
    const visible: number[] = [];
    const follows: Promise<void>[] = [];
    await serviceLoopDelay(product);
    const cpuBeforeOpen = cpuMsOf(product.child.pid);
    // The client's own loop too: a late client would count its own lateness as the service's latency.
    const clientDelay = monitorEventLoopDelay({ resolution: 1 });
    clientDelay.enable();
    const atRate = await openLoop(productPort, productBytes, CONNECTIONS, rate, roundMs + 2000, (answer, scheduledAt, index) => {
      if (index % 10 !== 0 || answer.status !== 201) return;
      const { id, position } = JSON.parse(answer.body) as { id: string; position: number };
      follows.push(
        fetch(`${base}/needs/${id}?minPosition=${position}`, { headers: { authorization: `Bearer ${committee}` } }).then(async (response) => {
          await response.arrayBuffer();
          if (response.status === 200) visible.push(performance.now() - scheduledAt);
        }),
      );
    });
    clientDelay.disable();
    const serviceDelay = await serviceLoopDelay(product);
    const backlogAfter = await backlogOf(base);
    await Promise.all(follows);
    await catchUpTime(base);
    // Per POST, as in the closed rounds (the follow-up GETs are in it: about a tenth of the requests).
    const openCpuPerPost = (cpuMsOf(product.child.pid) - cpuBeforeOpen) / atRate.requests;
    log(`  POST /needs at ${rate} req/s (70%): ${describeRun(atRate)}; ${visible.length} followed into the needs list`);
    log(
      `    the service's event-loop delay meanwhile ${describeDelay(serviceDelay)}; the client's p99 ${(clientDelay.percentile(99) / 1e6 - 1).toFixed(1)} ms, ` +
        `max ${(clientDelay.max / 1e6 - 1).toFixed(1)} ms; sends late by p50 ${atRate.sendLateness!.p50.toFixed(1)} ms, p99 ${atRate.sendLateness!.p99.toFixed(1)} ms; ` +
        `backlog at the end ${backlogAfter.lag} positions (${backlogAfter.laggiest}); ` +
        `the service's CPU ${openCpuPerPost.toFixed(2)} ms per POST against ${percentile(closedCpuPerPost, 50).toFixed(2)} ms in the closed rounds (median)`,
    );
    report.check(
      SECTION, 'POST /needs at 70% of max load, p99', figure([atRate.p99], 'ms'), '<= 3x its p50', atRate.p99 <= 3 * atRate.p50,
      `${rate} req/s offered, ${Math.round(atRate.perSecond)} answered; p50 ${atRate.p50.toFixed(1)} ms, p99/p50 ${(atRate.p99 / atRate.p50).toFixed(2)}; ` +
        `the service's event loop meanwhile: delay ${describeDelay(serviceDelay)}; CPU per POST ${openCpuPerPost.toFixed(2)} ms vs ${percentile(closedCpuPerPost, 50).toFixed(2)} ms closed`,
    );
    const visibleP99 = visible.length ? percentile(visible, 99) : NaN;
    report.check(
      SECTION, 'append -> visible in the needs list, p99', figure([visibleP99], 'ms'), "<= 2x the POST's p99", visibleP99 <= 2 * atRate.p99,
      `${visible.length} of the POSTs at 70% load read back by GET /needs/{id}?minPosition; ${(visibleP99 / atRate.p99).toFixed(2)}x the POST's p99 (${atRate.p99.toFixed(1)} ms)`,
    );
  } finally {
    if (baseline) await stop(baseline.child);
    if (product) await stop(product.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
