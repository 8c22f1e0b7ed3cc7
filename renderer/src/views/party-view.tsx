import { StaleRunNotice } from '../components/stale-run-notice';
import { ErrorBox, Loading } from '../components/messages';
import { PartyCode, PartyFigureTiles } from '../components/party-figures';
import { NotesTags } from '../components/notes-tags';
import { PackActions } from '../components/pack-actions';
import { PartyTimelines } from '../components/party-timelines';
import { PartyVehicles } from '../components/party-vehicles';
import { useI18n } from '../i18n/i18n';
import type { NameMatches } from '../../../shared/contract/party';
import { useInvoke } from '../lib/use-invoke';
import { NetworkWorkspace } from './network-workspace';

export function PartyView({ id }: { id: number }) {
  const { t, date } = useI18n();
  const [detail, reload] = useInvoke('party:get', { id });
  if (detail.state === 'loading') return <section className="screen"><Loading /></section>;
  if (detail.state === 'error') {
    return <section className="screen">{detail.code === 'not_found' ? <p className="empty-state" role="status">{t('party.not_found')}</p> : <ErrorBox code={detail.code} message={detail.message} msg={detail.msg} onRetry={reload} />}</section>;
  }
  const p = detail.value;
  return (
    <section className="screen" aria-label={`${t('party.title')} ${p.name}`}>
      <header className="screen-head"><h1>{p.name}</h1>{p.is_person && <span className="chip">{t('party.person')}</span>}</header>
      <StaleRunNotice />
      <div className="columns">
        <section className="panel">
          <dl className="facts">
            <dt>{t('party.code')}</dt>
            <dd><PartyCode party={p} /></dd>
            {p.aliases.length > 0 && (<><dt>{t('party.aliases')}</dt><dd>{p.aliases.join(' · ')}</dd></>)}
            {p.country && (<><dt>{t('col.country')}</dt><dd>{p.country}</dd></>)}
            <dt>{t('party.period')}</dt><dd>{t('party.period_value', { from: date(p.period.first), to: date(p.period.last) })}</dd>
          </dl>
          <NameMatchesNote matches={p.name_matches} />
        </section>
        <section className="panel grow" aria-label={t('party.figures')}>
          <h2>{t('party.figures')}</h2>
          <PartyFigureTiles figures={p.figures} />
        </section>
      </div>
      <NetworkWorkspace partyId={p.id} />
      <PackActions selection={{ party_id: p.id }} />
      <PartyTimelines partyId={p.id} />
      <PartyVehicles partyId={p.id} />
      <NotesTags subjectType="party" subjectId={String(p.id)} />
    </section>
  );
}

/** Records tied to the party by name alone, and the parties of the same name kept apart from it. */
function NameMatchesNote({ matches }: { matches: NameMatches }) {
  const { t, num } = useI18n();
  if (matches.records === 0 && matches.same_name.length === 0) return null;
  return (
    <div className="by-name" role="note" data-testid="party-name-matches">
      {matches.records > 0 && <p><b>{t('party.by_name_records', { count: num(matches.records) })}</b></p>}
      {matches.same_name.length > 0 && (
        <p>{t('party.same_name')}:{' '}
          {matches.same_name.map((o, i) => (
            <span key={o.id}>{i > 0 && ' · '}<a href={`#/party/${o.id}`}>{o.name}</a> <span className="mono small">{o.party_code ?? t('party.same_name_no_id')}</span></span>
          ))}
          {matches.same_name_more && ` · ${t('party.same_name_more')}`}
        </p>
      )}
    </div>
  );
}
