/**
 * Loaded into the service under test with `node --import <this file's URL>` (http.bench.ts): samples
 * the event loop's delay (perf_hooks.monitorEventLoopDelay at 1 ms resolution; its samples include
 * the resolution, which is taken off here) and how busy the loop was (performance.eventLoopUtilization).
 * On SIGUSR2 it writes what it saw since the last signal to the file named by WUSHE_LOOP_DELAY_FILE,
 * as JSON `{ p50, p99, max, mean, count, utilization }` (milliseconds; count: samples; utilization:
 * the share of the window the loop was busy, 0-1), and starts a fresh window. The sampler takes no
 * sample while the loop is blocked, so p99 understates long stalls; max does not. The product itself
 * is not changed by it.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const RESOLUTION_MS = 1;
const file = process.env.WUSHE_LOOP_DELAY_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let windowStart = performance.eventLoopUtilization();
  const ms = (nanoseconds: number) => Math.max(0, Math.round(nanoseconds / 1e4) / 100 - RESOLUTION_MS);
  process.on('SIGUSR2', () => {
    const utilization = performance.eventLoopUtilization(windowStart).utilization;
    windowStart = performance.eventLoopUtilization();
    const window = {
      p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean), count: histogram.count,
      utilization: Math.round(utilization * 1000) / 1000,
    };
    histogram.reset();
    writeFileSync(file, JSON.stringify(window));
  });
}
