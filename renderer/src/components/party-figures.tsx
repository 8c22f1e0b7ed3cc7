import type { PartyDetail, PartyFigures } from '../../../shared/contract/party';
import type { I18n, MessageKey } from '../i18n/format';
import { useI18n } from '../i18n/i18n';

/**
 * A party's USCC or ID number as the backend shows it (shownPartyCode: a person's ID number
 * masked, as in the parties grid), with its check and, when masked, where it can be seen whole.
 * The party page and the link chart's property panel both show it through this.
 */
export function PartyCode({ party }: { party: Pick<PartyDetail, 'party_code' | 'party_code_masked' | 'id_valid' | 'is_person'> }) {
  const { t } = useI18n();
  if (!party.party_code) return <>{t(party.is_person ? 'party.name_only_person' : 'party.code_none')}</>;
  return (
    <>
      <span className="mono" data-testid="party-code">{party.party_code}</span>
      {party.party_code_masked && <> · <span className="muted" title={t('party.code_masked_hint')} aria-description={t('party.code_masked_hint')}>{t('party.code_masked')}</span></>}
      {' · '}<span className={party.id_valid ? 'ok' : 'bad'}>{party.id_valid ? t('party.code_valid') : t('party.code_invalid')}</span>
    </>
  );
}

type Figure = { key: MessageKey; value: number | null; note: string; digits?: number };

/**
 * What each figure counts, said on it: vehicles (distinct VINs, as `zeromile stats` and the link
 * chart count them) with the invoices or declarations behind them, and the latest run's flagged
 * vehicles kept apart from the flags on the party itself.
 */
export function partyFigureList(f: PartyFigures, { t, num }: Pick<I18n, 't' | 'num'>): Figure[] {
  return [
    { key: 'party.vehicles_bought', value: f.vehicles_bought, note: t('party.on_invoices', { count: num(f.invoices_bought) }) },
    { key: 'party.vehicles_bought_new', value: f.vehicles_bought_new, note: t('party.bought_new_note') },
    { key: 'party.vehicles_sold', value: f.vehicles_sold, note: t('party.on_invoices', { count: num(f.invoices_sold) }) },
    { key: 'party.vehicles_exported', value: f.vehicles_exported, note: t('party.on_declarations', { count: num(f.declarations) }) },
    // A foreign buyer's: only where declarations name the party as consignee.
    ...(f.vehicles_received > 0 ? [{ key: 'party.vehicles_received' as const, value: f.vehicles_received, note: t('party.on_declarations', { count: num(f.declarations_received) }) }] : []),
    { key: 'party.median_days', value: f.median_days_held, note: t('party.median_days_note'), digits: 1 },
    { key: 'party.flagged_vehicles', value: f.flagged_vehicles, note: t('party.flagged_vehicles_note') },
    { key: 'party.party_flags', value: f.party_flags, note: t('party.party_flags_note') },
  ];
}

export function PartyFigureTiles({ figures }: { figures: PartyFigures }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  return (
    <div className="figures">
      {partyFigureList(figures, i18n).map(({ key, value, note, digits }) => (
        <div className="figure" key={key} data-figure={key}>
          <span className="figure-value">{num(value, digits)}</span>
          <span className="figure-label">{t(key)}</span>
          <span className="figure-note">{note}</span>
        </div>
      ))}
    </div>
  );
}
