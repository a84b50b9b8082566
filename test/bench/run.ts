/**
 * `npm run bench`: the matching engine on a synthetic city, then command throughput on the embedded
 * SQLite store. Prints every figure; exits non-zero when a bench fails.
 */
import { runCommandsBench } from './commands.bench.js';
import { runMatchingBench } from './matching.bench.js';
import { runRebuildBench } from './rebuild.bench.js';

const main = async () => {
  const started = Date.now();
  console.log('== matching ==');
  await runMatchingBench();
  console.log('== commands (AggregateStore on a temporary SQLite file) ==');
  await runCommandsBench();
  console.log('== rebuild of the three lists vs raw iterate ==');
  console.table(await runRebuildBench());
  console.log(`bench finished in ${Math.round((Date.now() - started) / 1000)} s`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
