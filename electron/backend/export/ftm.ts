import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { writeGuardedStream } from '../files/guarded-stream';
import { ftmEntity, type FtmEntity } from './ftm-model';
import { shownPartyCode, type MaskOptions } from './mask';
import { selectParties, selectVehicles } from './case-queries';

/**
 * FollowTheMoney entities, one JSON object a line, mapped as DOMAIN.md says: Vehicle, Company,
 * Person, Ownership, Payment, Document. Ids hash stable keys (VIN, USCC or normalised name,
 * document SHA-256 and row), never database row ids, and entities come out in a fixed order, so
 * two exports of one case are byte-equal. Entities are built by ftm-model.ts, which checks every
 * schema, property and value against Aleph's own FollowTheMoney model.
 */
export type { FtmEntity } from './ftm-model';

export type FtmOptions = MaskOptions & { flaggedOnly: boolean };

export function ftmId(...key: string[]): string {
  return createHash('sha1').update(`zeromile\u0000${key.join('\u0000')}`).digest('hex');
}

type PartyRow = { id: number; name: string; norm_name: string; party_id: string | null; is_person: number; country: string | null };

const partyKey = (p: Pick<PartyRow, 'party_id' | 'norm_name'>): string => (p.party_id ? `id:${p.party_id}` : `name:${p.norm_name}`);

/** A record's citation: which document (by hash) and which row or page. */
const recordRef = (sha: string, row: number | null, page: number | null): string =>
  `sha256:${sha}#${row !== null ? `row=${row}` : page !== null ? `page=${page}` : 'document'}`;

export function* ftmEntities(db: Database.Database, options: FtmOptions): Generator<FtmEntity> {
  selectVehicles(db, options.flaggedOnly);
  selectParties(db, options.flaggedOnly);

  const partyIds = new Map<number, string>();
  const parties = db.prepare(`SELECT id, name, norm_name, party_id, is_person, country FROM parties
      WHERE id IN (SELECT id FROM temp.export_parties) ORDER BY coalesce(party_id, ''), norm_name, id`).all() as PartyRow[];
  // Every spelling of the selected parties in one pass, rather than a query per party.
  const aliasesOf = new Map<number, string[]>();
  for (const a of db.prepare(`SELECT party_id, name FROM party_aliases WHERE party_id IN (SELECT id FROM temp.export_parties)
      ORDER BY party_id, name`).iterate() as Iterable<{ party_id: number; name: string }>) {
    const list = aliasesOf.get(a.party_id) ?? [];
    list.push(a.name);
    aliasesOf.set(a.party_id, list);
  }
  for (const p of parties) {
    const id = ftmId('party', partyKey(p));
    partyIds.set(p.id, id);
    const aliases = (aliasesOf.get(p.id) ?? []).filter((n) => n !== p.name);
    const country = p.country ? p.country.toLowerCase() : null;
    if (p.is_person) {
      yield ftmEntity('Person', id, { name: [p.name], alias: aliases, idNumber: [shownPartyCode(p.party_id, true, options)], country: [country] });
    } else {
      const code = shownPartyCode(p.party_id, false, options);
      yield ftmEntity('Company', id, {
        name: [p.name], alias: aliases, registrationNumber: [code], taxNumber: [code], country: [country],
        jurisdiction: [country ?? (p.party_id ? 'cn' : null)],
      });
    }
  }

  type DocRow = { sha256: string; file_name: string; media_type: string; size: number };
  const docs = db.prepare(`SELECT sha256, file_name, media_type, size FROM documents ORDER BY sha256`).all() as DocRow[];
  for (const d of docs) {
    yield ftmEntity('Document', ftmId('document', d.sha256), { fileName: [d.file_name], mimeType: [d.media_type], contentHash: [d.sha256], fileSize: [d.size] });
  }

  type VehicleRow = { vin: string; make: string | null; model: string | null; fuel_type: string | null; production_date: string | null; model_year: number | null;
    plates: string | null; first_reg: string | null; dereg: string | null };
  // Registrations aggregated once and joined, rather than three queries per vehicle.
  const vehicles = db.prepare(`WITH reg AS (
        SELECT vin, json_group_array(DISTINCT plate) FILTER (WHERE plate IS NOT NULL) AS plates,
          min(registration_date) FILTER (WHERE event = 'initial') AS first_reg,
          max(registration_date) FILTER (WHERE event = 'deregistration') AS dereg
        FROM registrations WHERE vin IN (SELECT vin FROM temp.export_vins) GROUP BY vin)
      SELECT v.vin, v.make, v.model, v.fuel_type, v.production_date, v.model_year, reg.plates, reg.first_reg, reg.dereg
      FROM vehicles v LEFT JOIN reg ON reg.vin = v.vin WHERE v.vin IN (SELECT vin FROM temp.export_vins) ORDER BY v.vin`).iterate() as Iterable<VehicleRow>;
  for (const v of vehicles) {
    const plates = v.plates ? (JSON.parse(v.plates) as string[]).sort() : [];
    yield ftmEntity('Vehicle', ftmId('vehicle', v.vin), {
      name: [v.vin], registrationNumber: plates,
      model: [[v.make, v.model].filter(Boolean).join(' ')], type: [v.fuel_type], buildDate: [v.production_date],
      registrationDate: [v.first_reg], deregistrationDate: [v.dereg],
      notes: [v.model_year ? `model year ${v.model_year}` : null],
    });
  }

  // A sale hands the vehicle to its buyer until the next sale; an export hands it to the consignee.
  type Holding = { vin: string; holder: number; start: string; end: string | null; sha256: string; row_no: number | null; page: number | null };
  const holdings = db.prepare(`SELECT vin, holder, start, lead(start) OVER (PARTITION BY vin ORDER BY start, ord, rid) AS "end", sha256, row_no, page FROM (
        SELECT s.vin, s.buyer_party_id AS holder, s.invoice_date AS start, 0 AS ord, s.id AS rid, d.sha256, s.row_no, s.page
          FROM sales s JOIN documents d ON d.id = s.document_id
        UNION ALL
        SELECT x.vin, x.consignee_party_id, x.declaration_date, 1, x.id, d.sha256, x.row_no, x.page
          FROM exports x JOIN documents d ON d.id = x.document_id WHERE x.consignee_party_id IS NOT NULL)
      WHERE vin IN (SELECT vin FROM temp.export_vins)
      ORDER BY vin, start, sha256, row_no, page`).all() as Holding[];
  for (const h of holdings) {
    const owner = partyIds.get(h.holder);
    if (!owner) continue;
    const ref = recordRef(h.sha256, h.row_no, h.page);
    yield ftmEntity('Ownership', ftmId('ownership', h.vin, ref), {
      owner: [owner], asset: [ftmId('vehicle', h.vin)], startDate: [h.start], endDate: [h.end], recordId: [ref],
    });
  }

  type Sale = { vin: string; invoice_no: string; invoice_date: string; seller_party_id: number; buyer_party_id: number; price: number | null; currency: string | null; sha256: string; row_no: number | null; page: number | null };
  const sales = db.prepare(`SELECT s.vin, s.invoice_no, s.invoice_date, s.seller_party_id, s.buyer_party_id, s.price, s.currency, d.sha256, s.row_no, s.page
      FROM sales s JOIN documents d ON d.id = s.document_id WHERE s.vin IN (SELECT vin FROM temp.export_vins)
      ORDER BY s.vin, s.invoice_date, d.sha256, s.row_no, s.page`).all() as Sale[];
  for (const s of sales) {
    const ref = recordRef(s.sha256, s.row_no, s.page);
    yield ftmEntity('Payment', ftmId('payment', ref), {
      payer: [partyIds.get(s.buyer_party_id)], beneficiary: [partyIds.get(s.seller_party_id)],
      amount: [s.price], currency: [s.price === null ? null : (s.currency ?? 'CNY')], date: [s.invoice_date],
      transactionNumber: [s.invoice_no], purpose: [`vehicle ${s.vin}`], recordId: [ref],
    });
  }
}

/** Writes the entities as JSON lines; returns how many of each schema. */
export async function writeFtm(db: Database.Database, path: string, options: FtmOptions): Promise<Record<string, number>> {
  return writeGuardedStream(path, async (out) => {
    const counts: Record<string, number> = {};
    for (const entity of ftmEntities(db, options)) {
      counts[entity.schema] = (counts[entity.schema] ?? 0) + 1;
      await out.write(`${JSON.stringify(entity)}\n`);
    }
    return counts;
  });
}
