import type Database from 'better-sqlite3';
import { hash } from 'node:crypto';
import { invoiceCited } from '../../../shared/record-kinds';
import { SALE_CODE, SALE_CODE_SOURCE } from '../casefile/record-sources';
import { writeGuardedLines } from '../files/guarded-stream';
import { ftmEntity, type FtmEntity } from './ftm-model';
import { shownPartyCode, type MaskOptions } from '../../../shared/party-id';
import { selectParties, selectVehicles } from './case-queries';
import { holdingsByVehicle, partyFtmIds } from './ftm-queries';

/**
 * FollowTheMoney entities, one JSON object a line, mapped as DOMAIN.md says: Vehicle, Company,
 * Person, Ownership, Payment, Document. Ids hash stable keys (VIN, USCC or normalised name,
 * document SHA-256 and row), never database row ids, and entities come out in a fixed order, so
 * two exports of one case are byte-equal. Entities are built by ftm-model.ts, which checks every
 * schema, property and value against Aleph's own FollowTheMoney model.
 *
 * Every query is read as it is iterated and walks an index in the output's order (or sorts one
 * vehicle's few rows), so memory stays flat whatever the size of the case: a million vehicles
 * once held every holding and sale in arrays (1.7 GB) and took 190 s.
 */
export type { FtmEntity } from './ftm-model';

export type FtmOptions = MaskOptions & { flaggedOnly: boolean };

export function ftmId(...key: string[]): string {
  return hash('sha1', `zeromile\u0000${key.join('\u0000')}`, 'hex');
}

/**
 * A record's citation: which document (by hash) and which row or page, and a workbook's sheet
 * (every sheet has a row 2: without it two records shared a citation, and so an entity id).
 */
const recordRef = (sha: string, sheet: string | null, row: number | null, page: number | null): string =>
  `sha256:${sha}#${sheet !== null ? `sheet=${encodeURIComponent(sheet)}&` : ''}${row !== null ? `row=${row}` : page !== null ? `page=${page}` : 'document'}`;

/**
 * What an Ownership or Payment says (FtM `summary`, a text every consumer shows) when the record
 * names its party without the USCC or ID number the party has: the link is a match by name only.
 */
export const BY_NAME_SUMMARY = 'Matched by name only';
function byNameSummary(roles: string[]): string | null {
  if (roles.length === 0) return null;
  const both = roles.length > 1;
  return `${BY_NAME_SUMMARY}: the record names the ${roles.join(' and the ')} without ${both ? 'their' : 'its'} USCC or ID number`;
}

/**
 * What a party entity says (FtM `description`) when it has no identifier: it is every record of its
 * name without one that was not matched to an identified party, so it may stand for several.
 */
export const NAME_ONLY_DESCRIPTION = 'Known by name only: no record gives its USCC or ID number, so it may stand for several parties of this name';

type PartyRow = { name: string; party_id: string | null; is_person: number; country: string | null; ftm_id: string; aliases: string };

export function* ftmEntities(db: Database.Database, options: FtmOptions): Generator<FtmEntity> {
  selectVehicles(db, options.flaggedOnly);
  selectParties(db, options.flaggedOnly);
  partyFtmIds(db, (key) => ftmId('party', key));

  const parties = db.prepare(`SELECT p.name, p.party_id, p.is_person, p.country, k.ftm_id,
        (SELECT json_group_array(a.name ORDER BY a.name) FROM party_aliases a WHERE a.party_id = p.id) AS aliases
      FROM parties p JOIN temp.export_party_ftm k ON k.id = p.id ORDER BY coalesce(p.party_id, ''), p.norm_name, p.id`);
  for (const p of parties.iterate() as Iterable<PartyRow>) {
    const aliases = (JSON.parse(p.aliases) as string[]).filter((n) => n !== p.name);
    const country = p.country ? p.country.toLowerCase() : null;
    const description = [p.party_id === null ? NAME_ONLY_DESCRIPTION : null];
    if (p.is_person) {
      yield ftmEntity('Person', p.ftm_id, { name: [p.name], alias: aliases, idNumber: [shownPartyCode(p.party_id, true, options)], country: [country], description });
    } else {
      const code = shownPartyCode(p.party_id, false, options);
      yield ftmEntity('Company', p.ftm_id, {
        name: [p.name], alias: aliases, registrationNumber: [code], taxNumber: [code], country: [country],
        jurisdiction: [country ?? (p.party_id ? 'cn' : null)], description,
      });
    }
  }

  type DocRow = { sha256: string; file_name: string; media_type: string; size: number };
  for (const d of db.prepare(`SELECT sha256, file_name, media_type, size FROM documents ORDER BY sha256`).iterate() as Iterable<DocRow>) {
    yield ftmEntity('Document', ftmId('document', d.sha256), { fileName: [d.file_name], mimeType: [d.media_type], contentHash: [d.sha256], fileSize: [d.size] });
  }

  type VehicleRow = { vin: string; make: string | null; model: string | null; fuel_type: string | null; production_date: string | null; model_year: number | null; reg: string };
  // Each vehicle's registrations summed through the (vin, date) index as the vehicles are walked: [plates, first registration, deregistration].
  const vehicles = db.prepare(`SELECT v.vin, v.make, v.model, v.fuel_type, v.production_date, v.model_year,
        (SELECT json_array(json_group_array(DISTINCT plate) FILTER (WHERE plate IS NOT NULL), min(registration_date) FILTER (WHERE event = 'initial'),
            max(registration_date) FILTER (WHERE event = 'deregistration')) FROM registrations r WHERE r.vin = v.vin) AS reg
      FROM temp.export_vins e JOIN vehicles v ON v.vin = e.vin ORDER BY e.vin`);
  for (const v of vehicles.iterate() as Iterable<VehicleRow>) {
    const [plates, firstReg, dereg] = JSON.parse(v.reg) as [string[], string | null, string | null];
    yield ftmEntity('Vehicle', ftmId('vehicle', v.vin), {
      name: [v.vin], registrationNumber: plates.sort(),
      model: [[v.make, v.model].filter(Boolean).join(' ')], type: [v.fuel_type], buildDate: [v.production_date],
      registrationDate: [firstReg], deregistrationDate: [dereg],
      notes: [v.model_year ? `model year ${v.model_year}` : null],
    });
  }

  // A sale hands the vehicle to its buyer until the next sale; an export hands it to the consignee.
  for (const holdings of holdingsByVehicle(db)) {
    const asset = ftmId('vehicle', holdings[0]!.vin);
    for (const h of holdings) {
      if (!h.owner) continue;
      const ref = recordRef(h.sha256, h.sheet, h.row_no, h.page);
      yield ftmEntity('Ownership', ftmId('ownership', h.vin, ref), {
        owner: [h.owner], asset: [asset], startDate: [h.start], endDate: [h.end], recordId: [ref], summary: [h.by_name ? byNameSummary(['owner']) : null],
      });
    }
  }

  type Sale = { vin: string; invoice_no: string; invoice_code: string | null; invoice_date: string; payer: string | null; beneficiary: string | null; price: number | null; currency: string | null;
    payer_by_name: number; beneficiary_by_name: number; sha256: string; sheet: string | null; row_no: number | null; page: number | null;
    code_sha256: string | null; code_sheet: string | null; code_row: number | null; code_page: number | null };
  // Walks the (vin, date) index; only one vehicle's sales of one day are sorted by source. A buyer
  // (payer) or seller (beneficiary) with an identifier that the invoice does not give is matched by name only.
  // A code given by a later source of the invoice is cited with it, and the summary names that source's record.
  const sales = db.prepare(`SELECT s.vin, s.invoice_no, ${SALE_CODE('s')} AS invoice_code, s.invoice_date, b.ftm_id AS payer, l.ftm_id AS beneficiary, s.price, s.currency,
        s.buyer_id IS NULL AND coalesce(b.identified, 0) AS payer_by_name, s.seller_id IS NULL AND coalesce(l.identified, 0) AS beneficiary_by_name,
        d.sha256, s.sheet, s.row_no, s.page, gd.sha256 AS code_sha256, g.sheet AS code_sheet, g.row_no AS code_row, g.page AS code_page
      FROM sales s JOIN documents d ON d.id = s.document_id
        LEFT JOIN record_sources g ON g.id = ${SALE_CODE_SOURCE('s')} LEFT JOIN documents gd ON gd.id = g.document_id
        LEFT JOIN temp.export_party_ftm b ON b.id = s.buyer_party_id LEFT JOIN temp.export_party_ftm l ON l.id = s.seller_party_id
      WHERE EXISTS (SELECT 1 FROM temp.export_vins e WHERE e.vin = s.vin)
      ORDER BY s.vin, s.invoice_date, d.sha256, s.sheet, s.row_no, s.page`);
  for (const s of sales.iterate() as Iterable<Sale>) {
    const ref = recordRef(s.sha256, s.sheet, s.row_no, s.page);
    yield ftmEntity('Payment', ftmId('payment', ref), {
      payer: [s.payer], beneficiary: [s.beneficiary],
      amount: [s.price], currency: [s.price === null ? null : (s.currency ?? 'CNY')], date: [s.invoice_date],
      transactionNumber: [invoiceCited(s.invoice_no, s.invoice_code)], purpose: [`vehicle ${s.vin}`], recordId: [ref],
      summary: [byNameSummary([...(s.payer_by_name ? ['payer'] : []), ...(s.beneficiary_by_name ? ['beneficiary'] : [])]),
        s.code_sha256 === null ? null : `invoice code ${s.invoice_code} given by record ${recordRef(s.code_sha256, s.code_sheet, s.code_row, s.code_page)} (this record's row has none)`],
    });
  }
}

/** Writes the entities as JSON lines; returns how many of each schema. */
export async function writeFtm(db: Database.Database, path: string, options: FtmOptions): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  function* lines(): Generator<string> {
    for (const entity of ftmEntities(db, options)) {
      counts[entity.schema] = (counts[entity.schema] ?? 0) + 1;
      yield JSON.stringify(entity);
    }
  }
  await writeGuardedLines(path, lines());
  return counts;
}
