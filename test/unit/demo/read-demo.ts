// Reads a generated demo back from disk, independently of the generator's writers: bytes decoded
// by their encoding, CSV parsed by papaparse, the XLSX by exceljs, headers mapped by
// shared/record-kinds.ts and cells read by the shared parsers. Rows that fail validation are
// counted as rejected, as DOMAIN.md says the import must.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDate } from '../../../shared/dates';
import { parseNumber } from '../../../shared/numbers';
import { RECORD_FIELDS, detectRecordKind, type RecordKind } from '../../../shared/record-kinds';
import { canonicalVin, isValidVin } from '../../../shared/vin';
import { parseCondition, parseCountries, parseCountry, parseEvent, parseInvoiceType, parseTransportMode } from '../../../shared/vocabulary';
import { emptyHistory, type VehicleHistory } from '../../../electron/backend/demo/records';
import type { DemoFile } from '../../../electron/backend/demo/write-demo';

export type ReadFile = { file: DemoFile; headers: string[]; rows: string[][]; kind: RecordKind | null };
export type ReadReject = { file: string; row: number; reason: string };
export type ReadDemo = { files: ReadFile[]; histories: Map<string, VehicleHistory>; rejects: ReadReject[]; vins: { file: string; row: number; vin: string }[] };

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return String(value);
}

export async function readTable(dir: string, file: DemoFile): Promise<{ headers: string[]; rows: string[][] }> {
  const path = join(dir, file.file);
  if (file.format === 'xlsx') {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const sheet = workbook.worksheets[0]!;
    const all: string[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as ExcelJS.CellValue[];
      all.push(Array.from({ length: sheet.columnCount }, (_, k) => cellText(values[k + 1] ?? null)));
    });
    return { headers: all[0]!, rows: all.slice(1) };
  }
  const bytes = readFileSync(path);
  const text = file.encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  return { headers: parsed.data[0]!, rows: parsed.data.slice(1) };
}

type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

function readCell(type: string, raw: string): Parsed {
  const text = raw.trim();
  switch (type) {
    case 'vin': {
      const vin = canonicalVin(text);
      return isValidVin(vin) ? { ok: true, value: vin } : { ok: false, reason: 'invalid_vin' };
    }
    case 'date': {
      const date = parseDate(text);
      return date ? { ok: true, value: date } : { ok: false, reason: 'bad_date' };
    }
    case 'number': return { ok: true, value: parseNumber(text) };
    case 'event': return { ok: true, value: parseEvent(text) };
    case 'condition': return { ok: true, value: parseCondition(text) };
    case 'invoice_type': return { ok: true, value: parseInvoiceType(text) };
    case 'country': return { ok: true, value: parseCountry(text) };
    case 'countries': return { ok: true, value: parseCountries(text) };
    case 'mode': return { ok: true, value: parseTransportMode(text) };
    default: return { ok: true, value: text };
  }
}

export async function readDemo(dir: string, files: DemoFile[]): Promise<ReadDemo> {
  const out: ReadDemo = { files: [], histories: new Map(), rejects: [], vins: [] };
  for (const file of files) {
    const { headers, rows } = await readTable(dir, file);
    const detection = detectRecordKind(headers);
    out.files.push({ file, headers, rows, kind: detection.ok ? detection.match.kind : null });
    if (!detection.ok) continue;
    const { kind, columns } = detection.match;
    const specs = RECORD_FIELDS[kind];
    rows.forEach((cells, k) => {
      const rowNo = k + 2; // the header is row 1, as in a spreadsheet
      const record: Record<string, unknown> = {};
      for (const spec of specs) record[spec.name] = null;
      let reason: string | null = null;
      for (const spec of specs) {
        const at = columns.indexOf(spec.name);
        const raw = at < 0 ? '' : (cells[at] ?? '');
        if (raw.trim() === '') {
          if (spec.required && !reason) reason = 'missing_field';
          continue;
        }
        const parsed = readCell(spec.type, raw);
        if (!parsed.ok) reason ??= parsed.reason;
        else record[spec.name] = parsed.value;
      }
      if (reason) {
        out.rejects.push({ file: file.file, row: rowNo, reason });
        return;
      }
      const vin = record.vin as string;
      out.vins.push({ file: file.file, row: rowNo, vin });
      let history = out.histories.get(vin);
      if (!history) out.histories.set(vin, (history = emptyHistory(vin)));
      (history[kind] as unknown[]).push(record);
    });
  }
  return out;
}
