import { DocumentWarnings } from '../components/document-warnings';
import { ErrorBox, Loading } from '../components/messages';
import { PageWithBoxes, type LabelledBox } from '../components/page-with-boxes';
import { useI18n } from '../i18n/i18n';
import { fieldLabel } from '../lib/document-labels';
import { href, navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import './review-documents.css';

/** One page of a document (opened from a vehicle or a search hit): the image with the read fields boxed, and its text. */
export function DocumentPage({ id, page, name }: { id: number; page: number; name?: string }) {
  const { t } = useI18n();
  const [pages] = useInvoke('documents:pages', { document_id: id });
  const [proposals] = useInvoke('proposed:list', { document_id: id });
  if (pages.state === 'loading') return <section className="screen"><Loading /></section>;
  // A link to a document the case does not hold, or to a table file (its rows are records, it has no pages): said as the party and vehicle pages say it.
  if (pages.state === 'error') {
    return <section className="screen">{pages.code === 'not_found' ? <p className="empty-state" role="status">{t('doc.not_found', { id })}</p>
      : <ErrorBox code={pages.code} message={pages.message} msg={pages.msg} />}</section>;
  }
  if (pages.value.length === 0) return <section className="screen"><p className="empty-state" role="status">{t('doc.no_pages', { id })}</p></section>;
  const onPage = proposals.state === 'ready' ? proposals.value.filter((p) => p.page === page) : [];
  const file = name ?? onPage[0]?.file_name ?? (proposals.state === 'ready' ? proposals.value[0]?.file_name : undefined) ?? t('doc.document', { id });
  const boxes: LabelledBox[] = onPage.flatMap((p) => Object.entries(p.boxes ?? {}).map(([field, box]) => ({ name: `${p.id}:${field}`, label: fieldLabel(t, field), box })));
  const text = pages.value.find((p) => p.page === page);
  const count = pages.value.length;
  const go = (to: number) => navigate({ screen: 'document', id, page: to, ...(name ? { name } : {}) });
  const title = t('doc.page_title', { file, page });
  const source = text ? t(text.source === 'ocr' ? 'doc.source_ocr' : text.source === 'text' ? 'doc.source_text' : 'doc.source_none') : '';
  return (
    <section className="screen" aria-label={title}>
      <header className="screen-head">
        <h1>{title}</h1>
        <button type="button" disabled={page <= 1} onClick={() => go(page - 1)}>{t('doc.prev')}</button>
        <span className="count">{page} / {count}</span>
        <button type="button" disabled={page >= count} onClick={() => go(page + 1)}>{t('doc.next')}</button>
        {onPage.some((p) => p.status === 'proposed') && <a href={href({ screen: 'review' })}>{t('nav.review')}</a>}
      </header>
      <div className="zm-doc-view">
        <PageWithBoxes documentId={id} page={page} title={title} boxes={boxes} />
        <section className="panel" aria-label={t('doc.text')}>
          <h2>{t('doc.text')} <span className="muted small">{source}</span></h2>
          {text && <DocumentWarnings warnings={text.warnings} />}
          {text?.vins.map((vin) => <a key={vin} className="chip mono" href={href({ screen: 'vehicle', vin })}>{vin}</a>)}
          <pre className="zm-doc-text">{text?.text ?? ''}</pre>
        </section>
      </div>
    </section>
  );
}
