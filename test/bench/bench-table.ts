/**
 * One line of `npm run bench`: a measured figure beside a baseline measured in the same run,
 * so the ratio means something on whatever machine runs it.
 */
export type BenchRow = {
  figure: string;
  value: number;
  unit: string;
  /** The same work done by a reference tool in this process/run; null where none applies. */
  baseline: number | null;
  /** The target as text, e.g. "ratio <= 3" or "< 150 ms". */
  target: string;
  /** Whether the target is met. */
  pass: boolean;
};

export type BenchSection = {
  name: string;
  /** `scale` is 1 for the full run, smaller with --quick (used by CI smoke checks). */
  run(scale: number, workDir: string): Promise<BenchRow[]>;
};

export function formatBenchTable(rows: BenchRow[]): string {
  const header = ['figure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const lines = rows.map((r) => [
    r.figure,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline === null ? '-' : `${fmt(r.baseline)} ${r.unit}`,
    r.baseline === null || r.baseline === 0 ? '-' : (r.value / r.baseline).toFixed(2),
    r.target,
    r.pass ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

function fmt(value: number): string {
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 3);
}

/** Peak resident memory of this process so far, in MB (Linux VmHWM). */
export async function peakRssMb(): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 1_048_576;
}
