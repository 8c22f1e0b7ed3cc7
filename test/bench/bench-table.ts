import { readFileSync, writeFileSync } from 'node:fs';

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

/** Resident memory of this process now, in MB (Linux VmRSS). */
function residentMb(): number {
  return statusMb('VmRSS') ?? process.memoryUsage().rss / 1_048_576;
}

function statusMb(field: 'VmHWM' | 'VmRSS'): number | null {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : null;
}

/**
 * Sets the kernel's high-water mark of this process's resident memory (VmHWM) back to what is
 * resident now (Linux 4.0 on: `5 > /proc/self/clear_refs`), so the next VmHWM is the peak of
 * what ran in between: one step of a path. False where it cannot (the peak is then the process's so far).
 */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The peak resident memory of each step of a path, every thread of the process counted (the
 * kernel's VmHWM, reset between steps): where a memory bound is passed, not only that it is.
 */
export class StepPeaks {
  readonly steps: { step: string; startMb: number; peakMb: number }[] = [];
  /** False where the peak cannot be reset: each step's peak is then the process's peak so far. */
  readonly resettable: boolean;
  #startMb: number;

  constructor() {
    this.resettable = resetPeakRss();
    this.#startMb = residentMb();
  }

  /** Ends a step: its peak in MB; the next step starts now. */
  end(step: string): number {
    const peakMb = statusMb('VmHWM') ?? residentMb();
    this.steps.push({ step, startMb: this.#startMb, peakMb });
    resetPeakRss();
    this.#startMb = residentMb();
    return peakMb;
  }

  /** The highest peak of the steps so far (the path's peak). */
  get peakMb(): number {
    return Math.max(0, ...this.steps.map((s) => s.peakMb));
  }

  /** One bench row per step against `boundMb`, named `prefix: peak memory during STEP (N MB resident at its start)`. */
  rows(prefix: string, boundMb: number): BenchRow[] {
    return this.steps.map(({ step, startMb, peakMb }) => ({
      figure: `${prefix}: peak memory during ${step} (${Math.round(startMb)} MB resident at its start${this.resettable ? '' : '; the process peak so far: VmHWM cannot be reset here'})`,
      value: peakMb, unit: 'MB', baseline: null, target: `< ${boundMb} MB`, pass: peakMb < boundMb,
    }));
  }
}
