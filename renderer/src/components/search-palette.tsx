import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../shared/contract/search';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { navigate } from '../lib/route';
import { errorOf } from '../lib/use-invoke';

export function openHit(hit: SearchHit): void {
  if (hit.kind === 'vehicle') navigate({ screen: 'vehicle', vin: hit.vin });
  else navigate({ screen: 'party', id: hit.party_id });
}

/** Ctrl+K: VIN or part, plate, party name, invoice or declaration number; arrows choose, Enter opens. */
export function SearchPalette({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [searched, setSearched] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const query = q.trim();
    if (query.length < 2) { setHits([]); setSearched(''); return; }
    let live = true;
    const timer = setTimeout(() => {
      api.invoke('search:query', { q: query }).then(
        (found) => { if (live) { setHits(found); setActive(0); setProblem(null); setSearched(query); } },
        (e: unknown) => { if (live) setProblem(errorOf(e).message); },
      );
    }, 120);
    return () => { live = false; clearTimeout(timer); };
  }, [q]);
  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    openHit(hit);
    onClose();
  };
  return (
    <div className="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="modal palette" role="dialog" aria-modal="true" aria-label={t('search.title')}>
        <input ref={input} className="palette-input" aria-label={t('search.title')} placeholder={t('search.placeholder')} value={q}
          role="combobox" aria-expanded={hits.length > 0} aria-controls="search-results"
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(hits.length - 1, i + 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(0, i - 1)); }
            else if (e.key === 'Enter') { e.preventDefault(); choose(hits[active] ?? hits[0]); }
            else if (e.key === 'Escape') onClose();
          }} />
        <ul id="search-results" role="listbox" aria-label={t('search.title')} className="palette-results">
          {hits.map((hit, i) => (
            <li key={hit.kind === 'vehicle' ? `v${hit.vin}` : `p${hit.party_id}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => choose(hit)}>
              <span className="chip">{hit.kind === 'vehicle' ? t('search.vehicle') : t('search.party')}</span>
              <span className={hit.kind === 'vehicle' ? 'mono' : ''}>{hit.label}</span>
              <span className="muted small">{hit.detail}</span>
            </li>
          ))}
        </ul>
        {searched && hits.length === 0 && <p className="muted" role="status">{t('search.none')}</p>}
        {problem && <p className="field-error" role="alert">{problem}</p>}
        <p className="muted small">{t('search.hint')}</p>
      </div>
    </div>
  );
}
