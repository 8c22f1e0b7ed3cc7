import { useState } from 'react';
import type { EvidenceRef } from '../../../shared/contract/chain';
import type { PartyVehicle } from '../../../shared/contract/party';
import { citation } from '../../../shared/citation';
import { useI18n } from '../i18n/i18n';
import { useInvoke } from '../lib/use-invoke';
import { ErrorBox, Loading } from './messages';
import { SourceDialog } from './source-dialog';

/** How many vehicles the party page lists (in VIN order): a maker's page would otherwise list 250,000. */
const LISTED = 500;

const SOURCE_KINDS = ['bought', 'exported', 'received'] as const;

/**
 * The party's vehicles: bought, exported and received as consignee (a foreign buyer: the date of
 * its first declaration to the party and the exporter that sent it), each date cited to its record,
 * whose source opens on a click.
 */
export function PartyVehicles({ partyId }: { partyId: number }) {
  const i18n = useI18n();
  const { t, num, date } = i18n;
  const [vehicles, reload] = useInvoke('party:vehicles', { id: partyId, limit: LISTED });
  const [source, setSource] = useState<EvidenceRef | null>(null);
  const list: PartyVehicle[] = vehicles.state === 'ready' ? vehicles.value : [];
  const received = list.some((v) => v.received !== null);
  return (
    <section className="panel" aria-label={t('party.vehicles')}>
      <h2>{t('party.vehicles')}</h2>
      {vehicles.state === 'loading' && <Loading />}
      {vehicles.state === 'error' && <ErrorBox code={vehicles.code} message={vehicles.message} msg={vehicles.msg} onRetry={reload} />}
      {vehicles.state === 'ready' && (
        <>
          {list.length >= LISTED && <p className="small" role="note">{t('party.vehicles_first', { count: num(LISTED) })}</p>}
          <table className="table" aria-label={t('party.vehicles')}>
            <thead>
              <tr>
                <th>{t('col.vin')}</th><th>{t('party.bought_on')}</th><th>{t('party.exported_on')}</th><th>{t('col.destination')}</th><th className="num">{t('col.days')}</th>
                {received && <><th>{t('party.received_on')}</th><th>{t('party.sent_by')}</th></>}
                <th>{t('party.sources')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.vin} data-vin={v.vin}>
                  <td><a className="mono" href={`#/vehicle/${encodeURIComponent(v.vin)}`}>{v.vin}</a></td>
                  <td>{date(v.bought)}</td><td>{date(v.exported)}</td><td>{v.destination ?? ''}</td><td className="num">{num(v.days)}</td>
                  {received && (
                    <>
                      <td data-testid="received-on">{date(v.received)}</td>
                      <td>{v.exporter && <a href={`#/party/${v.exporter.id}`}>{v.exporter.name}</a>}</td>
                    </>
                  )}
                  <td>
                    {SOURCE_KINDS.map((kind) => {
                      const ref = v.sources[kind];
                      return ref && (
                        <div key={kind}>
                          <button type="button" className="link" onClick={() => setSource(ref)}>{t(`party.source_${kind}`)}: {i18n.msg(citation(ref))}</button>
                        </div>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {source && <SourceDialog kind={source.record_kind} id={source.record_id} onClose={() => setSource(null)} />}
    </section>
  );
}
