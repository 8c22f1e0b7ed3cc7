import type { Message } from '../i18n/message';
import type { HandlerSpec } from './handler';

/**
 * `detail` is what the hit shows beside its label: a vehicle's maker, a party's identifier as
 * every screen shows it (a person's ID number masked), or the English text of `detail_msg` (the
 * plate, invoice, declaration or alias that matched), which the screen renders in its language.
 */
export type SearchHit =
  | { kind: 'vehicle'; vin: string; label: string; detail: string; detail_msg: Message | null }
  | { kind: 'party'; party_id: number; label: string; detail: string; detail_msg: Message | null };

export type SearchHandlers = {
  /** VIN or part, plate, party name (either script), invoice or declaration number. */
  'search:query': HandlerSpec<{ q: string; limit?: number }, SearchHit[]>;
};
