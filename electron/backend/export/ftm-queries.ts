import type Database from 'better-sqlite3';

/**
 * Creates temp.export_party_ftm: the FtM id of every selected party (temp.export_parties), hashed
 * once per party here so that holdings and payments find their parties by a rowid search rather
 * than a map of every party in memory. `idOf` gets the party's stable key: its USCC or ID number,
 * else its normalised name. `identified` says the party has an identifier, so that a record naming
 * it without one was matched to it by name only (casefile/parties.ts).
 */
export function partyFtmIds(db: Database.Database, idOf: (key: string) => string): void {
  db.function('zeromile_ftm_party', { deterministic: true }, (key: unknown) => idOf(String(key)));
  db.exec(`DROP TABLE IF EXISTS temp.export_party_ftm;
    CREATE TEMP TABLE export_party_ftm (id INTEGER PRIMARY KEY, ftm_id TEXT NOT NULL, identified INTEGER NOT NULL);
    INSERT INTO temp.export_party_ftm SELECT p.id, zeromile_ftm_party(CASE WHEN coalesce(p.party_id, '') <> '' THEN 'id:' || p.party_id ELSE 'name:' || p.norm_name END),
        p.party_id IS NOT NULL
      FROM parties p WHERE p.id IN (SELECT id FROM temp.export_parties)`);
}

/**
 * One hand-over of a vehicle: to a sale's buyer or an export's consignee, until the next one.
 * `by_name` is 1 where the record names an identified owner without its identifier (a consignee
 * never has one): the holding rests on a match by name only.
 */
export type Holding = { vin: string; owner: string | null; by_name: number; start: string; end: string | null; ord: number; rid: number; sha256: string; sheet: string | null; row_no: number | null; page: number | null };

/**
 * The holdings of each selected vehicle, one vehicle at a time in VIN order: its sales and exports
 * merged by SQLite from the two (vin, date) indexes (no sort of the whole case), each holding
 * ending where the next begins (by date, sales before exports, then record id), and given in the
 * order of date and source (document hash, row, page).
 */
export function* holdingsByVehicle(db: Database.Database): Generator<Holding[]> {
  const statement = db.prepare(`SELECT s.vin, f.ftm_id AS owner, s.buyer_id IS NULL AND coalesce(f.identified, 0) AS by_name, s.invoice_date AS start, 0 AS ord, s.id AS rid, d.sha256, s.sheet, s.row_no, s.page
      FROM sales s JOIN documents d ON d.id = s.document_id LEFT JOIN temp.export_party_ftm f ON f.id = s.buyer_party_id
      WHERE EXISTS (SELECT 1 FROM temp.export_vins e WHERE e.vin = s.vin)
    UNION ALL
    SELECT x.vin, f.ftm_id, coalesce(f.identified, 0), x.declaration_date, 1, x.id, d.sha256, x.sheet, x.row_no, x.page
      FROM exports x JOIN documents d ON d.id = x.document_id LEFT JOIN temp.export_party_ftm f ON f.id = x.consignee_party_id
      WHERE x.consignee_party_id IS NOT NULL AND EXISTS (SELECT 1 FROM temp.export_vins e WHERE e.vin = x.vin)
    ORDER BY 1`);
  let group: Holding[] = [];
  for (const row of statement.iterate() as Iterable<Holding>) {
    if (group.length > 0 && group[0]!.vin !== row.vin) {
      yield ordered(group);
      group = [];
    }
    row.end = null;
    group.push(row);
  }
  if (group.length > 0) yield ordered(group);
}

const compare = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;

function ordered(group: Holding[]): Holding[] {
  group.sort((a, b) => compare(a.start, b.start) || a.ord - b.ord || a.rid - b.rid);
  for (let i = 0; i + 1 < group.length; i++) group[i]!.end = group[i + 1]!.start;
  return group.sort((a, b) => compare(a.start, b.start) || compare(a.sha256, b.sha256) || compare(a.sheet, b.sheet) || compare(a.row_no, b.row_no) || compare(a.page, b.page));
}
