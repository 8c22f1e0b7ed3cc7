import Database from 'better-sqlite3';
import { DEFAULT_RULE_PARAMS } from '../../../shared/rules';

/**
 * What a Chinese screen may show in Latin letters: the case's own values (names, file names, makes
 * and models, numbers, plates, ports: data, never translated) and a few technical names Chinese
 * software writes in Latin too. Everything else in Latin letters is text that was not translated.
 */
export const TECHNICAL_WORDS = new Set([
  'ZeroMile', 'VIN', 'WMI', 'USCC', 'ID', 'SHA', 'PDF', 'CSV', 'XLSX', 'JSON', 'JSONL', 'FtM', 'FollowTheMoney', 'GraphML', 'SVG', 'PNG',
  'OCR', 'UTC', 'km', 'Ctrl', 'Shift', 'Alt', 'Esc', 'Enter', 'Tab', 'Space', 'English', 'A4', 'Letter', 'Aleph', 'Gephi', 'yEd', 'Cytoscape',
  'CNY', 'USD', 'EUR', 'RUB', 'v', 'ISO', 'sha',
]);

/** Distinct text values of the case file that are data: party names, files, makes, models, places, numbers, pack sources. */
export function caseDataValues(casePath: string): string[] {
  const db = new Database(casePath, { readonly: true, fileMustExist: true });
  try {
    const values = new Set<string>();
    const add = (sql: string) => { for (const v of db.prepare(sql).pluck().all() as unknown[]) if (typeof v === 'string' && v.trim()) values.add(v.trim()); };
    add('SELECT name FROM parties');
    add('SELECT file_name FROM documents');
    // The coded columns (event, condition, invoice type, fuel, mode) are words to translate, and
    // vehicles.maker is the WMI table's English name: they are not taken as data.
    const tables: Record<string, string[]> = {
      vehicle_records: ['vin', 'make', 'model', 'manufacturer'],
      sales: ['invoice_no', 'seller', 'buyer'],
      registrations: ['owner', 'plate', 'city', 'province'],
      exports: ['declaration_no', 'exporter', 'consignee', 'port'],
      shipments: ['bl_no', 'carrier', 'port_of_loading', 'port_of_discharge', 'consignee'],
      confirmations: ['maker'],
    };
    for (const [table, columns] of Object.entries(tables)) for (const c of columns) add(`SELECT DISTINCT ${c} FROM ${table}`);
    // The case's properties (its title), the files' own headers (the raw cells a rejected row shows
    // under them), and what the analyst or a pack file wrote: clause ids, sources, brand lists.
    add('SELECT value FROM case_meta');
    const strings = (value: unknown, skip: ReadonlySet<string>): void => {
      if (typeof value === 'string') { if (value.trim()) values.add(value.trim()); return; }
      if (Array.isArray(value)) { for (const v of value) strings(v, skip); return; }
      if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!skip.has(k)) strings(v, skip);
    };
    for (const info of db.prepare('SELECT info FROM documents WHERE info IS NOT NULL').pluck().all() as string[]) strings(JSON.parse(info), new Set());
    for (const raw of db.prepare('SELECT raw FROM rejected_rows').pluck().all() as string[]) strings(JSON.parse(raw), new Set());
    for (const pack of db.prepare('SELECT content FROM rule_packs').pluck().all() as string[]) strings(JSON.parse(pack), new Set(['title', 'description', 'rule', 'name']));
    // Rule parameters are named as on the command line and in --params files, in either language.
    for (const name of Object.keys(DEFAULT_RULE_PARAMS)) values.add(name);
    return [...values].sort((a, b) => b.length - a.length);
  } finally {
    db.close();
  }
}

/** The Latin words of `text` left once data values, codes, numbers and technical names are taken out. */
export function untranslatedWords(text: string, data: readonly string[]): string[] {
  // Hashes first: a short data value (a number) found inside one would leave its letters as words.
  let rest = text.replace(/\b[0-9a-f]{12,}\b/g, ' ');
  for (const value of data) if (value.length >= 2 && rest.includes(value)) rest = rest.split(value).join(' ');
  rest = rest
    .replace(/\S+\.(csv|xlsx|xls|pdf|png|jpe?g|tiff?|jsonl?|txt|zmcase|ftm|graphml|svg|html)\b/gi, ' ') // file names
    .replace(/\b[A-Z0-9][A-Z0-9_./#:+-]*\b/g, ' ') // codes in capitals and digits: VINs, plates, countries, packs, clauses
    .replace(/\b[A-Z][a-z]?\b/g, ' ');
  return (rest.match(/[A-Za-z][A-Za-z'-]*[A-Za-z]/g) ?? []).filter((w) => !TECHNICAL_WORDS.has(w));
}
