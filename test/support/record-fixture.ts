import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { openCaseFile, type CaseFile } from '../../electron/backend/casefile/open-case-file';
import { normalizeName } from '../../shared/text';
import { withCheckDigit } from '../../shared/vin';
import { tempDir } from './paths';

/**
 * Writes records straight into a fresh case file, for rule, chain and statistics tests that need
 * exact dates and numbers. One document per record kind; each record gets the next row number.
 * Parties are resolved by name (or by code when given), as import does.
 */
export type Fixture = {
  caseFile: CaseFile;
  remove(): void;
  party(name: string, options?: { code?: string; person?: boolean; country?: string }): number;
  vehicle(vin: string, options?: { maker?: string; manufacturer?: string; production_date?: string | null; model?: string }): number;
  sale(s: { vin: string; date: string; seller: string; buyer: string; price?: number | null; currency?: string | null; type?: 'new' | 'used' | null; no?: string }): number;
  registration(r: { vin: string; date: string; event?: 'initial' | 'transfer' | 'deregistration'; owner: string; city?: string | null; km?: number | null; plate?: string | null }): number;
  export(e: { vin: string; date: string; exporter: string; consignee?: string | null; country?: string; km?: number | null; value?: number | null; currency?: string | null; no?: string }): number;
  shipment(s: { vin: string; date: string; consignee?: string | null; bl?: string; mode?: string }): number;
  confirmation(c: { vin: string; date: string; countries: string[]; maker?: string | null }): number;
};

let serial = 0;
/** A valid VIN whose serial part is `n` (same maker code LGX, model year R). */
export function fixtureVin(n: number): string {
  return withCheckDigit(`LGXCE4CB0R${String(n).padStart(7, '0')}`);
}

/** A document's SHA-256 as a real one reads (64 hex digits), so that FtM's checksum type takes it. */
const fakeSha256 = (key: string): string => createHash('sha256').update(key).digest('hex');

export function createFixture(): Fixture {
  const temp = tempDir('zeromile-rules-');
  const caseFile = openCaseFile(join(temp.dir, 'case.zmcase'), { create: { title: 'fixture' } });
  const db = caseFile.db;
  const documents = new Map<string, { id: number; row: number }>();
  const doc = (kind: string): { id: number; row: number } => {
    let d = documents.get(kind);
    if (!d) {
      const id = Number(db.prepare(`INSERT INTO documents (file_name, size, media_type, sha256, kind, imported_at)
        VALUES (?, 0, 'text/csv', ?, ?, '2026-01-01T00:00:00Z')`).run(`${kind}.csv`, fakeSha256(`${kind}-${++serial}`), kind).lastInsertRowid);
      d = { id, row: 1 };
      documents.set(kind, d);
    }
    d.row++;
    return d;
  };
  const party: Fixture['party'] = (name, options = {}) => {
    const norm = normalizeName(name);
    const found = (options.code
      ? db.prepare('SELECT id FROM parties WHERE party_id = ?').get(options.code)
      : db.prepare('SELECT id FROM parties WHERE norm_name = ? AND party_id IS NULL').get(norm)) as { id: number } | undefined;
    if (found) return found.id;
    return Number(db.prepare('INSERT INTO parties (name, norm_name, party_id, is_person, country) VALUES (?, ?, ?, ?, ?)')
      .run(name, norm, options.code ?? null, options.person ? 1 : 0, options.country ?? null).lastInsertRowid);
  };
  const provenance = (kind: string) => {
    const d = doc(kind);
    return { document_id: d.id, row_no: d.row, raw: '{}' };
  };
  let numbers = 0;
  return {
    caseFile,
    remove: () => { caseFile.close(); temp.remove(); },
    party,
    vehicle(vin, o = {}) {
      const maker = o.manufacturer ? party(o.manufacturer) : null;
      const p = provenance('vehicles');
      db.prepare(`INSERT INTO vehicle_records (document_id, row_no, raw, vin, model, production_date, manufacturer, manufacturer_party_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(p.document_id, p.row_no, p.raw, vin, o.model ?? null, o.production_date ?? null, o.manufacturer ?? null, maker);
      return Number(db.prepare(`INSERT INTO vehicles (vin, wmi, maker, model, production_date, manufacturer_party_id) VALUES (?, ?, ?, ?, ?, ?)`)
        .run(vin, vin.slice(0, 3), o.maker ?? 'BYD', o.model ?? null, o.production_date ?? null, maker).lastInsertRowid);
    },
    sale(s) {
      const p = provenance('sales');
      return Number(db.prepare(`INSERT INTO sales (document_id, row_no, raw, invoice_no, invoice_date, vin, seller, seller_party_id, buyer, buyer_party_id, price, currency, invoice_type)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(p.document_id, p.row_no, p.raw, s.no ?? `INV${++numbers}`, s.date, s.vin,
        s.seller, party(s.seller), s.buyer, party(s.buyer), s.price ?? null, s.currency ?? null, s.type === undefined ? 'new' : s.type).lastInsertRowid);
    },
    registration(r) {
      const p = provenance('registrations');
      return Number(db.prepare(`INSERT INTO registrations (document_id, row_no, raw, registration_date, event, vin, owner, owner_party_id, plate, city, odometer_km)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(p.document_id, p.row_no, p.raw, r.date, r.event ?? 'initial', r.vin, r.owner, party(r.owner),
        r.plate ?? null, r.city === undefined ? 'Chengdu' : r.city, r.km ?? null).lastInsertRowid);
    },
    export(e) {
      const p = provenance('exports');
      const consignee = e.consignee === undefined ? 'OOO Avto Import' : e.consignee;
      return Number(db.prepare(`INSERT INTO exports (document_id, row_no, raw, declaration_no, declaration_date, vin, exporter, exporter_party_id, consignee, consignee_party_id, destination_country, declared_value, currency, odometer_km)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(p.document_id, p.row_no, p.raw, e.no ?? `D${++numbers}`, e.date, e.vin, e.exporter, party(e.exporter),
        consignee, consignee === null ? null : party(consignee, { country: e.country ?? 'RU' }), e.country ?? 'RU', e.value ?? null, e.currency ?? null, e.km ?? null).lastInsertRowid);
    },
    shipment(s) {
      const p = provenance('shipments');
      const consignee = s.consignee ?? null;
      return Number(db.prepare(`INSERT INTO shipments (document_id, row_no, raw, bl_no, departure_date, vin, mode, consignee, consignee_party_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(p.document_id, p.row_no, p.raw, s.bl ?? `BL${++numbers}`, s.date, s.vin, s.mode ?? 'sea', consignee,
        consignee === null ? null : party(consignee)).lastInsertRowid);
    },
    confirmation(c) {
      const p = provenance('confirmations');
      return Number(db.prepare(`INSERT INTO confirmations (document_id, row_no, raw, vin, issued_date, maker, countries) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(p.document_id, p.row_no, p.raw, c.vin, c.date, c.maker ?? null, `,${c.countries.join(',')},`).lastInsertRowid);
    },
  };
}
