import { useState } from 'react';
import type { ExportFormat, ExportTableName } from '../../../shared/contract/print';
import { exportExtension, exportSubject, offeredFileName, pathBeside, type ExportRequest } from '../../../shared/print-request';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { OutcomeLine, useCaseNaming, type Outcome } from './print-actions';
import { failureText } from '../lib/failure-text';
import { exportCountsText } from '../lib/export-counts';

const FORMATS: ExportFormat[] = ['ftm', 'graphml', 'csv', 'xlsx'];
const QUEUE_FORMATS: ExportFormat[] = ['csv', 'xlsx'];
const TABLES: ExportTableName[] = ['flags', 'vehicles', 'parties', 'records'];
const FIELDS = { display: 'flex', flexDirection: 'column', gap: 10 } as const;
const FIELD = { display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 } as const;

/**
 * File > Export… and the overview's Export button: format, table, flagged only, then where. From
 * the flag queue (`queue`): the queue as filtered and sorted, as CSV or XLSX.
 */
export function ExportDialog({ onClose, queue }: { onClose: () => void; queue?: ExportRequest['queue'] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const naming = useCaseNaming();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [table, setTable] = useState<ExportTableName>('flags');
  // A workbook holds every table unless one is chosen; a CSV file holds one.
  const [sheet, setSheet] = useState<ExportTableName | 'all'>('all');
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const chosen = format === 'csv' ? table : format === 'xlsx' && sheet !== 'all' ? sheet : null;
  const request: ExportRequest = queue ? { format, queue } : { format, ...(chosen ? { table: chosen } : {}), flagged_only: flaggedOnly };
  const formats = queue ? QUEUE_FORMATS : FORMATS;
  const offered = pathBeside(naming.path, offeredFileName(naming.title, exportSubject(request), exportExtension(format)));
  const [pathEdit, setPathEdit] = useState<{ offered: string; path: string } | null>(null);
  // An edited path holds until the choice that offered it changes.
  const path = pathEdit && pathEdit.offered === offered ? pathEdit.path : offered;

  async function run() {
    setOutcome({ kind: 'working' });
    const done = await api.exportFile(request, path);
    if (!done.ok) { const { error } = done; setOutcome({ kind: 'failed', text: (i) => i.t('print.failed', { message: failureText(i, error) }) }); }
    else if (!done.value) setOutcome(null);
    else {
      const { path: savedTo, counts } = done.value;
      setOutcome({ kind: 'saved', text: (i) => i.t('export.done', { path: savedTo, counts: exportCountsText(i, counts) }) });
    }
  }

  // Until the case's own path is known the offered path would be a bare file name, saved wherever
  // the backend happens to run (seen in the triage e2e test under load): the dialog waits for it.
  if (!naming.ready) return null;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <form className="modal" role="dialog" aria-modal="true" aria-label={queue ? t('queue_export.title') : t('export.title')} onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <h2>{queue ? t('queue_export.title') : t('export.title')}</h2>
        {queue && <p className="muted small">{t('queue_export.hint')}</p>}
        <div style={FIELDS}>
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
          {!api.hasSaveDialog && (
            <label style={FIELD}>{t('export.path')}
              <input aria-label={t('export.path')} className="mono small" value={path} onChange={(e) => setPathEdit({ offered, path: e.target.value })} />
            </label>
          )}
        </div>
        <OutcomeLine outcome={outcome} />
        <div className="modal-actions">
          <button type="button" onClick={onClose}>{t('common.close')}</button>
          <button type="submit" disabled={outcome?.kind === 'working' || (!api.hasSaveDialog && !path.trim())}>{t('export.run')}</button>
        </div>
      </form>
    </div>
  );
}
