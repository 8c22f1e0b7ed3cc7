import type { ChainHolder } from './contract/chain';
import { message, type Message } from './i18n/message';

/**
 * What a chain holder taken as the maker from its VIN's WMI says, on the screen, under `zeromile
 * chain` and on the evidence sheet: which WMI, that the WMI reference table named the maker, and
 * that no record did. Null for any other holder.
 */
export function makerFromWmiMessage(holder: Pick<ChainHolder, 'maker_from_wmi'>): Message | null {
  const from = holder.maker_from_wmi;
  if (!from) return null;
  return message('chain.maker_from_wmi', { wmi: from.wmi, maker_en: from.names[0], maker_zh: from.names[1] });
}

/** The same, short, beside the maker's role in the chain's drawing ("inferred from WMI LGX"). */
export function makerFromWmiShort(holder: Pick<ChainHolder, 'maker_from_wmi'>): Message | null {
  return holder.maker_from_wmi ? message('chain.maker_from_wmi_short', { wmi: holder.maker_from_wmi.wmi }) : null;
}
