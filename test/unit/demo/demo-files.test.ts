import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../shared/record-kinds';
import { decodeVin } from '../../../shared/vin';
import { checkPartyId } from '../../../shared/party-id';
import { writeDemo, type DemoManifest } from '../../../electron/backend/demo/write-demo';
import { tempDir } from '../../support/paths';
import { readDemo, readTable, type ReadDemo } from './read-demo';

const VEHICLES = 400;
let work: { dir: string; remove: () => void };
let first: DemoManifest;
let again: DemoManifest;
let other: DemoManifest;
let read: ReadDemo;

beforeAll(async () => {
  work = tempDir('zeromile-demo-');
  first = await writeDemo(join(work.dir, 'a'), { vehicles: VEHICLES, seed: 7 });
  again = await writeDemo(join(work.dir, 'b'), { vehicles: VEHICLES, seed: 7 });
  other = await writeDemo(join(work.dir, 'c'), { vehicles: VEHICLES, seed: 8 });
  read = await readDemo(first.dir, first.files);
}, 120_000);
afterAll(() => work.remove());

describe('zeromile demo: the files', () => {
  it('is byte for byte the same for a seed and differs between seeds', async () => {
    for (const [a, b] of first.files.map((f, k) => [f, again.files[k]!] as const)) {
      expect(b.file).toBe(a.file);
      expect(b.rows).toBe(a.rows);
      expect(b.sha256, a.file).toBe(a.sha256);
      if (a.format === 'xlsx') expect(await readTable(again.dir, b)).toEqual(await readTable(first.dir, a));
    }
    expect(readFileSync(again.truth_file, 'utf8')).toBe(readFileSync(first.truth_file, 'utf8'));
    const changed = other.files.filter((f, k) => f.sha256 !== first.files[k]!.sha256);
    expect(changed.length).toBe(first.files.length);
  });

  it('holds every record kind, both header languages, every date style and encoding, and one XLSX', () => {
    const files = first.files;
    expect(new Set(files.map((f) => f.kind))).toEqual(new Set(RECORD_KINDS));
    expect(new Set(files.map((f) => f.encoding))).toEqual(new Set(['utf8', 'utf8-bom', 'gb18030']));
    expect(new Set(files.map((f) => f.date_style))).toEqual(new Set(['iso', 'slash', 'compact', 'zh', 'serial']));
    expect(new Set(files.map((f) => f.header_language))).toEqual(new Set(['zh', 'en']));
    expect(files.filter((f) => f.format === 'xlsx')).toHaveLength(1);
    for (const kind of RECORD_KINDS) expect(first.records[kind], kind).toBeGreaterThan(0);
  });

  it('writes the encodings it names', () => {
    for (const f of first.files.filter((x) => x.format === 'csv')) {
      const bytes = readFileSync(join(first.dir, f.file));
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      expect(bom, f.file).toBe(f.encoding === 'utf8-bom');
      const asUtf8 = (): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      if (f.encoding === 'gb18030') expect(asUtf8, f.file).toThrow();
      else expect(asUtf8, f.file).not.toThrow();
    }
  });

  it('writes dates in the style each file names', () => {
    const patterns: Record<string, RegExp> = {
      iso: /^\d{4}-\d{2}-\d{2}$/, slash: /^\d{4}\/\d{1,2}\/\d{1,2}$/, compact: /^\d{8}$/, zh: /^\d{4}年\d{1,2}月\d{1,2}日$/,
      // exceljs reads a serial in a date-formatted cell back as a date.
      serial: /^\d{4}-\d{2}-\d{2}$/,
    };
    const dateHeaders = /日期|date/i;
    for (const r of read.files) {
      const column = r.headers.findIndex((h) => dateHeaders.test(h));
      expect(column, r.file.file).toBeGreaterThanOrEqual(0);
      const rejected = new Set(first.rejects.filter((x) => x.file === r.file.file).map((x) => x.row));
      const cells = r.rows.filter((_, k) => !rejected.has(k + 2)).map((row) => row[column] ?? '');
      const wrong = cells.filter((c) => c !== '' && !patterns[r.file.date_style]!.test(c));
      expect(wrong.slice(0, 3), r.file.file).toEqual([]);
    }
  });

  it('stores XLSX dates as Excel serial numbers', async () => {
    const xlsx = first.files.find((f) => f.format === 'xlsx')!;
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(first.dir, xlsx.file));
    const cell = workbook.worksheets[0]!.getRow(2).getCell(2);
    expect(cell.numFmt).toMatch(/y/);
    // The value is a date held as a number in the file: exceljs gives a Date, the XML a serial.
    expect(cell.value).toBeInstanceOf(Date);
    expect(xlsx.rows).toBeLessThanOrEqual(2_001);
  });

  it('uses headers that shared/record-kinds recognises as the kind each file holds', () => {
    for (const r of read.files) expect(r.kind, `${r.file.file}: ${r.headers.join(', ')}`).toBe(r.file.kind);
  });

  it('counts its rows, and every row rejected is a planted bad row', () => {
    for (const r of read.files) {
      expect(r.rows.length, r.file.file).toBe(r.file.rows);
      expect(r.file.imported + r.file.rejected).toBe(r.file.rows);
    }
    const key = (x: { file: string; row: number; reason: string }): string => `${x.file}#${x.row}#${x.reason}`;
    expect(read.rejects.map(key).sort()).toEqual(first.rejects.map(key).sort());
    expect(new Set(first.rejects.map((r) => r.reason))).toEqual(new Set(['invalid_vin', 'bad_date', 'missing_field']));
    const total = (m: DemoManifest): number => Object.values(m.records).reduce((a, b) => a + b, 0);
    expect(read.vins).toHaveLength(total(first));
  });

  it('gives every vehicle a valid VIN of a Chinese maker with a model year near its production date', () => {
    const wmis = new Set(['LGX', 'LS5', 'LVV', 'LGW', 'LSV', 'LFV', 'LGB', 'LSG']);
    expect(read.histories.size).toBe(VEHICLES);
    for (const [vin, h] of read.histories) {
      const decoded = decodeVin(vin);
      expect(decoded.valid).toBe(true);
      expect(wmis.has(decoded.wmi!)).toBe(true);
      expect(h.vehicles).toHaveLength(1);
      const produced = Number(h.vehicles[0]!.production_date!.slice(0, 4));
      expect(decoded.model_year! - produced).toBeGreaterThanOrEqual(0);
      expect(decoded.model_year! - produced).toBeLessThanOrEqual(1);
    }
  });

  it('gives parties valid USCCs and person ids, plates in the Chinese style, consignees in Latin and Cyrillic', () => {
    const ids: string[] = [];
    const plates: string[] = [];
    const consignees = new Set<string>();
    const countries = new Set<string>();
    for (const h of read.histories.values()) {
      for (const v of h.vehicles) ids.push(v.manufacturer_id!);
      for (const s of h.sales) ids.push(s.seller_id!, s.buyer_id!);
      for (const r of h.registrations) {
        ids.push(r.owner_id!);
        plates.push(r.plate!);
      }
      for (const e of h.exports) {
        ids.push(e.exporter_id!);
        consignees.add(e.consignee!);
        countries.add(e.destination_country);
      }
    }
    const kinds = new Set<string>();
    for (const id of ids) {
      const check = checkPartyId(id);
      expect(check.valid, id).toBe(true);
      kinds.add(check.kind);
    }
    expect(kinds).toEqual(new Set(['uscc', 'person_id']));
    for (const plate of plates) expect(plate).toMatch(/^[\u4e00-\u9fff][A-Z]·[A-Z0-9]{5,6}$/);
    expect([...consignees].some((c) => /[А-Яа-я]/.test(c))).toBe(true);
    expect([...consignees].some((c) => /^[A-Za-z]/.test(c))).toBe(true);
    for (const country of ['RU', 'KZ', 'KG', 'AE']) expect(countries.has(country), country).toBe(true);
  });

  it('refuses a demo too small to hold every planted case', async () => {
    await expect(writeDemo(join(work.dir, 'tiny'), { vehicles: 20 })).rejects.toThrow(/--vehicles/);
  });
});
