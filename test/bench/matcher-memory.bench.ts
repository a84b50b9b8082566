/**
 * Memory the matching feed retains, measured in process in a minute or two instead of the API's
 * 40-minute catch-up (memory.bench.ts): the same log the memory bench stores (copies of the
 * read-model scenario, libs/read-models/src/testing/scenario-copies.ts), each event's data passed
 * through JSON as the store hands it over, folded straight into a MatchingFeed. After a forced
 * garbage collection at each mark (100k, 300k, the end) it reports the heap the feed retains (MiB,
 * heapUsed minus the heap before the feed existed), the open needs and resources it holds, and
 * the bytes per open entry. Then `WUSHE_BENCH_MATCHER_STREAM` (default 20,000) new open needs in
 * one community, as memory.bench's stream posts them: the bytes one more open need costs.
 *
 * Then the restart: the feed's checkpoint saved (as the API saves it) and restored by a MatchingService
 * in a child process of its own (as the API restores it on start, minus the API): the peak RSS of
 * the restore (VmHWM), the RSS once it is done and settled, and the heap left after a GC.
 *
 * `node --expose-gc dist/test/bench/matcher-memory.bench.js [events]` runs it alone (without
 * --expose-gc it turns the flag on itself); `npm run bench -- matcher-memory` runs it as a part.
 * WUSHE_BENCH_MATCHER_SNAPSHOT=<file> writes a heap snapshot at the end (open it in Chrome's
 * DevTools, Memory tab) to see what the bytes are.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fileMatchingCheckpoints, MatchingService } from '#application';
import type { EventStore, Subscription } from '#event-store';
import { checkpointOf, DEFAULT_MATCHING_WEIGHTS, MatchingFeed } from '#matching';
import { scenarioCopier } from '../../libs/read-models/src/testing/scenario-copies.js';
import { BenchReport, figure, type BenchRow } from './report.js';

const SECTION = 'matcher-memory';
const MIB = 1024 * 1024;
/**
 * The matching feed's share of the API's 512 MiB at 1M events: about half, leaving the other half
 * for the rest of the process and V8's headroom. A working bound, not a measured split: on 1M events
 * the API was ready at 648 MiB with the feed at 238 MiB (matcher-memory-1m-2026-11-30.json).
 */
const FEED_BOUND_MIB = 250;

const collect = (): (() => void) => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};

const retainedBytes = (gc: () => void): number => {
  for (let round = 0; round < 3; round++) gc();
  return process.memoryUsage().heapUsed;
};

export interface MatcherMemoryOptions {
  events?: number;
  /** New open needs folded in after the log. */
  stream?: number;
  marks?: readonly number[];
  log?: (line: string) => void;
}

export interface MatcherMemoryMark {
  events: number;
  retainedMiB: number;
  openNeeds: number;
  resources: number;
  buckets: number;
  bytesPerOpenEntry: number;
}

/** What the restart of a process holding the feed costs: MiB, and the restore's duration. */
export interface RestoreFigures {
  /** VmHWM: the most the process held at once. */
  peakRssMiB: number;
  /** VmRSS 5 s after the restore, and V8's heap (committed) then. */
  settledRssMiB: number;
  heapTotalMiB: number;
  /** After a forced full collection: what is live, and what the process then holds. */
  heapUsedAfterGcMiB: number;
  rssAfterGcMiB: number;
  heapTotalAfterGcMiB: number;
  restoreSeconds: number;
}

const statusMiB = (field: 'VmRSS' | 'VmHWM'): number => {
  const kib = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kib === undefined ? NaN : Math.round(Number(kib) / 1024);
};

/** A subscription with nothing to deliver until closed: the restore alone is measured. */
const idleSubscription = (): Subscription => {
  let close = () => {};
  const closed = new Promise<void>((resolve) => (close = resolve));
  return {
    async *[Symbol.asyncIterator]() {
      await closed;
    },
    close: async () => close(),
  };
};

/** In the child: a MatchingService restores the checkpoint at `path`, as the API's does on start. */
async function restoreChild(path: string, head: number): Promise<RestoreFigures> {
  const gc = collect();
  const eventStore = { headPosition: async () => head, subscribeToAll: () => idleSubscription() } as unknown as EventStore;
  const service = new MatchingService({
    eventStore, weights: DEFAULT_MATCHING_WEIGHTS, waitTimeoutMs: 1000, shutdown: new AbortController().signal, logger: console, checkpoints: fileMatchingCheckpoints(path),
  });
  const started = performance.now();
  service.start();
  while (service.status().phase !== 'following') await new Promise((resolve) => setTimeout(resolve, 50));
  const restoreSeconds = (performance.now() - started) / 1000;
  if (service.status().position !== head) throw new Error(`restored to ${service.status().position}, not ${head}`);
  await new Promise((resolve) => setTimeout(resolve, 5000)); // settled, as memory.bench measures a ready API
  const settledRssMiB = statusMiB('VmRSS');
  const { heapTotal } = process.memoryUsage();
  const heapUsed = retainedBytes(gc);
  const figures: RestoreFigures = {
    peakRssMiB: statusMiB('VmHWM'), settledRssMiB, heapTotalMiB: Math.round(heapTotal / MIB),
    heapUsedAfterGcMiB: Math.round(heapUsed / MIB), rssAfterGcMiB: statusMiB('VmRSS'), heapTotalAfterGcMiB: Math.round(process.memoryUsage().heapTotal / MIB), restoreSeconds,
  };
  await service.stop();
  return figures;
}

const restoreInChild = (path: string, head: number): Promise<RestoreFigures> =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--restore', path, String(head)], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`the restore child failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as RestoreFigures);
    });
  });

export async function measureMatcherMemory(options: MatcherMemoryOptions = {}): Promise<{ marks: MatcherMemoryMark[]; bytesPerStreamedNeed: number; foldSeconds: number; restore: RestoreFigures }> {
  const events = options.events ?? Number(process.env.WUSHE_BENCH_MATCHER_EVENTS ?? 1_000_000);
  const stream = options.stream ?? Number(process.env.WUSHE_BENCH_MATCHER_STREAM ?? 20_000);
  const wantedMarks = [...new Set([...(options.marks ?? [100_000, 300_000]).filter((mark) => mark < events), events])];
  const log = options.log ?? console.log;
  const gc = collect();
  const copier = await scenarioCopier();
  const before = retainedBytes(gc);
  const feed = new MatchingFeed();
  const marks: MatcherMemoryMark[] = [];
  const mark = (folded: number) => {
    const retained = retainedBytes(gc) - before;
    const counts = feed.engine.counts();
    const resources = counts.volunteer + counts['social-worker'] + counts.donation + counts.organisation + counts.project;
    const entry: MatcherMemoryMark = {
      events: folded,
      retainedMiB: Math.round((retained / MIB) * 10) / 10,
      openNeeds: counts.needs,
      resources,
      buckets: counts.buckets,
      bytesPerOpenEntry: Math.round(retained / (counts.needs + resources)),
    };
    marks.push(entry);
    log(`  ${Math.round(folded / 1000)}k events: ${entry.retainedMiB} MiB retained; ${entry.openNeeds} open needs, ${resources} resources, ${entry.buckets} buckets: ${entry.bytesPerOpenEntry} B per open entry`);
  };

  const started = performance.now();
  let position = 0;
  let nextMark = 0;
  let template: { data: unknown; metadata: { occurredAt: string } } | undefined;
  for (let copy = 0; position < events; copy++) {
    for (const event of copier.copy(copy)) {
      if (position >= events) break;
      position++;
      if (template === undefined && event.type === 'NeedListed') template = { data: event.data, metadata: event.metadata };
      // As the store hands it over: parsed from its own JSON, strings of its own.
      feed.apply({ type: event.type, data: JSON.parse(JSON.stringify(event.data)), position, metadata: event.metadata });
      if (position === wantedMarks[nextMark]) {
        mark(position);
        nextMark++;
      }
    }
  }
  const foldSeconds = (performance.now() - started) / 1000;

  // The stream: open needs keep arriving in one community (memory.bench posts the same body again and again).
  let bytesPerStreamedNeed = NaN;
  if (stream > 0 && template !== undefined) {
    const atStart = retainedBytes(gc);
    const needsAtStart = feed.engine.counts().needs;
    const json = JSON.stringify(template.data);
    for (let index = 0; index < stream; index++) {
      const data = { ...(JSON.parse(json) as Record<string, unknown>), needId: `stream-need-${index}` };
      feed.apply({ type: 'NeedListed', data, position: ++position, metadata: template.metadata });
    }
    const added = feed.engine.counts().needs - needsAtStart;
    bytesPerStreamedNeed = Math.round((retainedBytes(gc) - atStart) / added);
    log(`  stream: ${added} more open needs cost ${bytesPerStreamedNeed} B each`);
  }
  const snapshot = process.env.WUSHE_BENCH_MATCHER_SNAPSHOT;
  if (snapshot) log(`  heap snapshot: ${writeHeapSnapshot(snapshot)}`);
  // Keeps the feed alive through the last measurement.
  if (feed.position !== position) throw new Error(`the feed stopped at ${feed.position}, not ${position}`);

  // The restart: saved as the API saves it, restored in a process of its own.
  const dir = mkdtempSync(join(tmpdir(), 'wushe-matcher-memory-'));
  try {
    const path = join(dir, 'matching-checkpoint.json');
    await fileMatchingCheckpoints(path).save(checkpointOf(feed));
    const restore = await restoreInChild(path, position);
    log(`  restore: ${JSON.stringify(restore)}`);
    return { marks, bytesPerStreamedNeed, foldSeconds, restore };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runMatcherMemoryBench(report: BenchReport, options: MatcherMemoryOptions = {}): Promise<BenchRow[]> {
  const { marks, bytesPerStreamedNeed, foldSeconds, restore } = await measureMatcherMemory(options);
  const last = marks.at(-1)!;
  const thousands = Math.round(last.events / 1000);
  return [
    report.check(SECTION, `heap the matching feed retains at ${thousands}k events`, figure([last.retainedMiB], 'MiB'), `<= ${FEED_BOUND_MIB} MiB`, last.retainedMiB <= FEED_BOUND_MIB,
      `${last.openNeeds} open needs, ${last.resources} resources, ${last.buckets} buckets; folded in ${foldSeconds.toFixed(0)} s; ${marks.map((m) => `${Math.round(m.events / 1000)}k: ${m.retainedMiB} MiB`).join(', ')}`),
    report.add({ section: SECTION, metric: `bytes per open entry (need or resource) at ${thousands}k events`, product: figure([last.bytesPerOpenEntry], 'B'), baseline: null, ratio: null, target: '-', met: null }),
    report.check(SECTION, 'bytes one more open need costs (the stream)', figure([bytesPerStreamedNeed], 'B'), '<= 512 B (memory.bench flat bound)', bytesPerStreamedNeed <= 512),
    report.add({
      section: SECTION, metric: `peak RSS of a process restoring the feed's checkpoint at ${thousands}k events`, product: figure([restore.peakRssMiB], 'MiB'), baseline: null, ratio: null, target: '-', met: null,
      note: `${restore.settledRssMiB} MiB settled 5 s after (heap ${restore.heapTotalMiB} MiB); after a full GC ${restore.heapUsedAfterGcMiB} MiB live, ${restore.rssAfterGcMiB} MiB RSS; restored in ${restore.restoreSeconds.toFixed(1)} s`,
    }),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === '--restore') {
  restoreChild(process.argv[3]!, Number(process.argv[4]))
    .then((figures) => console.log(JSON.stringify(figures)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const report = new BenchReport();
  runMatcherMemoryBench(report, events === undefined ? {} : { events })
    .then(() => report.print())
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
