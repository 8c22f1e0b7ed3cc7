import { useEffect } from 'react';
import type { RecordKind } from '../../../shared/record-kinds';
import { useI18n } from '../i18n/i18n';
import { citedPlace } from '../../../shared/citation';
import { useInvoke } from '../lib/use-invoke';
import { ErrorBox, Loading } from './messages';

/** The source of one record: document name, SHA-256, sheet and row (or page) and the cells as written. */
export function SourceDialog({ kind, id, onClose }: { kind: RecordKind; id: number; onClose: () => void }) {
  const { t, msg } = useI18n();
  const [source, reload] = useInvoke('record:source', { record_kind: kind, record_id: id });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="modal modal-wide" role="dialog" aria-modal="true" aria-label={t('source.title')}>
        <h2>{t('source.title')}</h2>
        {source.state === 'loading' && <Loading />}
        {source.state === 'error' && <ErrorBox code={source.code} message={source.message} msg={source.msg} onRetry={reload} />}
        {source.state === 'ready' && (
          <>
            <dl className="facts">
              <dt>{t('source.document')}</dt><dd>{source.value.file_name}</dd>
              <dt>{t('source.sha256')}</dt><dd className="mono small">{source.value.sha256}</dd>
              <dt>{t('source.location')}</dt>
              <dd>{msg(citedPlace({ sheet: source.value.sheet, row: source.value.row_no, page: source.value.page })).trimStart()}</dd>
            </dl>
            <h3>{t('source.raw')}</h3>
            <table className="kv" aria-label={t('source.raw')}>
              <tbody>
                {Object.entries(source.value.raw).map(([header, cell]) => (
                  <tr key={header}><th>{header}</th><td>{cell === null || cell === undefined ? '' : String(cell)}</td></tr>
                ))}
              </tbody>
            </table>
            {source.value.page_text && (<><h3>{t('source.page_text')}</h3><pre className="page-text">{source.value.page_text}</pre></>)}
          </>
        )}
        <div className="modal-actions"><button type="button" onClick={onClose} aria-label={t('common.close')}>{t('common.close')}</button></div>
      </div>
    </div>
  );
}
