import { useI18n } from '../i18n/i18n';
import { href } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';

/** The documents (PDFs, scans) that name a vehicle, each page a link to the page view. */
export function VinDocuments({ vin }: { vin: string }) {
  const { t } = useI18n();
  const [docs] = useInvoke('documents:for-vin', { vin });
  if (docs.state !== 'ready') return null;
  return (
    <section className="panel" aria-label={t('doc.naming_vin')}>
      <h2>{t('doc.naming_vin')}</h2>
      {docs.value.length === 0 ? <p className="muted">{t('doc.naming_none')}</p> : (
        <ul className="zm-doc-list">
          {docs.value.map((d) => (
            <li key={`${d.document_id}-${d.page}`} data-document={d.document_id}>
              <a href={href({ screen: 'document', id: d.document_id, page: d.page, name: d.file_name })}>{d.file_name}</a>
              <span className="muted"> · {t('search.page', { page: d.page })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
