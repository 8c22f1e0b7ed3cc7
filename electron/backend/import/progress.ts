import type { ImportProgress } from '../../../shared/contract/import';

/** At most one progress report per this many ms: the UI needs motion, not a flood of events. */
export const PROGRESS_INTERVAL_MS = 100;

export class ProgressThrottle {
  private last = 0;

  constructor(private readonly file: string, private readonly bytesTotal: number, private readonly report?: (progress: ImportProgress) => void) {}

  tick(bytesDone: number, rowsDone: number): void {
    if (!this.report) return;
    const now = Date.now();
    if (now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.report({ file: this.file, bytes_done: Math.min(bytesDone, this.bytesTotal), bytes_total: this.bytesTotal, rows_done: rowsDone, phase: 'reading' });
  }

  /** Every row is read; what remains (indexes, vehicles, commit) has no measure of its own. */
  finishing(rowsDone: number): void {
    this.report?.({ file: this.file, bytes_done: this.bytesTotal, bytes_total: this.bytesTotal, rows_done: rowsDone, phase: 'finishing' });
  }

  done(rowsDone: number): void {
    this.report?.({ file: this.file, bytes_done: this.bytesTotal, bytes_total: this.bytesTotal, rows_done: rowsDone, phase: 'done' });
  }
}
