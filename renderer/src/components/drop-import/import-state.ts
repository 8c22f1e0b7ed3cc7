import type { Message } from '../../../../shared/i18n/message';
import type { ImportFileResult, ImportProgress } from '../../../../shared/contract/import';

/**
 * What the progress panel shows, as a pure reducer over the import's steps and push events (so
 * it is tested without a browser). Rows are keyed by file name, in drop order.
 */
export type FileRow = {
  name: string;
  status: 'uploading' | 'waiting' | 'reading' | 'done' | 'refused';
  bytesDone: number;
  bytesTotal: number;
  rowsDone: number;
  /** What the backend is doing with the file while it is 'reading' (rows, OCR of pages, finishing). */
  step: 'reading' | 'ocr' | 'finishing';
  page: number;
  pages: number;
  result: ImportFileResult | null;
};

export type ImportPanelState = {
  phase: 'idle' | 'running' | 'finished';
  files: FileRow[];
  /** Set when the whole import failed (no case, server gone...). */
  error: string | null;
  cancelling: boolean;
  /** The cancel came while a file was being committed: that file is kept (the backend said so). */
  cancelTooLate: boolean;
  /** A drop of this page is waiting for its answer; imports started elsewhere (the desktop menu) have none. */
  awaiting: boolean;
};

export type ImportAction =
  | { type: 'start'; names: string[] }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'file-done'; result: ImportFileResult }
  | { type: 'finished'; results: ImportFileResult[] }
  | { type: 'failed'; message: string }
  | { type: 'cancelling' }
  /** The backend's answer to the cancel: it stops the import, came too late for the file being committed, or found none under way. */
  | { type: 'cancel-answer'; cancelled: boolean; tooLate: boolean }
  /** The file at this place of the drop is uploaded and waits for its turn. */
  | { type: 'uploaded'; index: number }
  | { type: 'dismiss' };

export const IDLE: ImportPanelState = { phase: 'idle', files: [], error: null, cancelling: false, cancelTooLate: false, awaiting: false };

function settled(row: FileRow, result: ImportFileResult): FileRow {
  return {
    ...row,
    status: result.refused ? 'refused' : 'done',
    rowsDone: result.rows,
    bytesDone: row.bytesTotal,
    result,
  };
}

/** The first row of this name still waiting for its result (two dropped files may share a name). */
function openRow(files: FileRow[], name: string): number {
  return files.findIndex((f) => f.name === name && f.result === null);
}

function emptyRow(name: string): FileRow {
  return { name, status: 'waiting', bytesDone: 0, bytesTotal: 0, rowsDone: 0, step: 'reading', page: 0, pages: 0, result: null };
}

/**
 * The row an event is about: the file's open row, else its settled row (events travel apart
 * from the drop's answer and may arrive after it), else a new row for a file this page did not
 * drop (the desktop menu's Import Documents), added to the panel.
 */
function rowFor(state: ImportPanelState, name: string): { state: ImportPanelState; at: number; settled: boolean } {
  const open = openRow(state.files, name);
  if (open >= 0) return { state, at: open, settled: false };
  const known = state.files.findIndex((f) => f.name === name);
  if (known >= 0) return { state, at: known, settled: true };
  const base = state.phase === 'idle' ? IDLE : state;
  return { state: { ...base, phase: 'running', files: [...base.files, emptyRow(name)] }, at: base.files.length, settled: false };
}

/** Without a drop waiting for its answer, the panel is finished when every row has its result. */
function settle(state: ImportPanelState): ImportPanelState {
  if (state.awaiting || state.files.some((f) => f.result === null)) return state;
  return { ...state, phase: 'finished', cancelling: false };
}

export function importReducer(state: ImportPanelState, action: ImportAction): ImportPanelState {
  switch (action.type) {
    case 'start':
      return {
        phase: 'running', error: null, cancelling: false, cancelTooLate: false, awaiting: true,
        files: action.names.map((name) => ({ ...emptyRow(name), status: 'uploading' })),
      };
    case 'progress': {
      // 'done' progress of a file already settled (or of nothing: '') changes nothing.
      if (!action.progress.file) return state;
      const found = rowFor(state, action.progress.file);
      if (found.settled) return state;
      const files = found.state.files.slice();
      const { bytes_done, bytes_total, rows_done, phase, page, pages } = action.progress;
      const row = files[found.at]!;
      files[found.at] = {
        ...row, status: 'reading', bytesDone: bytes_done, bytesTotal: bytes_total, rowsDone: rows_done,
        step: phase === 'done' ? row.step : phase, page: page ?? row.page, pages: pages ?? row.pages,
      };
      return { ...found.state, files };
    }
    case 'file-done': {
      const found = rowFor(state, action.result.file);
      const files = found.state.files.slice();
      files[found.at] = settled(files[found.at]!, action.result);
      return settle({ ...found.state, files });
    }
    case 'finished': {
      // The call's answer is authoritative: it also holds files refused before the backend saw them.
      const files = state.files.map((row, i) => {
        const result = action.results[i];
        return result ? settled(row, result) : row;
      });
      return { ...state, phase: 'finished', cancelling: false, awaiting: false, files };
    }
    case 'failed':
      return { ...state, phase: 'finished', cancelling: false, awaiting: false, error: action.message };
    case 'cancelling':
      return { ...state, cancelling: true, cancelTooLate: false };
    case 'cancel-answer':
      // Never 'Cancelling…' when nothing will be cancelled: too late says so, none under way lets it be asked again.
      if (action.cancelled || state.phase !== 'running') return state;
      return { ...state, cancelling: false, cancelTooLate: action.tooLate };
    case 'uploaded': {
      const row = state.files[action.index];
      if (!row || row.status !== 'uploading') return state;
      const files = state.files.slice();
      files[action.index] = { ...row, status: 'waiting' };
      return { ...state, files };
    }
    case 'dismiss':
      return IDLE;
    default: {
      const never: never = action;
      return never;
    }
  }
}

/** Files still uploading are 'waiting' once the upload step is over. */
export function uploadsDone(state: ImportPanelState): ImportPanelState {
  return { ...state, files: state.files.map((f) => (f.status === 'uploading' ? { ...f, status: 'waiting' } : f)) };
}

export type ImportTotals = { files: number; imported: number; rejected: number; refused: number; duplicates: number };

export function importTotals(state: ImportPanelState): ImportTotals {
  const totals: ImportTotals = { files: state.files.length, imported: 0, rejected: 0, refused: 0, duplicates: 0 };
  for (const { result } of state.files) {
    if (!result) continue;
    totals.imported += result.imported;
    totals.rejected += result.rejected;
    if (result.refused) totals.refused += 1;
    if (result.duplicate) totals.duplicates += 1;
  }
  return totals;
}

/**
 * Why a file was refused, without the file's name in front (the panel shows the name beside it):
 * the backend's messages read 'NAME was refused: why.'. A refusal that carries its message
 * (shared/refusal.ts) is rendered by `render` in the screen's language; older ones show their text.
 */
export function refusalReason(row: FileRow, render?: (m: Message) => string): string {
  const refused = row.result?.refused;
  if (refused?.msg && render) {
    const problem = refused.msg.key === 'refusal.refused' ? refused.msg.params?.problem : undefined;
    return render(problem && typeof problem === 'object' ? problem : refused.msg).replace(/[.。]$/, '');
  }
  const message = refused?.message ?? '';
  const prefix = `${row.name} was refused: `;
  return (message.startsWith(prefix) ? message.slice(prefix.length) : message).replace(/\.$/, '');
}

export function percent(row: FileRow): number {
  if (row.status === 'done' || row.status === 'refused') return 100;
  return row.bytesTotal > 0 ? Math.min(100, Math.floor((row.bytesDone / row.bytesTotal) * 100)) : 0;
}
