import { runInThread } from '../threads/in-thread';
import { threadFailure } from '../threads/thread-failure';
import type { ReadingMessage, ReadingSetup } from './reading-thread';
import { readTableRows } from './table-reading';

// The reading thread of a big import (bundled as dist/import-worker.mjs, started by
// reading-thread.ts): reads, decodes, parses and validates the table while the case worker writes.
// send() waits while BATCHES_AHEAD batches are unwritten, and ends the thread once it is stopped.
runInThread<ReadingSetup, ReadingMessage>(async (job) => {
  const { file } = job.setup;
  try {
    for await (const batch of readTableRows(file)) job.send(batch);
  } catch (error) {
    if (job.cancelled()) return;
    job.send(threadFailure(error, file.name));
  }
});
