import { useRef, useState, type ReactNode } from 'react';
import type { ExportFormat, ExportTableName } from '../../../shared/contract/print';
import { exportExtension, exportSubject, offeredFileName, pathBeside, type ExportRequest } from '../../../shared/print-request';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { OutcomeLine, ReplaceQuestion, existsOutcome, failedOutcome, useCaseNaming, type Outcome } from './outcome-line';
import { errorOf } from '../lib/use-invoke';
import { exportCountsText } from '../lib/export-counts';

const FORMATS: ExportFormat[] = ['ftm', 'graphml', 'csv', 'xlsx'];
const QUEUE_FORMATS: ExportFormat[] = ['csv', 'xlsx'];
const TABLES: ExportTableName[] = ['flags', 'vehicles', 'parties', 'records'];
const FIELDS = { display: 'flex', flexDirection: 'column', gap: 10 } as const;
const FIELD = { display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 } as const;

export type SaveDialogProps = {
  /** The dialog's heading and accessible name. */
  title: string;
  hint?: ReactNode;
  /** The offered file is named after the case and these words ("evidence VIN", "flags"), beside the case file. */
  subject: string;
  extension: string;
  /** The submit button's text ("Export", "Save PDF"). */
  action: string;
  /**
   * Writes the file: to `path` in browser mode (the Save to field), or, in the desktop app, where
   * its native save dialog asks (`path` undefined); says what came of it. `replace` is true once
   * the analyst agreed to write over the file already at `path`; until then such a path comes back
   * as `{ kind: 'exists' }` and the dialog asks.
   */
  run: (path: string | undefined, replace: boolean) => Promise<Outcome>;
  /** A way to stop the work while it runs (the case report). */
  stop?: { label: string; onStop: () => void };
  onClose: () => void;
  /** The choices above the path (format, table…); the path field takes the focus when there are none. */
  children?: ReactNode;
};

/**
 * Every "save where?" of the page: File > Export…, Export queue… and Save as PDF…. Browser mode has
 * no save dialog of its own, so this one asks for the path (offered beside the case file, named
 * after the case and the subject; an edited path holds until the choice that offered it changes);
 * the desktop app asks with its native dialog when the action button is pressed.
 */
export function SaveDialog({ title, hint, subject, extension, action, run, stop, onClose, children }: SaveDialogProps) {
  const { t } = useI18n();
  const naming = useCaseNaming();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const offered = pathBeside(naming.path, offeredFileName(naming.title, subject, extension));
  const [pathEdit, setPathEdit] = useState<{ offered: string; path: string } | null>(null);
  const path = pathEdit && pathEdit.offered === offered ? pathEdit.path : offered;
  const asksPath = !api.hasSaveDialog;
  const pathField = useRef<HTMLInputElement>(null);

  async function submit(replace = false) {
    setOutcome({ kind: 'working' });
    try {
      setOutcome(await run(asksPath ? path : undefined, replace));
    } catch (error) {
      setOutcome(failedOutcome(errorOf(error)));
    }
  }

  // Until the case's own path is known the offered path would be a bare file name, saved wherever
  // the backend happens to run (seen in the triage e2e test under load): the dialog waits for it.
  if (!naming.ready) return null;
  const working = outcome?.kind === 'working';
  // Asked about this path only: an edited path is asked about again when it is saved.
  const exists = outcome?.kind === 'exists' && outcome.path === path ? outcome.path : null;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={title} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2>{title}</h2>
        {hint && <p className="muted small">{hint}</p>}
        <div style={FIELDS}>
          {children}
          {asksPath && (
            <label style={FIELD}>{t('export.path')}
              <input ref={pathField} aria-label={t('export.path')} className="mono small" value={path} autoFocus={!children}
                onChange={(e) => setPathEdit({ offered, path: e.target.value })} />
            </label>
          )}
        </div>
        <OutcomeLine outcome={outcome} />
        {exists && <ReplaceQuestion path={exists} onReplace={() => void submit(true)} onKeep={() => { setOutcome(null); pathField.current?.focus(); }} />}
        <div className="modal-actions">
          {working && stop && <button type="button" onClick={stop.onStop}>{stop.label}</button>}
          <button type="button" onClick={onClose}>{t('common.close')}</button>
          <button type="submit" disabled={working || (asksPath && !path.trim())}>{action}</button>
        </div>
      </form>
    </div>
  );
}

/**
 * File > Export… and the overview's Export button: format, table, flagged only, then where. From
 * the flag queue (`queue`): the queue as filtered and sorted, as CSV or XLSX.
 */
export function ExportDialog({ onClose, queue }: { onClose: () => void; queue?: ExportRequest['queue'] }) {
  const { t } = useI18n();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [table, setTable] = useState<ExportTableName>('flags');
  // A workbook holds every table unless one is chosen; a CSV file holds one.
  const [sheet, setSheet] = useState<ExportTableName | 'all'>('all');
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const chosen = format === 'csv' ? table : format === 'xlsx' && sheet !== 'all' ? sheet : null;
  const request: ExportRequest = queue ? { format, queue } : { format, ...(chosen ? { table: chosen } : {}), flagged_only: flaggedOnly };
  const formats = queue ? QUEUE_FORMATS : FORMATS;

  const run = async (path: string | undefined, replace: boolean): Promise<Outcome> => {
    const done = await api.exportFile(request, path, replace);
    if (!done.ok) return existsOutcome(done.error, path) ?? failedOutcome(done.error);
    if (!done.value) return null;
    const { path: savedTo, counts } = done.value;
    return { kind: 'saved', text: (i) => i.t('export.done', { path: savedTo, counts: exportCountsText(i, counts) }) };
  };

  return (
    <SaveDialog title={queue ? t('queue_export.title') : t('export.title')} {...(queue ? { hint: t('queue_export.hint') } : {})}
      subject={exportSubject(request)} extension={exportExtension(format)} action={t('export.run')} run={run} onClose={onClose}>
      <label style={FIELD}>{t('export.format')}
        <select aria-label={t('export.format')} value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)} autoFocus>
          {formats.map((f) => <option key={f} value={f}>{queue ? t(`queue_export.${f as 'csv' | 'xlsx'}`) : t(`export.${f}`)}</option>)}
        </select>
      </label>
      {(format === 'csv' || format === 'xlsx') && !queue && (
        <label style={FIELD}>{t('export.table')}
          <select aria-label={t('export.table')} value={format === 'csv' ? table : sheet}
            onChange={(e) => (format === 'csv' ? setTable(e.target.value as ExportTableName) : setSheet(e.target.value as ExportTableName | 'all'))}>
            {format === 'xlsx' && <option value="all">{t('export.table_all')}</option>}
            {TABLES.map((name) => <option key={name} value={name}>{t(`export.table_${name}`)}</option>)}
          </select>
        </label>
      )}
      {!queue && <label style={{ display: 'flex', flexDirection: 'row', alignItems: 'center', gap: 6 }}><input type="checkbox" checked={flaggedOnly} onChange={(e) => setFlaggedOnly(e.target.checked)} /> {t('export.flagged_only')}</label>}
    </SaveDialog>
  );
}
