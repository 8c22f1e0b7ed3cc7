import type Database from 'better-sqlite3';
import type { Migration } from './index';
import { checkPartyId } from '../../../../shared/party-id';
import { isPersonParty } from '../../../../shared/party-kind';
import { setConsigneeCountries } from '../parties';

/**
 * Issue 16: private persons were companies. Case files made before this step marked a party a
 * person only when its identifier was an 18-character identity number, so private buyers without
 * one, first-generation (15-digit) numbers, and every foreign buyer's country were missing. No schema
 * change: the parties are classified again (shared/party-kind.ts) and the consignees of every
 * declaration given their country, as imports now do. The migration's audit entry recommits the
 * parties' digest.
 */
export const migration005: Migration = {
  version: 5,
  name: 'party-kinds',
  up: '',
  data: (db: Database.Database) => {
    const update = db.prepare('UPDATE parties SET id_kind = ?, id_valid = ?, is_person = ? WHERE id = ?');
    const parties = db.prepare('SELECT id, name, party_id, id_kind, id_valid, is_person FROM parties ORDER BY id').iterate() as
      Iterable<{ id: number; name: string; party_id: string | null; id_kind: string | null; id_valid: number | null; is_person: number }>;
    // Collected first: better-sqlite3 refuses a write while an iterator over the same connection is open.
    const changes: [string | null, number | null, number, number][] = [];
    for (const p of parties) {
      const check = p.party_id === null ? null : checkPartyId(p.party_id);
      const kind = check ? check.kind : p.id_kind;
      const valid = check ? (check.valid ? 1 : 0) : p.id_valid;
      const person = isPersonParty(p.name, check) ? 1 : 0;
      if (kind !== p.id_kind || valid !== p.id_valid || person !== p.is_person) changes.push([kind, valid, person, p.id]);
    }
    for (const change of changes) update.run(...change);
    const last = db.prepare('SELECT max(id) FROM exports').pluck().get() as number | null;
    if (last !== null) setConsigneeCountries(db, 0, last);
  },
};
