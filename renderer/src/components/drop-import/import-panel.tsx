import type { FurtherSources, ImportFileResult, RejectReason } from '../../../../shared/contract/import';
import { importTotals, percent, refusalReason, type FileRow, type ImportPanelState } from './import-state';
import { href } from '../../lib/route';
import { useI18n, type I18n } from '../../i18n/i18n';
import { DocumentWarnings } from '../document-warnings';
import { OutsideChanges } from '../outside-changes';
import { SameFactNotes } from './same-fact-notes';
import { ValueMarkNotes } from './value-mark-notes';
import { documentKindLabel } from '../../lib/document-labels';

const REJECTS_SHOWN = 20;
// Reasons with a catalogue entry (drop.reason.*); a reason the backend adds later shows as its code.
const REASON_KEYS: ReadonlySet<string> = new Set<RejectReason>(['invalid_vin', 'bad_date', 'bad_number', 'missing_field', 'bad_value', 'bad_country', 'bad_row']);

type T = I18n['t'];

function kindLabel(result: ImportFileResult | null, t: T): string {
  if (result?.refused) return t('drop.kind_refused');
  if (!result?.kind) return t('drop.kind_unknown');
  return result.kind === 'document' ? t('drop.kind_document') : documentKindLabel(t, result.kind);
}

function statusText(row: FileRow, { t, msg, num }: I18n): string {
  switch (row.status) {
    case 'uploading':
      return t('drop.uploading');
    case 'waiting':
      return t('drop.waiting');
    case 'reading':
      if (row.step === 'ocr') return t('drop.ocr', { page: row.page, pages: row.pages });
      if (row.step === 'finishing') return t('drop.finishing', { rows: num(row.rowsDone) });
      return t('drop.reading', { rows: num(row.rowsDone), percent: percent(row) });
    case 'refused': {
      // The chip says "not imported"; the line says why, as a sentence.
      const reason = refusalReason(row, (m) => msg(m));
      return t('drop.refused', { reason: reason.charAt(0).toUpperCase() + reason.slice(1) });
    }
    case 'done':
      if (row.result?.duplicate) return t('drop.duplicate');
      // A document's records wait as proposals: its line says so, never "0 imported".
      if (row.result?.kind === 'document') return t('drop.document_read', { pages: row.result.pages ?? 0, vins: row.result.vins?.length ?? 0 });
      return t('drop.done', { imported: num(row.result?.imported ?? 0), rejected: num(row.result?.rejected ?? 0) });
    default: {
      const never: never = row.status;
      return never;
    }
  }
}

/** Imported rows that made no new record: each told a fact the case held, kept as a further source of that record. */
function FurtherSourcesNote({ imported, further }: { imported: number; further: FurtherSources }) {
  const { t, num, lang } = useI18n();
  const more = further.files_total - further.files.length;
  const named = further.files.join(lang === 'zh' ? '、' : ', ');
  const files = more > 0 ? t('drop.further_files_more', { files: named, count: num(more) }) : named;
  const text = further.rows >= imported
    ? t('drop.further_all', { rows: num(further.rows), files })
    : t('drop.further_some', { rows: num(further.rows), imported: num(imported), files, fresh: num(imported - further.rows) });
  return <p className="zm-drop-further" data-note="further-sources">{text}</p>;
}

function Rejects({ result }: { result: ImportFileResult }) {
  const { t, msg, num } = useI18n();
  if (result.rejects.length === 0) return null;
  const shown = result.rejects.slice(0, REJECTS_SHOWN);
  const more = result.rejected - shown.length;
  return (
    <details className="zm-drop-rejects" open>
      <summary>{t('drop.rejects_title', { file: result.file })}</summary>
      <table aria-label={t('drop.rejects_title', { file: result.file })}>
        <thead>
          <tr><th>{t('drop.row')}</th><th>{t('drop.reason')}</th><th>{t('drop.message')}</th></tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.sheet ?? ''}:${r.row}:${r.reason}`} data-reason={r.reason}>
              <td>{r.sheet ? `${r.sheet}!${r.row}` : r.row}</td>
              <td>{REASON_KEYS.has(r.reason) ? t(`drop.reason.${r.reason}`) : r.reason}</td>
              <td>{msg(r.msg, r.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 ? <p>{t('drop.rejects_more', { count: num(more) })}</p> : null}
    </details>
  );
}

/** A table's sheets: each one's kind (a workbook of several), why one was passed over, the columns read into no field. */
function SheetNotes({ result }: { result: ImportFileResult }) {
  const { t, msg, num, lang } = useI18n();
  const sheets = result.sheets ?? [];
  const named = sheets.length > 1 || sheets.some((s) => s.skipped);
  const lines: { key: string; text: string; kind: string }[] = [];
  sheets.forEach((sheet, i) => {
    const name = sheet.sheet ?? '';
    if (sheet.skipped) lines.push({ key: `${i}:skipped`, kind: 'skipped', text: t('drop.sheet_skipped', { sheet: name, why: msg(sheet.skipped) }) });
    else if (named && sheet.kind) lines.push({ key: `${i}:kind`, kind: 'kind', text: t('drop.sheet_kind', { sheet: name, kind: documentKindLabel(t, sheet.kind), rows: num(sheet.rows) }) });
    if (sheet.unread.length === 0) return;
    const quoted = sheet.unread.map((h) => `“${h}”`).join(lang === 'zh' ? '、' : ', ');
    const columns = sheet.unread_more > 0 ? t('drop.unread_more', { columns: quoted, count: num(sheet.unread_more) }) : quoted;
    lines.push({ key: `${i}:unread`, kind: 'unread', text: sheet.sheet === null ? t('drop.unread', { columns }) : t('drop.unread_sheet', { sheet: name, columns }) });
  });
  if (lines.length === 0) return null;
  return <ul className="zm-drop-sheets">{lines.map((line) => <li key={line.key} data-note={line.kind}>{line.text}</li>)}</ul>;
}

export type ImportPanelProps = { state: ImportPanelState; onCancel: () => void; onClose: () => void };

/** Each dropped file: its kind, progress, rows imported and rejected, or why it was refused. */
export function ImportPanel({ state, onCancel, onClose }: ImportPanelProps) {
  const i18n = useI18n();
  const { t, num, lang } = i18n;
  const totals = importTotals(state);
  return (
    <section className="zm-drop-panel" role="region" aria-label={t('drop.panel_title')} data-phase={state.phase}>
      <header>
        <h2>{t('drop.panel_title')}</h2>
        {state.phase === 'running' ? (
          <button type="button" onClick={onCancel} disabled={state.cancelling || state.cancelTooLate}>
            {state.cancelling ? t('drop.cancelling') : state.cancelTooLate ? t('drop.cancel_too_late') : t('drop.cancel')}
          </button>
        ) : (
          <button type="button" onClick={onClose}>{t('drop.close')}</button>
        )}
      </header>
      {state.error ? <p role="alert" className="zm-drop-error">{t('drop.failed', { message: state.error })}</p> : null}
      <ul className="zm-drop-files">
        {state.files.map((row, i) => (
          <li key={`${i}:${row.name}`} className="zm-drop-file" data-file={row.name} data-status={row.status}>
            <div className="zm-drop-file-head">
              <span className="zm-drop-name">{row.name}</span>
              <span className="zm-drop-kind" data-kind={row.result?.kind ?? ''}>{kindLabel(row.result, t)}</span>
              <span className="zm-drop-status">{statusText(row, i18n)}</span>
            </div>
            {/* A refused file has no bar: nothing of it was read into the case. */}
            {row.status === 'refused' || row.result?.duplicate ? null : <progress max={100} value={percent(row)} aria-label={row.name} />}
            {row.result?.vins_failing?.length ? (
              <p className="zm-drop-vin-failed" data-note="vin-check-failed">
                {t('drop.vin_check_failed', { count: row.result.vins_failing.length, printed: row.result.vins_failing.join(lang === 'zh' ? '、' : ', ') })}
              </p>
            ) : null}
            {row.result?.kind === 'document' && (row.result.proposed ?? 0) > 0 ? (
              <p className="zm-drop-proposed"><a href={href({ screen: 'review' })}>{t('drop.proposed', { count: row.result.proposed ?? 0 })}</a></p>
            ) : null}
            {row.result && !row.result.refused && !row.result.duplicate && row.result.kind !== 'document' ? (
              <dl className="zm-drop-counts">
                <dt>{t('drop.imported')}</dt><dd data-count="imported">{num(row.result.imported)}</dd>
                <dt>{t('drop.rejected')}</dt><dd data-count="rejected">{num(row.result.rejected)}</dd>
              </dl>
            ) : null}
            {row.result?.further_sources ? <FurtherSourcesNote imported={row.result.imported} further={row.result.further_sources} /> : null}
            <OutsideChanges changes={row.result?.registers_changed_outside} act="import" />
            <SameFactNotes notes={row.result?.same_facts} />
            {row.result ? <ValueMarkNotes result={row.result} /> : null}
            {row.result ? <SheetNotes result={row.result} /> : null}
            {row.result ? <Rejects result={row.result} /> : null}
            {row.result?.warnings ? <DocumentWarnings warnings={row.result.warnings} /> : null}
          </li>
        ))}
      </ul>
      {state.phase === 'finished' ? (
        <p className={totals.refused > 0 && totals.refused === totals.files ? 'zm-drop-totals zm-drop-error' : 'zm-drop-totals'} role="status">
          {totals.refused > 0 && totals.refused === totals.files ? t('drop.all_refused', { count: num(totals.refused) }) : t('drop.totals', { files: num(totals.files), imported: num(totals.imported), rejected: num(totals.rejected), refused: num(totals.refused) })}
        </p>
      ) : null}
    </section>
  );
}
