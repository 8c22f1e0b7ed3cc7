import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../shared/contract/search';
import type { DocumentSearchHit, DocumentSearchResult } from '../../../shared/document-fields';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { snippetParts } from '../lib/document-labels';
import { navigate } from '../lib/route';
import { errorOf } from '../lib/use-invoke';

export function openHit(hit: SearchHit): void {
  if (hit.kind === 'vehicle') navigate({ screen: 'vehicle', vin: hit.vin });
  else navigate({ screen: 'party', id: hit.party_id });
}

/** Ctrl+K: VIN or part, plate, party name, invoice or declaration number; arrows choose, Enter opens. */
export function SearchPalette({ onClose }: { onClose: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  // Document text matches follow the records' matches; the arrows walk both lists as one.
  const [docHits, setDocHits] = useState<DocumentSearchHit[]>([]);
  const [docCount, setDocCount] = useState<Pick<DocumentSearchResult, 'total' | 'total_capped' | 'more'> | null>(null);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [searched, setSearched] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // Focused before it is painted, so the first keys typed after Ctrl+K land in the box.
  useLayoutEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const query = q.trim();
    if (query.length < 2) { setHits([]); setDocHits([]); setDocCount(null); setSearched(''); return; }
    let live = true;
    const timer = setTimeout(() => {
      Promise.all([api.invoke('search:query', { q: query }), api.invoke('documents:search', { q: query, limit: 8 })]).then(
        ([found, docs]) => { if (live) { setHits(found); setDocHits(docs.hits); setDocCount(docs); setActive(0); setProblem(null); setSearched(query); } },
        (e: unknown) => { if (live) setProblem(errorOf(e).message); },
      );
    }, 120);
    return () => { live = false; clearTimeout(timer); };
  }, [q]);
  const total = hits.length + docHits.length;
  const choose = (i: number) => {
    const hit = hits[i];
    const doc = docHits[i - hits.length];
    if (hit) openHit(hit);
    else if (doc) navigate({ screen: 'document', id: doc.document_id, page: doc.page, name: doc.file_name });
    else return;
    onClose();
  };
  return (
    <div className="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="modal palette" role="dialog" aria-modal="true" aria-label={t('search.title')}>
        <input ref={input} className="palette-input" aria-label={t('search.title')} placeholder={t('search.placeholder')} value={q}
          role="combobox" aria-expanded={total > 0} aria-controls="search-results"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(total - 1, i + 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(0, i - 1)); }
            else if (e.key === 'Enter') { e.preventDefault(); choose(active < total ? active : 0); }
            else if (e.key === 'Escape') onClose();
          }} />
        <ul id="search-results" role="listbox" aria-label={t('search.title')} className="palette-results">
          {hits.map((hit, i) => (
            <li key={hit.kind === 'vehicle' ? `v${hit.vin}` : `p${hit.party_id}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => choose(i)}>
              <span className="chip">{hit.kind === 'vehicle' ? t('search.vehicle') : t('search.party')}</span>
              <span className={hit.kind === 'vehicle' ? 'mono' : ''}>{hit.label}</span>
              <span className="muted small">{i18n.msg(hit.detail_msg, hit.detail)}</span>
            </li>
          ))}
          {docHits.map((doc, j) => {
            const i = hits.length + j;
            return (
              <li key={`d${doc.document_id}-${doc.page}-${j}`} role="option" aria-selected={i === active} data-document={doc.document_id}
                className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => choose(i)}>
                <span className="chip">{t('search.document')}</span>
                <span>{doc.file_name} · {t('search.page', { page: doc.page })}</span>
                <span className="muted small">{snippetParts(doc.snippet).map((part, k) => (part.match ? <mark key={k}>{part.text}</mark> : <span key={k}>{part.text}</span>))}</span>
              </li>
            );
          })}
        </ul>
        {docCount?.more && (
          <p className="muted small" role="status" data-testid="document-hits-more">
            {t('search.documentsMore', { shown: docHits.length, total: `${docCount.total.toLocaleString()}${docCount.total_capped ? '+' : ''}` })}
          </p>
        )}
        {searched && total === 0 && <p className="muted" role="status">{t('search.none')}</p>}
        {problem && <p className="field-error" role="alert">{problem}</p>}
        <p className="muted small">{t('search.hint')}</p>
      </div>
    </div>
  );
}
