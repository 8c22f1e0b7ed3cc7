import { describe, expect, it } from 'vitest';
import { IDLE, importReducer, importTotals, percent, refusalReason, uploadsDone, type ImportAction, type ImportPanelState } from '../../../renderer/src/components/drop-import/import-state';
import type { ImportFileResult } from '../../../shared/contract/import';

const result = (file: string, over: Partial<ImportFileResult> = {}): ImportFileResult => ({
  file, sha256: 'aa', kind: 'vehicles', rows: 10, imported: 8, rejected: 2, duplicate: false, refused: null, rejects: [], ...over,
});

function run(actions: ImportAction[]): ImportPanelState {
  return actions.reduce(importReducer, IDLE);
}

describe('drop import panel state', () => {
  it('marks each file waiting once its own upload is done, and says why a file was refused without its name again', () => {
    let state = run([{ type: 'start', names: ['a.csv', 'b.csv', 'c.csv'] }, { type: 'uploaded', index: 0 }, { type: 'uploaded', index: 1 }]);
    expect(state.files.map((f) => f.status)).toEqual(['waiting', 'waiting', 'uploading']);
    state = importReducer(state, { type: 'uploaded', index: 7 });
    expect(state.files.map((f) => f.status)).toEqual(['waiting', 'waiting', 'uploading']);
    state = importReducer(state, { type: 'finished', results: [result('a.csv'), result('b.csv', { refused: { code: 'file_refused', message: 'b.csv was refused: the file is empty.' }, kind: null }),
      result('c.csv', { refused: { code: 'file_refused', message: 'Upload failed: disk full' }, kind: null })] });
    expect(refusalReason(state.files[1]!)).toBe('the file is empty');
    expect(refusalReason(state.files[2]!)).toBe('Upload failed: disk full');
  });

  it('follows each file from upload through reading to its result', () => {
    let state = run([{ type: 'start', names: ['a.csv', 'b.csv'] }]);
    expect(state.files.map((f) => f.status)).toEqual(['uploading', 'uploading']);
    state = uploadsDone(state);
    expect(state.files.map((f) => f.status)).toEqual(['waiting', 'waiting']);
    state = importReducer(state, { type: 'progress', progress: { file: 'a.csv', bytes_done: 50, bytes_total: 200, rows_done: 7, phase: 'reading' } });
    expect(state.files[0]).toMatchObject({ status: 'reading', rowsDone: 7 });
    expect(percent(state.files[0]!)).toBe(25);
    state = importReducer(state, { type: 'file-done', result: result('a.csv') });
    expect(state.files[0]).toMatchObject({ status: 'done', rowsDone: 10 });
    expect(percent(state.files[0]!)).toBe(100);
    state = importReducer(state, { type: 'finished', results: [result('a.csv'), result('b.csv', { refused: { code: 'file_refused', message: 'not a table' }, kind: null })] });
    expect(state.phase).toBe('finished');
    expect(state.files.map((f) => f.status)).toEqual(['done', 'refused']);
    expect(importTotals(state)).toEqual({ files: 2, imported: 16, rejected: 4, refused: 1, duplicates: 0 });
    expect(importReducer(state, { type: 'dismiss' })).toBe(IDLE);
  });

  it('says what the backend does with a file: rows, OCR pages, finishing', () => {
    let state = run([{ type: 'start', names: ['scan.pdf', 'big.csv'] }]);
    state = importReducer(state, { type: 'progress', progress: { file: 'scan.pdf', bytes_done: 5, bytes_total: 10, rows_done: 0, phase: 'ocr', page: 1, pages: 2 } });
    expect(state.files[0]).toMatchObject({ status: 'reading', step: 'ocr', page: 1, pages: 2 });
    state = importReducer(state, { type: 'progress', progress: { file: 'big.csv', bytes_done: 10, bytes_total: 10, rows_done: 900, phase: 'finishing' } });
    expect(state.files[1]).toMatchObject({ status: 'reading', step: 'finishing', rowsDone: 900 });
    // The last report of a file keeps the step it was in until the result arrives.
    state = importReducer(state, { type: 'progress', progress: { file: 'big.csv', bytes_done: 10, bytes_total: 10, rows_done: 900, phase: 'done' } });
    expect(state.files[1]).toMatchObject({ step: 'finishing' });
  });

  it('keeps two dropped files of the same name apart', () => {
    let state = run([{ type: 'start', names: ['x.csv', 'x.csv'] }]);
    state = importReducer(state, { type: 'file-done', result: result('x.csv', { imported: 1 }) });
    state = importReducer(state, { type: 'progress', progress: { file: 'x.csv', bytes_done: 1, bytes_total: 2, rows_done: 1, phase: 'reading' } });
    expect(state.files.map((f) => f.status)).toEqual(['done', 'reading']);
  });

  it('takes late events of a finished drop without adding rows', () => {
    let state = run([{ type: 'start', names: ['a.csv'] }, { type: 'finished', results: [result('a.csv')] }]);
    state = importReducer(state, { type: 'progress', progress: { file: 'a.csv', bytes_done: 1, bytes_total: 1, rows_done: 10, phase: 'done' } });
    state = importReducer(state, { type: 'file-done', result: result('a.csv') });
    expect(state.phase).toBe('finished');
    expect(state.files).toHaveLength(1);
  });

  it('shows files imported from the desktop menu, finishing when each has its result', () => {
    let state = importReducer(IDLE, { type: 'progress', progress: { file: 'menu.csv', bytes_done: 5, bytes_total: 10, rows_done: 3, phase: 'reading' } });
    expect(state).toMatchObject({ phase: 'running', awaiting: false });
    expect(state.files.map((f) => [f.name, f.status])).toEqual([['menu.csv', 'reading']]);
    state = importReducer(state, { type: 'file-done', result: result('other.csv') });
    state = importReducer(state, { type: 'file-done', result: result('menu.csv') });
    expect(state.phase).toBe('finished');
    expect(state.files.map((f) => [f.name, f.status])).toEqual([['menu.csv', 'done'], ['other.csv', 'done']]);
  });

  it('never says Cancelling when the backend cannot cancel: too late for a file being saved, or nothing under way', () => {
    let state = run([{ type: 'start', names: ['a.csv'] }]);
    state = importReducer(state, { type: 'cancelling' });
    expect(importReducer(state, { type: 'cancel-answer', cancelled: true, tooLate: false })).toBe(state);
    const late = importReducer(state, { type: 'cancel-answer', cancelled: false, tooLate: true });
    expect(late).toMatchObject({ cancelling: false, cancelTooLate: true });
    expect(importReducer(state, { type: 'cancel-answer', cancelled: false, tooLate: false })).toMatchObject({ cancelling: false, cancelTooLate: false });
    // The answer after the import finished changes nothing.
    const finished = importReducer(state, { type: 'finished', results: [result('a.csv')] });
    expect(importReducer(finished, { type: 'cancel-answer', cancelled: false, tooLate: true })).toBe(finished);
  });

  it('keeps a drop running until its answer and records whole failures', () => {
    let state = run([{ type: 'start', names: ['a.csv'] }]);
    state = importReducer(state, { type: 'file-done', result: result('a.csv') });
    expect(state.phase).toBe('running');
    state = importReducer(state, { type: 'cancelling' });
    expect(state.cancelling).toBe(true);
    state = importReducer(state, { type: 'failed', message: 'No case file is open.' });
    expect(state).toMatchObject({ phase: 'finished', error: 'No case file is open.', cancelling: false });
    expect(importReducer(IDLE, { type: 'progress', progress: { file: '', bytes_done: 0, bytes_total: 0, rows_done: 0, phase: 'done' } })).toBe(IDLE);
  });
});
