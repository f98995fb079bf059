/** The figures of `bench:connect`: medians, p90 and the printed table. Pure: no I/O. */

/** One case's runs: the times of the runs that reached a frame, and why the others failed. */
export interface Sample {
  ms: number[];
  failures: string[];
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The `p`-th percentile (0–100) by nearest rank, of a non-empty list. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** One row: a case, its runs, and the median of the floor its ratio is taken against. */
export interface Row {
  name: string;
  sample: Sample;
  floorMs?: number | undefined;
}

/** The table of cases: median, p90, ratio to the floor, failures, every run. */
export function table(rows: readonly Row[]): string {
  const lines = ['case                     median ms   p90 ms   vs floor   failed   runs (ms)'];
  for (const { name, sample, floorMs } of rows) {
    const { ms, failures } = sample;
    const has = ms.length > 0;
    const m = has ? median(ms) : Number.NaN;
    const ratio = has && floorMs ? `${(m / floorMs).toFixed(2)}×` : '';
    lines.push(
      [
        name.padEnd(24),
        (has ? m.toFixed(0) : '—').padStart(9),
        (has ? percentile(ms, 90).toFixed(0) : '—').padStart(8),
        ratio.padStart(10),
        `${failures.length}/${ms.length + failures.length}`.padStart(8),
        `  ${ms.map((v) => v.toFixed(0)).join(' ')}`,
      ].join(' '),
    );
  }
  return lines.join('\n');
}
