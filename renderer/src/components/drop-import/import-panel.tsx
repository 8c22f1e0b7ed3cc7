import type { ImportFileResult } from '../../../../shared/contract/import';
import { importTotals, percent, type FileRow, type ImportPanelState } from './import-state';
import { DROP_TEXT, fill, REASON_TEXT } from './strings';

const REJECTS_SHOWN = 20;

function kindLabel(result: ImportFileResult | null): string {
  if (!result?.kind) return DROP_TEXT.kindUnknown;
  return result.kind === 'document' ? DROP_TEXT.kindDocument : result.kind;
}

function statusText(row: FileRow): string {
  switch (row.status) {
    case 'uploading':
      return DROP_TEXT.uploading;
    case 'waiting':
      return DROP_TEXT.waiting;
    case 'reading':
      return fill(DROP_TEXT.reading, { rows: row.rowsDone.toLocaleString(), percent: percent(row) });
    case 'refused':
      return fill(DROP_TEXT.refused, { reason: row.result?.refused?.message ?? '' });
    case 'done':
      return row.result?.duplicate
        ? DROP_TEXT.duplicate
        : fill(DROP_TEXT.done, { imported: row.result?.imported.toLocaleString() ?? 0, rejected: row.result?.rejected.toLocaleString() ?? 0 });
    default: {
      const never: never = row.status;
      return never;
    }
  }
}

function Rejects({ result }: { result: ImportFileResult }) {
  if (result.rejects.length === 0) return null;
  const shown = result.rejects.slice(0, REJECTS_SHOWN);
  const more = result.rejected - shown.length;
  return (
    <details className="zm-drop-rejects" open>
      <summary>{fill(DROP_TEXT.rejectsTitle, { file: result.file })}</summary>
      <table aria-label={fill(DROP_TEXT.rejectsTitle, { file: result.file })}>
        <thead>
          <tr><th>{DROP_TEXT.row}</th><th>{DROP_TEXT.reason}</th><th>{DROP_TEXT.message}</th></tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.sheet ?? ''}:${r.row}:${r.reason}`} data-reason={r.reason}>
              <td>{r.sheet ? `${r.sheet}!${r.row}` : r.row}</td>
              <td>{REASON_TEXT[r.reason] ?? r.reason}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p>{fill(DROP_TEXT.rejectsMore, { count: more.toLocaleString() })}</p> : null}
    </details>
  );
}

export type ImportPanelProps = { state: ImportPanelState; onCancel: () => void; onClose: () => void };

/** Each dropped file: its kind, progress, rows imported and rejected, or why it was refused. */
export function ImportPanel({ state, onCancel, onClose }: ImportPanelProps) {
  const totals = importTotals(state);
  return (
    <section className="zm-drop-panel" role="region" aria-label={DROP_TEXT.panelTitle} data-phase={state.phase}>
      <header>
        <h2>{DROP_TEXT.panelTitle}</h2>
        {state.phase === 'running' ? (
          <button type="button" onClick={onCancel} disabled={state.cancelling}>
            {state.cancelling ? DROP_TEXT.cancelling : DROP_TEXT.cancel}
          </button>
        ) : (
          <button type="button" onClick={onClose}>{DROP_TEXT.close}</button>
        )}
      </header>
      {state.error ? <p role="alert" className="zm-drop-error">{fill(DROP_TEXT.failed, { message: state.error })}</p> : null}
      <ul className="zm-drop-files">
        {state.files.map((row, i) => (
          <li key={`${i}:${row.name}`} className="zm-drop-file" data-file={row.name} data-status={row.status}>
            <div className="zm-drop-file-head">
              <span className="zm-drop-name">{row.name}</span>
              <span className="zm-drop-kind" data-kind={row.result?.kind ?? ''}>{kindLabel(row.result)}</span>
              <span className="zm-drop-status">{statusText(row)}</span>
            </div>
            <progress max={100} value={percent(row)} aria-label={row.name} />
            {row.result ? (
              <dl className="zm-drop-counts">
                <dt>imported</dt><dd data-count="imported">{row.result.imported}</dd>
                <dt>rejected</dt><dd data-count="rejected">{row.result.rejected}</dd>
              </dl>
            ) : null}
            {row.result ? <Rejects result={row.result} /> : null}
          </li>
        ))}
      </ul>
      {state.phase === 'finished' ? (
        <p className="zm-drop-totals">{fill(DROP_TEXT.totals, { ...totals })}</p>
      ) : null}
    </section>
  );
}
