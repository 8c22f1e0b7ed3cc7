import type { HandlerSpec } from './handler';

export type SearchHit =
  | { kind: 'vehicle'; vin: string; label: string; detail: string }
  | { kind: 'party'; party_id: number; label: string; detail: string };

export type SearchHandlers = {
  /** VIN or part, plate, party name (either script), invoice or declaration number. */
  'search:query': HandlerSpec<{ q: string; limit?: number }, SearchHit[]>;
};
