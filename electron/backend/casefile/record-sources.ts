import type Database from 'better-sqlite3';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import { PARTY_LINKS, RECORD_TABLES } from './records';
import { recordsChangedOutside, type FoldNotes, type RecordOf } from './fold-notes';

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

/**
 * A key field whose values may lose or gain leading zeros on the way (a spreadsheet reads "00012345"
 * as a number, another system pads to its own width): DOMAIN.md compares invoice numbers as
 * written, so "12345", "012345" and "0012345" stay three sales, and the import says so of every
 * two equal without their leading zeros. A row's number is looked up, without its zeros, behind
 * each count of leading zeros some number of the kind has (fillZeroPads): a few probes of the
 * number's index a row, none where no number has a leading zero. Walking every sale of the VIN
 * instead read each from the table: 4.0-4.8 s against 0.1-0.3 s on a file of 200,000 sales.
 */
const LEADING_ZERO_KEYS: Readonly<Partial<Record<RecordKind, string>>> = { sales: 'invoice_no' };

/** The longest run of leading zeros looked for: past it a number is no invoice number. */
const MAX_ZEROS = 64;

/**
 * Fills temp.zero_pads with '' and '0' repeated k times for each k such that some value of `column`
 * starts with exactly k zeros: two range probes of the column's index a count, the values of one
 * count lying between '0'×k and '0'×(k+1), and between '0'×k + '1' and '0'×(k-1) + '1'.
 */
function fillZeroPads(db: Database.Database, table: string, column: string): void {
  const within = db.prepare(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${column} >= ? AND ${column} < ?)`).pluck();
  db.prepare('DELETE FROM temp.zero_pads').run();
  const add = db.prepare('INSERT INTO temp.zero_pads (pad) VALUES (?)');
  add.run('');
  for (let k = 1; k <= MAX_ZEROS && within.get('0'.repeat(k), `${'0'.repeat(k - 1)}1`); k++) {
    if (within.get('0'.repeat(k), '0'.repeat(k + 1)) || within.get(`${'0'.repeat(k)}1`, `${'0'.repeat(k - 1)}1`)) add.run('0'.repeat(k));
  }
}

/**
 * The invoice code of sale `sale` (an alias with `id` and `invoice_code`), in SQL: its own, else the
 * one a further source gave it. A sale without a code takes the first code a later row of the same
 * invoice gives (pairRows lets an uncoded sale take one code only), and the code stays with that
 * row (record_sources.fields, in its own document's digest): the sale's row, committed by its own
 * document, is never rewritten, so verify holds both documents to what they said. One probe of
 * record_sources_record, only for a sale without a code: readers use it on the rows they show.
 */
export const SALE_CODE = (sale: string): string => `coalesce(nullif(${sale}.invoice_code, ''), (SELECT json_extract(g.fields, '$.invoice_code')
  FROM record_sources g WHERE g.record_kind = 'sales' AND g.record_id = ${sale}.id AND json_extract(g.fields, '$.invoice_code') IS NOT NULL ORDER BY g.id LIMIT 1))`;

/** The further source (record_sources id) whose row gave sale `sale` its code, or NULL when the sale has its own or none. */
export const SALE_CODE_SOURCE = (sale: string): string => `CASE WHEN nullif(${sale}.invoice_code, '') IS NULL THEN (SELECT g.id
  FROM record_sources g WHERE g.record_kind = 'sales' AND g.record_id = ${sale}.id AND json_extract(g.fields, '$.invoice_code') IS NOT NULL ORDER BY g.id LIMIT 1) END`;

/** A sale's invoice as cited (shared/record-kinds.ts invoiceCited), the code a further source gave included. */
export const SALE_CITED = (sale: string): string => `coalesce(${SALE_CODE(sale)} || ' ', '') || ${sale}.invoice_no`;

/** The first further source of sale `sale` that gives a code, as `g` with its document `gd`. */
const CODE_SOURCE = (sale: string): string => `FROM record_sources g JOIN documents gd ON gd.id = g.document_id
  WHERE g.record_kind = 'sales' AND g.record_id = ${sale}.id AND json_extract(g.fields, '$.invoice_code') IS NOT NULL ORDER BY g.id LIMIT 1`;
/** That source's row as JSON of a citation (shared/citation.ts Cited: file_name, sheet, row, page). */
const CODE_SOURCE_CITED = "json_object('file_name', gd.file_name, 'sheet', g.sheet, 'row', g.row_no, 'page', g.page)";

/**
 * A sale's code for a flag's facts, as a JSON object to json_patch into them: `{codeKey: code}` for
 * its own, `{codeKey: code, givenKey: citation}` for one a further source gave (so a reason marks it
 * as that row's word in either language), `{}` for none. One probe of record_sources_record, as
 * SALE_CODE's, and only for a sale without a code.
 */
export const SALE_CODE_FACTS = (sale: string, codeKey: string, givenKey: string): string => `CASE WHEN nullif(${sale}.invoice_code, '') IS NOT NULL
  THEN json_object('${codeKey}', ${sale}.invoice_code)
  ELSE coalesce((SELECT json_object('${codeKey}', json_extract(g.fields, '$.invoice_code'), '${givenKey}', ${CODE_SOURCE_CITED}) ${CODE_SOURCE(sale)}), '{}') END`;

/**
 * SALE_CITED in English text, a code a further source gave marked with its row as the vehicle page
 * marks it ("… 00012345 (code given by b.csv row 3)"): a flag's stored reason, an export's cell.
 * One probe, as SALE_CITED's; zm_code_given (citation-functions.ts registerCitation, needed on the
 * connection) is called only for a code given.
 */
export const SALE_CITED_MARKED = (sale: string): string => `CASE WHEN nullif(${sale}.invoice_code, '') IS NOT NULL THEN ${sale}.invoice_code || ' ' || ${sale}.invoice_no
  ELSE coalesce((SELECT zm_code_given(json_extract(g.fields, '$.invoice_code') || ' ' || ${sale}.invoice_no, ${CODE_SOURCE_CITED}) ${CODE_SOURCE(sale)}), ${sale}.invoice_no) END`;

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
type QualifiedFold = Fold & { candidates: Database.Statement; zeros: { column: string; pairs: Database.Statement } | null; sourceValues: Database.Statement; pair: Database.Statement; clear: Database.Statement };
const statements = new WeakMap<Database.Database, Map<RecordKind, Fold | QualifiedFold>>();

/**
 * The fold's scratch tables, made again before every fold: created inside an import's transaction,
 * they go with its rollback (a cancelled or refused file), and the statements prepared on them
 * then failed every later import of the session with "no such table: temp.zero_pads".
 */
function createFoldTables(db: Database.Database): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS fold_pairs (n INTEGER PRIMARY KEY, k INTEGER NOT NULL);
    CREATE TEMP TABLE IF NOT EXISTS zero_pads (pad TEXT PRIMARY KEY) WITHOUT ROWID;`);
}

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
  const zeros = LEADING_ZERO_KEYS[kind];
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
    createFoldTables(db);
    fold = {
      // Each row of the import with the earlier rows of its key (any qualifier): one probe of the VIN index a row, few pairs.
      candidates: db.prepare(`SELECT n.id AS n, n.${qualifier} AS value, m.id AS m, m.${qualifier} AS earlier FROM ${table} n
        JOIN ${table} m ON m.vin = n.vin AND ${same('m', 'n')} AND m.id < n.id WHERE n.id >= @from AND n.id <= @to ORDER BY n.id, m.id`),
      // Probes of the number's index, as the candidates' (a walk of the VIN index read each VIN's
      // records from the table: 10x the pairing's time on a file of 200,000 sales told again): the
      // number without its zeros behind every other count of zeros the case has (fillZeroPads).
      zeros: zeros ? {
        column: zeros,
        pairs: db.prepare(`SELECT n.id AS n, m.id AS m FROM ${table} n CROSS JOIN temp.zero_pads z CROSS JOIN ${table} m
          ON m.${zeros} = z.pad || ltrim(n.${zeros}, '0') AND m.${zeros} <> n.${zeros} AND +m.vin = n.vin AND m.id < n.id
          AND (n.${qualifier} IS NULL OR m.${qualifier} IS NULL OR n.${qualifier} = m.${qualifier})
          WHERE n.id >= @from AND n.id <= @to AND length(z.pad) <> length(n.${zeros}) - length(ltrim(n.${zeros}, '0')) ORDER BY n.id, m.id`).raw(true),
      } : null,
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
type Paired = { pairs: number; codesGiven: number };

/**
 * Pairs each row of the import with the record whose fact it tells, in row order, where a qualifier
 * (a sale's invoice code) makes the match not transitive (A with code 1, B without, C with code 2):
 * a row joins the first earlier record of its key that is not itself folded and whose value is its
 * own, or that has none and took no other from the rows already folded into it. A row without a
 * value joins the first such record whatever its value (a file without codes folds by number).
 */
function pairRows(fold: QualifiedFold, from: number, to: number): Paired {
  const folded = new Set<number>();
  const taken = new Map<number, Set<unknown>>(); // a record without a value: the values folded into it
  const valuesOf = (record: number): Set<unknown> => {
    let values = taken.get(record);
    if (!values) taken.set(record, (values = new Set(record < from ? fold.sourceValues.all(record) : [])));
    return values;
  };
  // Written once the walk is done: the connection takes no write while a statement iterates.
  const pairs: number[] = [];
  let codesGiven = 0;
  let current = -1;
  for (const c of fold.candidates.iterate({ from, to }) as IterableIterator<Candidate>) {
    if (c.n === current || folded.has(c.m)) continue;
    const fits = c.value === null || c.earlier === c.value || (c.earlier === null && [...valuesOf(c.m)].every((v) => v === c.value));
    if (!fits) continue;
    current = c.n;
    folded.add(c.n);
    if (c.earlier === null && c.value !== null) {
      const values = valuesOf(c.m);
      if (values.size === 0) codesGiven++;
      values.add(c.value);
    }
    pairs.push(c.n, c.m);
  }
  for (let i = 0; i < pairs.length; i += 2) fold.pair.run(pairs[i], pairs[i + 1]);
  return { pairs: pairs.length / 2, codesGiven };
}

/**
 * Folds the records just written (ids from..to) that tell a fact the case already had, or that an
 * earlier row of the same file told, into sources of the first record of that fact. Returns how many
 * were folded. Runs inside the import's transaction, before vehicles are registered. `notes`: what
 * the import tells of it (fold-notes.ts): records of earlier imports given a source that were
 * changed outside ZeroMile since, codes given, numbers that differ only by leading zeros.
 */
export function foldSameFacts(db: Database.Database, kind: RecordKind, from: number, to: number, notes?: FoldNotes): number {
  const fold = prepare(db, kind);
  if (!fold || from <= 0 || to < from) return 0;
  if ('pair' in fold) createFoldTables(db);
  const before = notes ? lastSourceId(db) : 0;
  let moved: number;
  if ('pair' in fold) {
    const paired = pairRows(fold, from, to);
    if (notes) notes.codesGiven += paired.codesGiven;
    moved = 0;
    if (paired.pairs > 0) {
      moved = fold.move.run().changes;
      fold.remove.run();
      fold.clear.run();
    }
    // After the fold: a row folded is no sale to tell apart. Two codes that differ are two invoices whatever the numbers.
    if (notes && fold.zeros) {
      fillZeroPads(db, RECORD_TABLES[kind], fold.zeros.column);
      for (const [n, m] of fold.zeros.pairs.iterate({ from, to }) as IterableIterator<[number, number]>) notes.leadingZeros(kind, n, m);
    }
    if (moved === 0) return 0;
  } else {
    moved = fold.move.run({ from, to }).changes;
    if (moved > 0) fold.remove.run({ from, to });
  }
  if (notes && moved > 0) {
    notes.folded += moved;
    noteChangedOutside(db, kind, from, before, notes);
  }
  return moved;
}

function lastSourceId(db: Database.Database): number {
  return (db.prepare('SELECT max(id) FROM record_sources').pluck().get() as number | null) ?? 0;
}

/** The records of earlier imports that this fold gave a source (its rows past `before`), checked against their commit. */
function noteChangedOutside(db: Database.Database, kind: RecordKind, from: number, before: number, notes: FoldNotes): void {
  // By rowid, past the sources there were: on record_sources_record the range of earlier records is every source the case holds.
  const given = db.prepare(`SELECT s.record_id AS id, min(s.id) AS source, k.document_id AS document FROM record_sources s JOIN ${RECORD_TABLES[kind]} k ON k.id = s.record_id
    WHERE s.id > ? AND +s.record_kind = ? AND +s.record_id < ? GROUP BY s.record_id ORDER BY s.record_id`).all(before, kind, from) as (RecordOf & { source: number })[];
  const sourceOf = new Map(given.map((g) => [g.id, g.source]));
  for (const found of recordsChangedOutside(db, kind, given)) notes.changedOutside(kind, found.id, found.change, sourceOf.get(found.id)!);
}

/** The further sources of one record, oldest first. */
export function recordSourceRows(db: Database.Database, kind: RecordKind, recordId: number): RecordSourceRow[] {
  return db.prepare('SELECT * FROM record_sources WHERE record_kind = ? AND record_id = ? ORDER BY id').all(kind, recordId) as RecordSourceRow[];
}

/** Party columns of a kind, for callers that show a source's names. */
export const sourcePartyFields = (kind: RecordKind): string[] => PARTY_LINKS[kind].map((p) => p.name);
