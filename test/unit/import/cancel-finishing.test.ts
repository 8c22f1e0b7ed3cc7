import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { ImportCancel, type ImportCancelCheck } from '../../../electron/backend/threads/import-cancel';
import type { ImportProgress } from '../../../shared/contract/import';
import { writeSalesCsv } from '../../bench/sales-csv';
import { count, workspace, type Workspace } from './import-helpers';

// A cancel that reaches the import after every row is read (index rebuilds, fold, registers,
// digests): the finishing steps check the shared cell between them, and the COMMIT is the line.
const TABLES = ['documents', 'document_chunks', 'sales', 'parties', 'vehicles', 'rejected_rows', 'audit_log', 'row_digest_blocks'];

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, count(ws.caseFile, t)]));
// A bulk load (record and party indexes rebuilt at the end) of a small file, so every finishing step runs.
const BULK = { bulkLoadBytes: 1, bulkPartiesFrom: 1 };

/** The real cell, cancelled at the `at`-th check made once the file is read (0: never). */
function cancelAtCheck(at: number): { cancel: ImportCancelCheck; checks: () => number; onProgress: (p: ImportProgress) => void } {
  const cell = new ImportCancel();
  cell.begin();
  let finishing = false;
  let checks = 0;
  return {
    cancel: {
      requested: () => {
        if (finishing && ++checks === at) expect(cell.request()).toBe('cancelled');
        return cell.requested();
      },
      enterCommit: () => cell.enterCommit(),
      leaveCommit: () => cell.leaveCommit(),
    },
    checks: () => checks,
    onProgress: (p) => { if (p.phase === 'finishing') finishing = true; },
  };
}

describe('a cancel after the rows are read', () => {
  it('rolls the file back at every step of its end up to the commit, and names it cancelled', async () => {
    const path = join(ws.dir, 'sales.csv');
    await writeSalesCsv(path, 1_000, 49);
    const before = snapshot();
    // How many checks the end makes: an import that is never cancelled.
    let at = 1;
    for (; at < 60; at++) {
      const run = cancelAtCheck(at);
      const [result] = await importFiles(ws.caseFile, [{ path }], { ...BULK, cancel: run.cancel, onProgress: run.onProgress });
      if (run.checks() < at) {
        // The import ended before this check: every one before it was a step that rolled back.
        expect(result).toMatchObject({ refused: null, rows: 1_000 });
        expect(result!.imported).toBeGreaterThan(990);
        break;
      }
      expect(result!.refused).toMatchObject({ code: 'cancelled', message: 'Import of sales.csv was cancelled; nothing of it was kept.' });
      expect(snapshot()).toEqual(before);
      expect(ws.caseFile.db.inTransaction).toBe(false);
    }
    // Each index rebuilt, the fold, the registers: more than a handful of places a cancel is seen.
    expect(at).toBeGreaterThan(8);
    expect(count(ws.caseFile, 'documents')).toBe(1);
  });

  it('a cancel during the commit comes too late for that file, and skips the files after it', async () => {
    const first = join(ws.dir, 'first.csv');
    const second = join(ws.dir, 'second.csv');
    await writeSalesCsv(first, 500, 1);
    await writeSalesCsv(second, 500, 2);
    const cell = new ImportCancel();
    cell.begin();
    let answer: string | null = null;
    const cancel: ImportCancelCheck = {
      requested: () => cell.requested(),
      // The request arrives from a reader while this file commits.
      enterCommit: () => {
        const entered = cell.enterCommit();
        answer = cell.request();
        return entered;
      },
      leaveCommit: () => cell.leaveCommit(),
    };
    const [a, b] = await importFiles(ws.caseFile, [{ path: first }, { path: second }], { cancel });
    expect(answer).toBe('too_late');
    expect(a).toMatchObject({ refused: null, imported: 500 });
    expect(b!.refused).toMatchObject({ code: 'cancelled', message: 'Import of second.csv was cancelled before it started.' });
    expect(count(ws.caseFile, 'documents')).toBe(1);
  });
});

describe('the import cancel cell', () => {
  it('answers by where the import is: none, before its commit, during it', () => {
    const cell = new ImportCancel();
    expect(cell.request()).toBe('idle');
    cell.begin();
    expect(cell.requested()).toBe(false);
    expect(cell.request()).toBe('cancelled');
    expect(cell.request()).toBe('cancelled');
    expect(cell.requested()).toBe(true);
    expect(cell.enterCommit()).toBe(false);
    cell.begin();
    expect(cell.enterCommit()).toBe(true);
    expect(cell.requested()).toBe(false);
    cell.leaveCommit();
    expect(cell.requested()).toBe(false);
    expect(cell.enterCommit()).toBe(true);
    expect(cell.request()).toBe('too_late');
    expect(cell.request()).toBe('too_late');
    cell.leaveCommit();
    // The next file sees it cancelled.
    expect(cell.requested()).toBe(true);
    expect(cell.enterCommit()).toBe(false);
    cell.end();
    expect(cell.request()).toBe('idle');
    // The same memory seen through a second view, as another worker sees it.
    const other = new ImportCancel(cell.buffer);
    cell.begin();
    expect(other.request()).toBe('cancelled');
    expect(cell.requested()).toBe(true);
  });
});
