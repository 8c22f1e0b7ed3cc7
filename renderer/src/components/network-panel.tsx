import { Fragment } from 'react';
import type { ChartNode } from '../lib/network-groups';
import { nodeTip } from '../lib/network-elements';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import { useI18n } from '../i18n/i18n';
import { ErrorBox, Loading } from './messages';
import { PartyCode, partyFigureList } from './party-figures';

type Props = {
  node: ChartNode;
  pinned: boolean;
  onExpand(): void;
  onHide(): void;
  onPin(): void;
  onClose(): void;
};

/** The property panel of the link chart: a party's figures, aliases, ID check and flags, or a group's members. */
export function NetworkPanel({ node, pinned, onExpand, onHide, onPin, onClose }: Props) {
  const i18n = useI18n();
  const { t, msg, num } = i18n;
  const partyId = node.kind === 'party' ? node.members[0]! : null;
  const [detail] = useInvoke('party:get', partyId === null ? null : { id: partyId });
  const [flags] = useInvoke('flags:for-subject', partyId === null ? null : { party_id: partyId });
  return (
    <aside className="panel network-panel" aria-label={t('network.panel')}>
      <div className="row"><h2>{node.kind === 'group' ? t('network.group') : t('party.title')}</h2>
        <button type="button" onClick={onClose} aria-label={t('common.close')} style={{ marginLeft: 'auto' }}>×</button></div>
      {partyId === null ? (
        <>
          <p><strong>{node.country ?? node.city ?? t('network.group_other')}</strong> · {t(`role.${node.role}`)}</p>
          <p>{nodeTip(node, i18n)}</p>
          <button type="button" onClick={onExpand}>{t('network.expand_group', { count: num(node.members.length) })}</button>
        </>
      ) : detail.state === 'loading' ? <Loading /> : detail.state === 'error' ? <ErrorBox code={detail.code} message={detail.message} msg={detail.msg} /> : (
        <>
          <p><strong>{detail.value.name}</strong> · {t(`role.${node.role}`)}</p>
          <dl className="facts">
            <dt>{t('party.code')}</dt>
            <dd><PartyCode party={detail.value} /></dd>
            {detail.value.aliases.length > 0 && <><dt>{t('party.aliases')}</dt><dd>{detail.value.aliases.join(' · ')}</dd></>}
            {node.city && <><dt>{t('network.city')}</dt><dd>{node.city}</dd></>}
            {(node.country ?? detail.value.country) && <><dt>{t('col.country')}</dt><dd>{node.country ?? detail.value.country}</dd></>}
            {partyFigureList(detail.value.figures, i18n).map(({ key, value, note, digits }) => (
              <Fragment key={key}><dt>{t(key)}</dt><dd data-figure={key}>{num(value, digits)} <span className="muted small">({note})</span></dd></Fragment>
            ))}
            {/* The node's own figures: distinct vehicles it traded with the party that drew it (or, at the centre of its own network, on all its links), never flags. */}
            <dt>{node.tradedWith === null ? t('network.on_links') : t('network.on_link', { party: node.tradedWith })}</dt>
            <dd data-figure="network.on_link">{t('network.node_figures', { vehicles: num(node.vehicles), flagged: num(node.flagged) })}</dd>
          </dl>
          {flags.state === 'ready' && flags.value.length > 0 && (
            <ul className="panel-flags" aria-label={t('party.party_flags')}>
              {flags.value.slice(0, 8).map((f) => <li key={f.id}><span className={`sev sev-${f.severity}`}>{t(`severity.${f.severity}`)}</span> {msg(f.reason_msg, f.reason)}</li>)}
            </ul>
          )}
          <div className="row wrap">
            <button type="button" onClick={() => navigate({ screen: 'party', id: partyId })}>{t('network.open_party')}</button>
            <button type="button" onClick={onExpand}>{t('network.expand')}</button>
            <button type="button" onClick={onPin} aria-pressed={pinned}>{pinned ? t('network.unpin') : t('network.pin')}</button>
            {node.rank !== 0 && <button type="button" onClick={onHide}>{t('network.hide')}</button>}
          </div>
        </>
      )}
    </aside>
  );
}
