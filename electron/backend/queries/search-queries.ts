import type Database from 'better-sqlite3';
import type { SearchHit } from '../../../shared/contract/search';
import { canonicalVin, isValidVin } from '../../../shared/vin';
import { invoiceCited } from '../../../shared/record-kinds';
import { SALE_CODE } from '../casefile/record-sources';
import { PLATE_KEY_SQL, plateKey } from '../../../shared/search-key';
import { normalizeName } from '../../../shared/text';
import { canonicalPartyId, shownPartyCode } from '../../../shared/party-id';
import { message, renderMessage, type Message } from '../../../shared/i18n/message';
import { CASE_EN } from '../../../shared/i18n/case-en';

type PartyRow = { id: number; name: string; party_id: string | null; is_person: number };
/** Enough of an identifier to mean one (a region code and more, a USCC's registration office and more). */
const ID_PREFIX = /^[0-9A-Z]{6,18}$/;

/**
 * Ctrl+K search. Exact keys first (VIN, plate, invoice and declaration numbers use their
 * indexes), then prefixes, then substrings with a LIMIT so a miss never scans for long.
 * A party's identifier leaves the backend as every screen shows it (shownPartyCode): a person's
 * ID number masked, also when the person was found by that number or its beginning. A hit's
 * detail is a message, rendered in the reader's language; `detail` is its English text.
 */
export function search(db: Database.Database, rawQuery: string, limit = 12): SearchHit[] {
  const q = rawQuery.trim();
  if (q.length < 2) return [];
  const hits: SearchHit[] = [];
  const seenVins = new Set<string>();
  const seenParties = new Set<number>();
  const addVehicle = (vin: string, detail: string | Message) => {
    if (seenVins.has(vin) || hits.length >= limit) return;
    seenVins.add(vin);
    hits.push({ kind: 'vehicle', vin, label: vin, ...hitDetail(detail) });
  };
  const addParty = (id: number, name: string, detail: string | Message) => {
    if (seenParties.has(id) || hits.length >= limit) return;
    seenParties.add(id);
    hits.push({ kind: 'party', party_id: id, label: name, ...hitDetail(detail) });
  };
  const addParties = (rows: PartyRow[]) => {
    for (const row of rows) addParty(row.id, row.name, shownPartyCode(row.party_id, row.is_person === 1) ?? '');
  };

  const vinPart = canonicalVin(q);
  if (/^[A-HJ-NPR-Z0-9]{3,17}$/.test(vinPart)) {
    for (const row of db.prepare('SELECT vin, maker FROM vehicles WHERE vin >= ? AND vin < ? ORDER BY vin LIMIT ?')
      .all(vinPart, `${vinPart}\uffff`, limit) as { vin: string; maker: string | null }[]) addVehicle(row.vin, row.maker ?? '');
    // A whole VIN (pasted from a document) is found by the range above or not at all: no substring
    // scan of every vehicle (0.2-1.3 s at a million vehicles), nor of every party's name below.
    if (vinPart.length >= 4 && vinPart.length < 17 && hits.length < limit) {
      // Part of a VIN (often the serial at the end): a bounded substring scan.
      for (const row of db.prepare("SELECT vin, maker FROM vehicles WHERE instr(vin, ?) > 0 LIMIT ?")
        .all(vinPart, limit) as { vin: string; maker: string | null }[]) addVehicle(row.vin, row.maker ?? '');
    }
  }
  // A plate is found however its dot and spaces are written (沪A·12345, 沪A 12345, 沪A12345), through the index on its key.
  const plate = plateKey(q);
  const byPlate = plate.length >= 2 ? db.prepare(`SELECT vin, plate, city FROM registrations WHERE ${PLATE_KEY_SQL('plate')} = ? LIMIT ?`).all(plate, limit) : [];
  for (const row of byPlate as { vin: string; plate: string; city: string | null }[]) {
    addVehicle(row.vin, row.city ? message('search_hit.plate_city', { plate: row.plate, city: row.city }) : message('search_hit.plate', { plate: row.plate }));
  }
  for (const row of db.prepare(`SELECT s.vin, s.invoice_no, ${SALE_CODE('s')} AS invoice_code FROM sales s WHERE s.invoice_no = ? LIMIT ?`).all(q, limit) as { vin: string; invoice_no: string; invoice_code: string | null }[]) {
    addVehicle(row.vin, message('search_hit.invoice', { invoice: invoiceCited(row.invoice_no, row.invoice_code) }));
  }
  for (const row of db.prepare('SELECT vin, declaration_no FROM exports WHERE declaration_no = ? LIMIT ?').all(q, limit) as { vin: string; declaration_no: string }[]) {
    addVehicle(row.vin, message('search_hit.declaration', { declaration_no: row.declaration_no }));
  }

  // An identifier, whole or its beginning (a USCC or ID number): through the index on party_id.
  const code = canonicalPartyId(q);
  if (ID_PREFIX.test(code)) {
    addParties(db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE party_id = ?').all(code) as PartyRow[]);
    addParties(db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE party_id >= ? AND party_id < ? ORDER BY party_id LIMIT ?')
      .all(code, `${code}\uffff`, limit) as PartyRow[]);
  }
  const name = normalizeName(q);
  if (name) {
    addParties(db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE norm_name >= ? AND norm_name < ? ORDER BY norm_name LIMIT ?')
      .all(name, `${name}\uffff`, limit) as PartyRow[]);
    const byAlias = db.prepare('SELECT a.party_id AS id, p.name, a.name AS alias FROM party_aliases a JOIN parties p ON p.id = a.party_id WHERE a.norm_name = ? LIMIT ?')
      .all(name, limit) as { id: number; name: string; alias: string }[];
    for (const row of byAlias) addParty(row.id, row.name, message('search_hit.alias', { alias: row.alias }));
    if (hits.length < limit && !isValidVin(vinPart)) {
      addParties(db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE instr(norm_name, ?) > 0 LIMIT ?')
        .all(name, limit) as PartyRow[]);
    }
  }
  return hits;
}

function hitDetail(detail: string | Message): { detail: string; detail_msg: Message | null } {
  return typeof detail === 'string' ? { detail, detail_msg: null } : { detail: renderMessage(detail, CASE_EN), detail_msg: detail };
}
