/**
 * The side-by-side table `npm run bench` prints: metric | product | baseline | ratio | target.
 * Add a row from any bench with `report.ratio(...)` (product against a baseline measured in the same
 * run) or `report.check(...)` (a figure held to a condition); `report.print()` and `report.write()`
 * end the run. Figures are medians of interleaved rounds; see `interleave`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Figure {
  value: number;
  unit: string;
  /** What was measured, e.g. "raw better-sqlite3, 1 row/txn". */
  label?: string;
  /** Every round's value, when the figure is a median. */
  rounds?: number[];
}

export interface BenchRow {
  section: string;
  metric: string;
  product: Figure | null;
  baseline: Figure | null;
  /** product / baseline (higher is better), or null when there is no baseline. */
  ratio: number | null;
  target: string;
  /** null: not measured (the note says why). */
  met: boolean | null;
  note?: string;
}

export class BenchReport {
  readonly rows: BenchRow[] = [];
  readonly startedAt = new Date();

  /**
   * A product figure against a baseline, with a minimum ratio as the target. With interleaved rounds
   * on both sides the ratio is the median of each round's product/baseline (drift hits a pair alike).
   */
  ratio(section: string, metric: string, product: Figure, baseline: Figure, minimumRatio: number, note?: string): BenchRow {
    const paired = product.rounds && baseline.rounds && product.rounds.length === baseline.rounds.length && product.rounds.length > 0;
    const ratio = paired ? median(product.rounds!.map((value, index) => value / baseline.rounds![index]!)) : product.value / baseline.value;
    return this.add({ section, metric, product, baseline, ratio, target: `>= ${formatRatio(minimumRatio)}`, met: ratio >= minimumRatio, ...(note ? { note } : {}) });
  }

  /** A figure held to a condition that is not a ratio (a bound, an outcome). */
  check(section: string, metric: string, product: Figure, target: string, met: boolean, note?: string): BenchRow {
    return this.add({ section, metric, product, baseline: null, ratio: null, target, met, ...(note ? { note } : {}) });
  }

  /** A row that could not be measured here, with the reason. */
  skipped(section: string, metric: string, target: string, reason: string): BenchRow {
    return this.add({ section, metric, product: null, baseline: null, ratio: null, target, met: null, note: reason });
  }

  add(row: BenchRow): BenchRow {
    this.rows.push(row);
    return row;
  }

  print(log: (line: string) => void = console.log): void {
    const header = ['metric', 'product', 'baseline', 'ratio', 'target', 'met'];
    const lines = this.rows.map((row) => [
      row.metric,
      row.product ? formatFigure(row.product) : '-',
      row.baseline ? `${formatFigure(row.baseline)}${row.baseline.label ? ` (${row.baseline.label})` : ''}` : '-',
      row.ratio === null ? '-' : formatRatio(row.ratio),
      row.target,
      row.met === null ? 'n/a' : row.met ? 'yes' : 'NO',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
    const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
    log(format(header));
    log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
    for (const line of lines) log(format(line));
    for (const row of this.rows.filter((candidate) => candidate.note)) log(`  ${row.metric}: ${row.note}`);
  }

  /** Writes the run as JSON under test/bench/results/ and answers the file's path. */
  write(extra: Record<string, unknown> = {}): string {
    const directory = process.env.BENCH_RESULTS_DIR ?? join(sourceRoot(), 'test', 'bench', 'results');
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `bench-${this.startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const body = { startedAt: this.startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: describeMachine(), ...extra, rows: this.rows };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    return file;
  }
}

/** The repository root, from the source file or from its compiled copy under dist/. */
function sourceRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const parts = here.split(/[\\/]/);
  const dist = parts.lastIndexOf('dist');
  return dist >= 0 ? parts.slice(0, dist).join('/') || '/' : join(here, '..', '..');
}

export function describeMachine(): Record<string, unknown> {
  const cpus = os.cpus();
  let postgres: string | undefined;
  try {
    postgres = execFileSync('psql', ['--version'], { encoding: 'utf8', timeout: 2000 }).trim();
  } catch {
    postgres = undefined;
  }
  return {
    description: process.env.BENCH_MACHINE ?? `${cpus.length} cores, shared with other engineers' test runs; figures drift, ratios hold better`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    ...(postgres ? { postgresClient: postgres } : {}),
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};

/**
 * Runs product and baseline alternately, `rounds` times each, so drift on a shared machine hits
 * both alike; answers the medians with every round kept.
 */
export async function interleave(
  rounds: number,
  product: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ product: number[]; baseline: number[] }> {
  const result = { product: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    result.product.push(await product());
    result.baseline.push(await baseline());
  }
  return result;
}

/** Calls `operation` from `writers` concurrent loops for `durationMs`; answers operations per second. */
export async function throughput(writers: number, durationMs: number, operation: (writer: number, index: number) => Promise<unknown>, perOperation = 1): Promise<number> {
  const deadline = performance.now() + durationMs;
  const started = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let index = 0; performance.now() < deadline; index++) {
        await operation(writer, index);
        done += perOperation;
      }
    }),
  );
  return (done * 1000) / (performance.now() - started);
}

export const figure = (rounds: number[], unit: string, label?: string): Figure => ({
  value: Math.round(median(rounds) * 10) / 10,
  unit,
  rounds: rounds.map((value) => Math.round(value * 10) / 10),
  ...(label ? { label } : {}),
});

function formatFigure(figure: Figure): string {
  const value = figure.value >= 10_000 ? `${(figure.value / 1000).toFixed(1)}k` : figure.value >= 100 ? Math.round(figure.value).toString() : figure.value.toString();
  return `${value} ${figure.unit}`;
}

function formatRatio(ratio: number): string {
  return ratio < 1 ? `${Math.round(ratio * 100)}%` : `${ratio.toFixed(2)}x`;
}
