import type Database from 'better-sqlite3';
import { onCaseThread, type CaseThreadAnswer, type CaseThreadOutcome } from './case-thread';
import type { CaseFile } from './open-case-file';

/** What the checkpoint thread is given: the case file. */
export type CheckpointSetup = { casePath: string; nativeBinding?: string };

/** What the checkpoint thread answers. */
export type CheckpointAnswer = CaseThreadAnswer;

/** How a background checkpoint went: its wall time, and the reason when it failed. */
export type Checkpoint = CaseThreadOutcome;

/**
 * Checkpoints the case file on a thread of its own (dist/checkpoint-worker.mjs) after a big write
 * (a rule run, an import) committed with the automatic checkpoint turned off: the caller goes on
 * as soon as its data is committed, and copying the WAL into the file follows. A case closed
 * meanwhile is fine: the thread has its own connection, the case file's close() waits for it to
 * end, and a checkpoint that does not happen is done by SQLite's next one.
 */
export function checkpointInBackground(caseFile: CaseFile): Promise<Checkpoint> {
  return onCaseThread<CheckpointSetup>(caseFile, 'checkpoint-worker.mjs', 'The checkpoint thread',
    { casePath: caseFile.path, ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}) });
}

/**
 * Turns SQLite's automatic checkpoint off for a big write, which checkpointInBackground follows
 * once it is committed: a commit that checkpoints copies the whole WAL into the file before it
 * returns (two seconds after a million-row import or a rule run). Gives back what restores it.
 */
export function pauseAutoCheckpoint(db: Database.Database): () => void {
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  return () => { db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`); };
}

/** Runs `write` (which commits) with the automatic checkpoint paused, then checkpoints on a thread of its own. */
export async function withCheckpointAfter<T>(caseFile: CaseFile, write: () => Promise<T>): Promise<{ result: T; checkpoint: Promise<Checkpoint> }> {
  const resume = pauseAutoCheckpoint(caseFile.db);
  try {
    const result = await write();
    return { result, checkpoint: checkpointInBackground(caseFile) };
  } finally {
    resume();
  }
}
