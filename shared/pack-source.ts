import { CASE_EN } from './i18n/case-en';
import { message, type Message } from './i18n/message';

/**
 * The sources ZeroMile writes into rule packs itself (resources/rule-packs and the demo's sample
 * packs, in English) have a translation in the case catalogues (pack_source.*); a clause's source
 * is free text an analyst may change, so it is translated only while it is word for word the one
 * shipped, and shown as written otherwise. Keyed by text, not by pack and clause: the demo's RU
 * sample and the shipped RU pack share a clause id with different sources.
 */
const SHIPPED = new Map<string, string>(Object.entries(CASE_EN).filter(([key]) => key.startsWith('pack_source.')).map(([key, text]) => [text, key]));

/** The source as a message in the reader's language, or null to show it as written. */
export function packSourceMessage(source: string): Message | null {
  const key = SHIPPED.get(source);
  return key === undefined ? null : message(key);
}
