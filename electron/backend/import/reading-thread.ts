import { refusal } from '../../../shared/refusal';
import { failureError, type ThreadFailure } from '../threads/thread-failure';
import { ThreadJob } from '../threads/thread-job';
import type { RowBatch, TableToRead } from './table-reading';

/**
 * Batches of rows the reading thread may have sent ahead of the writer. It waits beyond that, so a
 * file read faster than it is written does not pile up in memory (a batch is one read piece, ~1,300
 * invoice rows).
 */
export const BATCHES_AHEAD = 8;

/** What the reading thread sends: batches, or why it stopped. */
export type ReadingMessage = RowBatch | ThreadFailure;

export type ReadingSetup = { file: TableToRead };

/**
 * Reads a table on a thread of its own (dist/import-worker.mjs running readTableRows), so that
 * decoding, parsing and validating the rows of a big file go on while this thread writes them. The
 * batches come out as readTableRows gives them; a refusal is thrown here as it was there. A batch
 * counts as written when the next one is asked for. Ending the iteration early (a failure or
 * cancel while writing) stops the thread.
 */
export async function* readTableInThread(file: TableToRead): AsyncGenerator<RowBatch> {
  const job = ThreadJob.start<ReadingSetup, ReadingMessage>({
    bundle: 'import-worker.mjs', name: `Reading ${file.name}`, setup: { file }, maxAhead: BATCHES_AHEAD,
  });
  try {
    for await (const message of job.messages()) {
      if (message.type === 'failed') throw failureError(message);
      yield message;
      if (message.type === 'end') return;
    }
    throw refusal('internal', 'refusal.stopped', { file: file.name });
  } finally {
    // No native module runs on that thread, so stopping it mid-read is safe.
    await job.stop(0);
  }
}
