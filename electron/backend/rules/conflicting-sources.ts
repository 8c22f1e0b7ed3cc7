import type { RecordKind } from '../../../shared/record-kinds';
import { NATURAL_KEYS, SALE_CITED_MARKED, SALE_CODE_FACTS, comparedFields } from '../casefile/record-sources';
import { RECORD_TABLES } from '../casefile/records';
import type { RuleImpl } from './rule';

/** How a record of each kind is named in the reason (its natural key without the VIN). */
const WHAT: Readonly<Partial<Record<RecordKind, string>>> = {
  sales: `'invoice ' || ${SALE_CITED_MARKED('r')}`,
  exports: "'declaration ' || r.declaration_no",
  registrations: "r.event || ' ' || r.registration_date || coalesce(' plate ' || r.plate, '')",
  shipments: "'bill of lading ' || r.bl_no",
  confirmations: "'confirmation ' || r.issued_date || ' for ' || trim(r.countries, ',')",
};

/** The same natural key as JSON, for the reason rendered in the reader's language (shared/flag-reasons.ts). */
const KEY_JSON: Readonly<Partial<Record<RecordKind, string>>> = {
  sales: `json_patch(json_object('key_no', r.invoice_no), ${SALE_CODE_FACTS('r', 'key_code', 'key_code_given')})`,
  exports: "json_object('key_no', r.declaration_no)",
  registrations: "json_object('key_event', r.event, 'key_date', r.registration_date, 'key_plate', r.plate)",
  shipments: "json_object('key_no', r.bl_no)",
  confirmations: "json_object('key_date', r.issued_date, 'key_countries', trim(r.countries, ','))",
};

/** A value as an analyst writes it: 100004, not SQLite's 100004.0. */
const shown = (value: string) => `CASE WHEN typeof(${value}) = 'real' THEN printf('%.15g', ${value}) ELSE ${value} END`;

/**
 * Two sources of one fact (record-sources.ts) disagree on a value: both values are kept, and the
 * vehicle is flagged citing the record's row and each disagreeing source's row. A source is cited
 * as its record's kind with the negative of its record_sources id (a record id is never negative),
 * with its own document and row. Found on the runner: it reads only the disagreeing sources.
 */
export const conflictingSources: RuleImpl = {
  id: 'conflicting_sources',
  onRunner: true,
  find(ctx) {
    const parts = (Object.keys(NATURAL_KEYS) as RecordKind[]).map((kind) => {
      // 'price 100004 / 99999' for each field the source disagrees on (names from RECORD_FIELDS).
      const values = comparedFields(kind).map((f) => `CASE WHEN instr(',' || s.differs || ',', ',${f},') > 0
        THEN '${f} ' || ${shown(`r.${f}`)} || ' / ' || ${shown(`json_extract(s.fields, '$.${f}')`)} || ', ' ELSE '' END`).join(' || ');
      // The same as [field, record's value, source's value] triples.
      const triples = comparedFields(kind).map((f) => `CASE WHEN instr(',' || s.differs || ',', ',${f},') > 0
        THEN json_array('${f}', ${shown(`r.${f}`)}, ${shown(`json_extract(s.fields, '$.${f}')`)}) || ',' ELSE '' END`).join(' || ');
      return `SELECT r.vin AS vin, '${kind}' AS kind, r.id AS record_id, s.id AS source_id, s.document_id, s.row_no, s.page,
        ${WHAT[kind]!} || ': ' || rtrim(${values}, ', ') AS what, s.differs,
        json_set(${KEY_JSON[kind]!}, '$.values', json('[' || rtrim(${triples}, ',') || ']')) AS detail
      FROM record_sources s INDEXED BY record_sources_differs JOIN ${RECORD_TABLES[kind]} r ON r.id = s.record_id
      WHERE s.record_kind = '${kind}' AND s.differs IS NOT NULL`;
    });
    ctx.db.exec(`
CREATE TEMP TABLE IF NOT EXISTS conflicts (vin TEXT, kind TEXT, record_id INTEGER, source_id INTEGER, document_id INTEGER, row_no INTEGER, page INTEGER, what TEXT, differs TEXT, detail TEXT);
DELETE FROM temp.conflicts;
INSERT INTO temp.conflicts ${parts.join('\nUNION ALL\n')};
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'conflicting_sources:' || vin, vin,
       printf('%d source%s disagree%s with the record: %s', count(*), CASE count(*) WHEN 1 THEN '' ELSE 's' END, CASE count(*) WHEN 1 THEN 's' ELSE '' END, group_concat(what, '; ')),
       json_object('conflicts', json_group_array(json_patch(json_object('record_kind', kind, 'record_id', record_id, 'source_id', source_id, 'fields', differs), detail))),
       NULL, NULL, NULL, NULL
FROM (SELECT * FROM temp.conflicts ORDER BY vin, kind, record_id, source_id) GROUP BY vin ORDER BY vin;
INSERT INTO temp.rule_evidence (flag_key, record_kind, record_id, document_id, row_no, page)
SELECT DISTINCT 'conflicting_sources:' || vin, kind, record_id, NULL, NULL, NULL FROM temp.conflicts
UNION ALL
SELECT 'conflicting_sources:' || vin, kind, -source_id, document_id, row_no, page FROM temp.conflicts;
DROP TABLE temp.conflicts;`);
  },
};
