import type { ChartNode } from '../lib/network-groups';
import { navigate } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import { useI18n } from '../i18n/i18n';
import { ErrorBox, Loading } from './messages';

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
  const { t, msg, num } = useI18n();
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
          <p>{t('network.node_figures', { vehicles: num(node.vehicles), flagged: num(node.flagged) })}</p>
          <button type="button" onClick={onExpand}>{t('network.expand_group', { count: num(node.members.length) })}</button>
        </>
      ) : detail.state === 'loading' ? <Loading /> : detail.state === 'error' ? <ErrorBox code={detail.code} message={detail.message} msg={detail.msg} /> : (
        <>
          <p><strong>{detail.value.name}</strong> · {t(`role.${node.role}`)}</p>
          <dl className="facts">
            <dt>{t('party.code')}</dt>
            <dd>{detail.value.party_code ? <><span className="mono">{detail.value.party_code}</span> · <span className={detail.value.id_valid ? 'ok' : 'bad'}>{detail.value.id_valid ? t('party.code_valid') : t('party.code_invalid')}</span></> : t('party.code_none')}</dd>
            {detail.value.aliases.length > 0 && <><dt>{t('party.aliases')}</dt><dd>{detail.value.aliases.join(' · ')}</dd></>}
            {node.city && <><dt>{t('network.city')}</dt><dd>{node.city}</dd></>}
            {(node.country ?? detail.value.country) && <><dt>{t('col.country')}</dt><dd>{node.country ?? detail.value.country}</dd></>}
            <dt>{t('party.bought')}</dt><dd>{num(detail.value.figures.bought)}</dd>
            <dt>{t('party.sold')}</dt><dd>{num(detail.value.figures.sold)}</dd>
            <dt>{t('party.exported')}</dt><dd>{num(detail.value.figures.exported)}</dd>
            <dt>{t('party.median_days')}</dt><dd>{num(detail.value.figures.median_days_held, 1)}</dd>
            <dt>{t('network.on_link')}</dt><dd>{t('network.node_figures', { vehicles: num(node.vehicles), flagged: num(node.flagged) })}</dd>
            <dt>{t('party.flag_count')}</dt><dd>{flags.state === 'ready' ? num(flags.value.length) : '…'}</dd>
          </dl>
          {flags.state === 'ready' && flags.value.length > 0 && (
            <ul className="panel-flags">
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
