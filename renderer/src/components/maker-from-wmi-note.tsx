import type { VehicleChain } from '../../../shared/contract/chain';
import { makerFromWmiMessage } from '../../../shared/maker-from-wmi';
import { useI18n } from '../i18n/i18n';

/**
 * Under the chain: the maker taken from the VIN's WMI, not from a record (no record of the case
 * names the vehicle's maker), with the WMI and the reference table, so the analyst does not read
 * it as a recorded fact. Nothing when the maker is on record or not known.
 */
export function MakerFromWmiNote({ chain }: { chain: VehicleChain }) {
  const { t, msg } = useI18n();
  const holder = chain.holders.find((h) => h.maker_from_wmi);
  const text = holder ? makerFromWmiMessage(holder) : null;
  if (!holder || !text) return null;
  return (
    <div className="by-name maker-from-wmi" role="note" aria-label={t('chain.maker_from_wmi_label')} data-testid="chain-maker-from-wmi" data-wmi={holder.maker_from_wmi!.wmi}>
      <p><b>{holder.name}</b>: {msg(text)}</p>
    </div>
  );
}
