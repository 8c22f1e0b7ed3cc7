import { useState } from 'react';
import type { EvidenceRef, VehicleChain } from '../../../shared/contract/chain';
import { useI18n } from '../i18n/i18n';
import { citedPlace } from '../../../shared/citation';
import { SourceDialog } from './source-dialog';

/**
 * The holders the vehicle's records name without the identifier the party has: each such record
 * was matched to the party by name only, and is listed here with a way to open its row, so the
 * analyst sees the link is a name and not an identity.
 */
export function ByNameNote({ chain }: { chain: VehicleChain }) {
  const { t, msg } = useI18n();
  const [source, setSource] = useState<EvidenceRef | null>(null);
  const holders = chain.holders.filter((h) => h.by_name.length > 0);
  if (holders.length === 0) return null;
  const place = (e: EvidenceRef) => msg(citedPlace(e)).trimStart();
  return (
    <div className="by-name" role="note" aria-label={t('chain.by_name')} data-testid="chain-by-name">
      <p><b>{t('chain.by_name')}</b>: {t('chain.by_name_explained')}</p>
      <ul>
        {holders.map((h) => (
          <li key={h.party_id ?? h.name}>
            {h.name} <span className="mono small">{h.party_code}</span>:{' '}
            {h.by_name.map((e) => (
              <button key={`${e.record_kind}:${e.record_id}`} type="button" className="link" onClick={() => setSource(e)}>
                {e.file_name}, {place(e)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {source && <SourceDialog kind={source.record_kind} id={source.record_id} onClose={() => setSource(null)} />}
    </div>
  );
}
