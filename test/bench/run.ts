/**
 * `npm run bench`: the matching engine on a synthetic city, command throughput on the embedded
 * SQLite store, then the side-by-side table (metric | product | baseline | ratio | target), written
 * as JSON under test/bench/results/. Exits non-zero when a bench fails (not when a target is missed).
 *
 * Adding rows: write `runXBench(report)` next to store.bench.ts and call it below; use
 * `report.ratio(...)` for a product figure against a baseline measured in the same run,
 * `report.check(...)` for a bound or an outcome, `report.skipped(...)` when it cannot run here.
 */
import { runAsOfBench } from './as-of.bench.js';
import { runCommandsBench } from './commands.bench.js';
import { runFairnessBench } from './fairness.bench.js';
import { runHttpBench } from './http.bench.js';
import { runKafkaBench } from './kafka.bench.js';
import { runMatchingBench } from './matching.bench.js';
import { runMatcherMemoryBench } from './matcher-memory.bench.js';
import { runMemoryBench } from './memory.bench.js';
import { BenchReport } from './report.js';
import { runRebuildBench } from './rebuild.bench.js';
import { runStartupBench } from './startup.bench.js';
import { runStoreBench } from './store.bench.js';

/**
 * `npm run bench -- store` runs only the named parts (matching, fairness, commands, http, store, kafka, rebuild, startup, as-of, matcher-memory, memory);
 * all by default. `matching` includes `fairness` (figures of allocations, not timings: it needs no quiet machine).
 */
const only = new Set(process.argv.slice(2));
const wanted = (part: string) => only.size === 0 || only.has(part);

const main = async () => {
  const started = Date.now();
  const report = new BenchReport();
  if (wanted('matching')) {
    console.log('== matching ==');
    await runMatchingBench();
  }
  if (wanted('matching') || wanted('fairness')) {
    console.log('== fair matching: concentration and coverage, fairness weight 0 vs the default ==');
    runFairnessBench(report);
  }
  if (wanted('commands')) {
    console.log('== commands (AggregateStore on a temporary SQLite file) ==');
    await runCommandsBench();
  }
  if (wanted('http')) {
    console.log('== HTTP: validated POST /needs vs bare fastify (16 connections) ==');
    await runHttpBench(report);
  }
  if (wanted('store')) {
    console.log('== event stores (SQLite, PostgreSQL, Emmett; interleaved rounds, medians) ==');
    await runStoreBench(report);
  }
  if (wanted('kafka')) {
    console.log('== Kafka: the relay vs a raw kafkajs producer on the same broker ==');
    await runKafkaBench(report);
  }
  if (wanted('rebuild')) {
    console.log('== rebuild of the three lists vs raw iterate (100k events) ==');
    await runRebuildBench(report);
  }
  if (wanted('startup')) {
    console.log('== restart on a long log (140k events): /health/live, /health/ready, RSS ==');
    await runStartupBench(report);
  }
  if (wanted('as-of')) {
    console.log('== a district\'s needs list as of a past date (1M events) ==');
    await runAsOfBench(report);
  }
  if (wanted('matcher-memory')) {
    console.log('== matcher memory: the heap the matching feed retains on 1M events, folded in process ==');
    await runMatcherMemoryBench(report);
  }
  if (wanted('memory')) {
    console.log('== memory: RSS of the API process on 1M events, and while open needs keep arriving ==');
    await runMemoryBench(report);
  }
  console.log('\n== side by side ==');
  report.print();
  console.log(`\nwrote ${report.write()}`);
  console.log(`bench finished in ${Math.round((Date.now() - started) / 1000)} s`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
