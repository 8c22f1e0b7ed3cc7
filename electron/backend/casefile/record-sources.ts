import type Database from 'better-sqlite3';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import { PARTY_LINKS, RECORD_TABLES } from './records';

/**
 * What makes two rows the same real-world fact (issue 16): the same invoice for the same VIN is one
 * sale however many files carry it. Vehicle master rows have no such key (each is a description).
 */
export const NATURAL_KEYS: Readonly<Partial<Record<RecordKind, readonly string[]>>> = {
  sales: ['vin', 'invoice_no'],
  exports: ['vin', 'declaration_no'],
  registrations: ['vin', 'event', 'registration_date', 'plate'],
  shipments: ['vin', 'bl_no'],
  confirmations: ['vin', 'countries', 'issued_date'],
};

/**
 * A field that tells two facts of one natural key apart where both sources give it, and matches
 * anything where one leaves it empty: a sale's invoice code (发票代码). Invoices of one number under
 * two codes are two sales; a file without codes still folds with either by number (DOMAIN.md).
 */
export const KEY_QUALIFIERS: Readonly<Partial<Record<RecordKind, string>>> = { sales: 'invoice_code' };

/** A further source of a record: the row that told the same fact again. */
export type RecordSourceRow = {
  id: number; record_kind: RecordKind; record_id: number; document_id: number; sheet: string | null;
  row_no: number | null; page: number | null; raw: string; fields: string; differs: string | null;
};

/** The fields compared between two sources of one fact: every canonical field but the key. */
export function comparedFields(kind: RecordKind): string[] {
  const key = new Set(NATURAL_KEYS[kind] ?? []);
  return RECORD_FIELDS[kind].map((f) => f.name).filter((name) => !key.has(name));
}

type Fold = { move: Database.Statement; remove: Database.Statement };
/** With a qualifier: the rows of one key, paired in JavaScript, then moved and removed as paired. */
type QualifiedFold = Fold & { candidates: Database.Statement; sourceValues: Database.Statement; pair: Database.Statement; clear: Database.Statement };
const statements = new WeakMap<Database.Database, Map<RecordKind, Fold | QualifiedFold>>();

function prepare(db: Database.Database, kind: RecordKind): Fold | QualifiedFold | null {
  const key = NATURAL_KEYS[kind];
  if (!key) return null;
  let byKind = statements.get(db);
  if (!byKind) statements.set(db, (byKind = new Map()));
  const cached = byKind.get(kind);
  if (cached) return cached;
  const table = RECORD_TABLES[kind];
  // Names come from RECORD_FIELDS and NATURAL_KEYS, never from input. `vin` first: the lookups walk
  // each kind's index that starts with the VIN, and a VIN has a handful of records.
  const same = (a: string, b: string) => key.map((f) => `${a}.${f} IS ${b}.${f}`).join(' AND ');
  const fields = RECORD_FIELDS[kind].map((f) => f.name);
  const values = `json_object(${fields.map((f) => `'${f}', n.${f}`).join(', ')})`;
  // A value one source leaves empty is not a disagreement; two different values are.
  const differs = `nullif(rtrim(${comparedFields(kind).map((f) => `CASE WHEN n.${f} IS NOT NULL AND k.${f} IS NOT NULL AND n.${f} IS NOT k.${f} THEN '${f},' ELSE '' END`).join(' || ')}, ','), '')`;
  const source = `'${kind}', k.id, n.document_id, n.sheet, n.row_no, n.page, n.raw, ${values}, ${differs}`;
  const insert = 'INSERT INTO record_sources (record_kind, record_id, document_id, sheet, row_no, page, raw, fields, differs)';
  const qualifier = KEY_QUALIFIERS[kind];
  let fold: Fold | QualifiedFold;
  if (qualifier === undefined) {
    const first = `(SELECT min(m.id) FROM ${table} m WHERE m.vin = n.vin AND ${same('m', 'n')})`;
    fold = {
      move: db.prepare(`${insert} SELECT ${source} FROM ${table} n JOIN ${table} k ON k.id = ${first}
        WHERE n.id >= @from AND n.id <= @to AND k.id < n.id ORDER BY n.id`),
      remove: db.prepare(`DELETE FROM ${table} WHERE id >= @from AND id <= @to
        AND EXISTS (SELECT 1 FROM ${table} n WHERE n.vin = ${table}.vin AND ${same('n', table)} AND n.id < ${table}.id)`),
    };
  } else {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS fold_pairs (n INTEGER PRIMARY KEY, k INTEGER NOT NULL)');
    fold = {
      // Each row of the import with the earlier rows of its key (any qualifier): one probe of the VIN index a row, few pairs.
      candidates: db.prepare(`SELECT n.id AS n, n.${qualifier} AS value, m.id AS m, m.${qualifier} AS earlier FROM ${table} n
        JOIN ${table} m ON m.vin = n.vin AND ${same('m', 'n')} AND m.id < n.id WHERE n.id >= @from AND n.id <= @to ORDER BY n.id, m.id`),
      sourceValues: db.prepare(`SELECT DISTINCT json_extract(fields, '$.${qualifier}') FROM record_sources
        WHERE record_kind = '${kind}' AND record_id = ? AND json_extract(fields, '$.${qualifier}') IS NOT NULL`).pluck(),
      pair: db.prepare('INSERT INTO temp.fold_pairs (n, k) VALUES (?, ?)'),
      move: db.prepare(`${insert} SELECT ${source} FROM temp.fold_pairs f JOIN ${table} n ON n.id = f.n JOIN ${table} k ON k.id = f.k ORDER BY n.id`),
      remove: db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT n FROM temp.fold_pairs)`),
      clear: db.prepare('DELETE FROM temp.fold_pairs'),
    };
  }
  byKind.set(kind, fold);
  return fold;
}

type Candidate = { n: number; value: unknown; m: number; earlier: unknown };

/**
 * Pairs each row of the import with the record whose fact it tells, in row order, where a qualifier
 * (a sale's invoice code) makes the match not transitive (A with code 1, B without, C with code 2):
 * a row joins the first earlier record of its key that is not itself folded and whose value is its
 * own, or that has none and took no other from the rows already folded into it. A row without a
 * value joins the first such record whatever its value (a file without codes folds by number).
 */
function pairRows(fold: QualifiedFold, from: number, to: number): number {
  const folded = new Set<number>();
  const taken = new Map<number, Set<unknown>>(); // a record without a value: the values folded into it
  const valuesOf = (record: number): Set<unknown> => {
    let values = taken.get(record);
    if (!values) taken.set(record, (values = new Set(record < from ? fold.sourceValues.all(record) : [])));
    return values;
  };
  // Written once the walk is done: the connection takes no write while a statement iterates.
  const pairs: number[] = [];
  let current = -1;
  for (const c of fold.candidates.iterate({ from, to }) as IterableIterator<Candidate>) {
    if (c.n === current || folded.has(c.m)) continue;
    const fits = c.value === null || c.earlier === c.value || (c.earlier === null && [...valuesOf(c.m)].every((v) => v === c.value));
    if (!fits) continue;
    current = c.n;
    folded.add(c.n);
    if (c.earlier === null && c.value !== null) valuesOf(c.m).add(c.value);
    pairs.push(c.n, c.m);
  }
  for (let i = 0; i < pairs.length; i += 2) fold.pair.run(pairs[i], pairs[i + 1]);
  return pairs.length / 2;
}

/**
 * Folds the records just written (ids from..to) that tell a fact the case already had, or that an
 * earlier row of the same file told, into sources of the first record of that fact. Returns how many
 * were folded. Runs inside the import's transaction, before vehicles are registered.
 */
export function foldSameFacts(db: Database.Database, kind: RecordKind, from: number, to: number): number {
  const fold = prepare(db, kind);
  if (!fold || from <= 0 || to < from) return 0;
  if ('pair' in fold) {
    if (pairRows(fold, from, to) === 0) return 0;
    const moved = fold.move.run().changes;
    fold.remove.run();
    fold.clear.run();
    return moved;
  }
  const moved = fold.move.run({ from, to }).changes;
  if (moved > 0) fold.remove.run({ from, to });
  return moved;
}

/** The further sources of one record, oldest first. */
export function recordSourceRows(db: Database.Database, kind: RecordKind, recordId: number): RecordSourceRow[] {
  return db.prepare('SELECT * FROM record_sources WHERE record_kind = ? AND record_id = ? ORDER BY id').all(kind, recordId) as RecordSourceRow[];
}

/** Party columns of a kind, for callers that show a source's names. */
export const sourcePartyFields = (kind: RecordKind): string[] => PARTY_LINKS[kind].map((p) => p.name);
